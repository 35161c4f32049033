"""The codes a flow and an SCC agreement are recorded with."""

from django.db import models


class PartyRole(models.TextChoices):
    """A role in one flow: a reseller may be controller in one flow and processor in another."""

    CONTROLLER = "controller", "Controller"
    PROCESSOR = "processor", "Processor"


class LegalTool(models.TextChoices):
    ADEQUACY = "adequacy", "Adequacy decision (Art. 45)"
    SCC = "scc", "Standard Contractual Clauses (Art. 46(2)(c))"
    BCR = "bcr", "Binding corporate rules (Art. 47)"
    DEROGATION = "derogation", "Derogation (Art. 49)"
    NONE_NEEDED = "none_needed", "None needed (not a restricted transfer)"


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    PERIODIC = "periodic", "Periodic"
    CONTINUOUS = "continuous", "Continuous"


class TransferState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class SccInstrument(models.TextChoices):
    SCC_2021 = "scc-2021/914", "EU SCCs 2021/914"
    SCC_2010 = "scc-2010/87", "EU SCCs 2010/87 (controller to processor, repealed)"
    SCC_2004 = "scc-2004/915", "EU SCCs 2004/915 (set II, repealed)"
    SCC_2001 = "scc-2001/497", "EU SCCs 2001/497 (set I, repealed)"
    UK_IDTA = "uk-idta", "UK International Data Transfer Agreement"


class Clause9Option(models.IntegerChoices):
    SPECIFIC = 1, "Option 1: specific prior authorisation"
    GENERAL = 2, "Option 2: general written authorisation"


class Clause13Variant(models.TextChoices):
    ESTABLISHED = "established", "Exporter established in an EU Member State"
    REPRESENTATIVE = "representative", "Art. 3(2) exporter with an Art. 27 representative"
    NO_REPRESENTATIVE = "no_representative", "Art. 3(2) exporter without a representative"


class Clause17Option(models.IntegerChoices):
    OPTION_1 = 1, "Option 1: law of the Member State named"
    OPTION_2 = 2, "Option 2: law of the exporter's Member State, else the one named"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    TERMINATED = "terminated", "Terminated"


class UkAddendumEndingParty(models.TextChoices):
    IMPORTER = "importer", "Importer"
    EXPORTER = "exporter", "Exporter"
    BOTH = "both", "Importer and exporter"
    NEITHER = "neither", "Neither party"
