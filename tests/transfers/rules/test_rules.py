"""Table-driven tests of the transfer rules. Each case states the situation, the expected answer
and, in a comment, the source it comes from:

- primer: /work/shared/legal/README.md (section numbers)
- EDPB 05/2021: Guidelines 05/2021 on the interplay of Art. 3 and Chapter V (v2.0), examples
- SCC decision: Commission Implementing Decision (EU) 2021/914 (articles, recitals, clauses)
- Commission Q&A: the Commission's Q&A on the 2021 SCCs (May 2022)
- reference data: the row of transfers/data/*.yaml that carries the date, itself sourced there

The defaults of `facts()` are an Irish controller sending data to a US processor on 2024-03-01
with an approved TIA.
"""

import dataclasses
import datetime as dt

import pytest

from tests.transfers.builders import facts, reference, safeguard
from transfers.rules.codes import ACTION_REQUIRED, COMPLIANT, FINDING_CODES, NOT_PERMITTED
from transfers.rules.decision import decide, status_for, worst_status
from transfers.rules.facts import RecordedFacts, TransferFacts
from transfers.rules.outcomes import Decision, Finding
from transfers.rules.reference import (
    AdequacyDecision,
    ReferenceData,
    ReferenceDataError,
    ruleset_version,
)
from transfers.rules.reference_data import load_reference_data

SCC = "scc-2021/914"
OLD = "scc-2010/87"
DPF = "EU-US DPF"
TCA = "EU-UK Trade and Cooperation Agreement, Art. FINPROV.10A"
UK_2021 = "(EU) 2021/1772"
UK_LIST = "DPA 2018, Sch. 21, para. 5"
UK_US = "Data Protection (Adequacy) (United States of America) Regulations 2023"
UK_KR = "Data Protection (Adequacy) (Republic of Korea) Regulations 2022"
CH_LIST = "Annex 1 DPO (SR 235.11)"
CH_US = "Annex 1 DPO (SR 235.11), as amended for the Swiss-US DPF"
BRAZIL = "Brazil, 27 Jan 2026 (OJ reference not recorded)"
GB_EXPORTER = ("GB", "controller", "establishment")
CH_EXPORTER = ("CH", "controller", "establishment")
DE_PROCESSOR = ("DE", "processor", "establishment")


def case(case_id: str, transfer, **expect):
    return pytest.param(transfer, expect, id=case_id)


CASES = [
    # ------------------------------------------------------------ is it a transfer at all?
    # EDPB 05/2021, Example 1: the data subject gives her data to a third-country website.
    case(
        "ex1-direct-collection",
        facts(exporter=None, importer=("SG", "controller")),
        restricted=False,
        lawful=True,
        status=COMPLIANT,
        codes={"processing-abroad": "info"},
    ),
    # primer section 2: direct collection is not a transfer, whoever else is recorded.
    case(
        "direct-collection-flag",
        facts(flow={"direct_collection": True}),
        restricted=False,
        lawful=True,
        adequacy=None,
        module=None,
        tia=False,
    ),
    # EDPB 05/2021, Example 2: an Art. 3(2) controller uses a processor outside the EU.
    case(
        "ex2-art3-2-controller-to-processor",
        facts(exporter=("SG", "controller", "art3_2"), importer=("SG", "processor")),
        restricted=True,
        lawful=False,
        module=2,
        tia=True,
        status=NOT_PERMITTED,
        codes={"no-safeguard": "error", "clause-13-authority": "info"},
        authority_contains="third option",
    ),
    # EDPB 05/2021, Example 3; SCC decision recital 16 and Clause 14 (Module Four only where
    # the EU processor combines data): returning the controller's own data needs no TIA.
    case(
        "ex3-processor-returns-data-module-four",
        facts(
            exporter=DE_PROCESSOR,
            importer=("US", "controller"),
            tia="none",
            flow={"returns_only_data_received_from_importer": True},
            safeguard=safeguard(SCC, 4),
        ),
        restricted=True,
        lawful=True,
        module=4,
        tia=False,
        status=COMPLIANT,
        absent={"tia-missing"},
    ),
    # EDPB 05/2021, Example 4: an EU processor sends data to a sub-processor abroad: Module Three.
    case(
        "ex4-sub-processor-module-three",
        facts(exporter=DE_PROCESSOR, importer=("IN", "processor"), safeguard=safeguard(SCC, 3)),
        restricted=True,
        lawful=True,
        module=3,
        tia=True,
        status=COMPLIANT,
    ),
    # EDPB 05/2021, Example 5: an employee on a business trip accesses the data remotely.
    case(
        "ex5-employee-on-business-trip",
        facts(
            exporter=("PL", "controller", "establishment"),
            importer=("IN", "controller"),
            same_entity=True,
            flow={"employee_access": True},
        ),
        restricted=False,
        lawful=True,
        status=COMPLIANT,
        codes={"processing-abroad": "info"},
        reason_contains="own employee",
    ),
    # EDPB 05/2021, Example 6; primer section 2 ("same group is not same legal entity"): a
    # subsidiary sharing with its parent abroad is a transfer between controllers.
    case(
        "ex6-subsidiary-to-parent",
        facts(exporter=("FR", "controller", "establishment"), importer=("US", "controller")),
        restricted=True,
        lawful=False,
        module=1,
        status=NOT_PERMITTED,
        codes={"certification-missing": "error", "no-safeguard": "error"},
    ),
    # primer section 2, criterion 2: making data available by remote access is a disclosure.
    case(
        "remote-access-is-a-transfer",
        facts(
            importer=("IN", "processor"),
            flow={"remote_access_only": True},
            safeguard=safeguard(SCC, 2),
        ),
        restricted=True,
        lawful=True,
        module=2,
        reason_contains="by remote access",
    ),
    # EDPB 05/2021, Example 12: an EU processor owned by a third-country parent is inside the EU.
    case(
        "ex12-eu-processor-of-foreign-group",
        facts(exporter=("DK", "controller", "establishment"), importer=("IE", "processor")),
        restricted=False,
        lawful=True,
        status=COMPLIANT,
        absent={"processing-abroad"},
    ),
    # primer section 2: the EEA is the EU plus Iceland, Liechtenstein and Norway.
    case(
        "inside-eea-to-norway",
        facts(exporter=("FR", "controller", "establishment"), importer=("NO", "processor")),
        restricted=False,
        lawful=True,
        reason_contains="inside the EEA",
    ),
    # EDPB 05/2021, criterion 1: the exporter must be subject to the GDPR for the processing.
    case(
        "exporter-not-subject-to-gdpr",
        facts(exporter=("US", "controller", "no"), importer=("IN", "processor")),
        restricted=False,
        lawful=True,
    ),
    # EDPB 05/2021, criterion 3 ("irrespective of whether the importer is subject to the GDPR");
    # Commission Q&A and SCC decision Art. 1 / recital 7: a warning (action required), not a block.
    case(
        "importer-subject-to-art3-2-still-a-transfer",
        facts(art3_2=True, importer=("IN", "processor"), safeguard=safeguard(SCC, 2)),
        restricted=True,
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"importer-subject-to-gdpr": "warning"},
    ),
    # primer section 2: only an employee of the same legal entity is not an importer.
    case(
        "employee-of-group-company-is-a-transfer",
        facts(
            importer=("IN", "controller"),
            flow={"employee_access": True},
            safeguard=safeguard(SCC, 1),
        ),
        restricted=True,
        lawful=True,
        module=1,
        reason_contains="another legal entity",
    ),
    # reference data countries.yaml GB (Withdrawal Agreement Art. 126-127): EU until 2020-12-31.
    case(
        "gb-inside-eu-last-day-of-transition",
        facts(
            exporter=("FR", "controller", "establishment"),
            importer=("GB", "processor"),
            on="2020-12-31",
        ),
        restricted=False,
        lawful=True,
    ),
    # reference data adequacy.yaml (TCA Art. FINPROV.10A bridge from 2021-01-01).
    case(
        "gb-bridge-first-day",
        facts(
            exporter=("FR", "controller", "establishment"),
            importer=("GB", "processor"),
            on="2021-01-01",
        ),
        restricted=True,
        lawful=True,
        adequacy=TCA,
        tia=False,
    ),
    # reference data adequacy.yaml (bridge until 2021-06-27).
    case(
        "gb-bridge-last-day",
        facts(importer=("GB", "processor"), on="2021-06-27"),
        adequacy=TCA,
        lawful=True,
    ),
    # primer section 3: UK adequacy (EU) 2021/1772 from 28 Jun 2021, excluding immigration data.
    case(
        "gb-adequacy-first-day",
        facts(importer=("GB", "processor"), on="2021-06-28"),
        adequacy=UK_2021,
        lawful=True,
        status=COMPLIANT,
        codes={"adequacy-sector-exclusions": "info"},
    ),
    # primer section 3: renewed until 27 Dec 2031.
    case(
        "gb-adequacy-last-day",
        facts(importer=("GB", "processor"), on="2031-12-27"),
        adequacy=UK_2021,
        lawful=True,
    ),
    # primer section 3: after 27 Dec 2031 no adequacy unless renewed again.
    case(
        "gb-adequacy-day-after-end",
        facts(importer=("GB", "processor"), on="2031-12-28"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-ended": "error", "no-safeguard": "error"},
    ),
    # ------------------------------------------------------------------- EU adequacy
    # primer section 3: Switzerland, 2000/518/EC; adequacy needs no TIA.
    case(
        "switzerland-full-adequacy",
        facts(importer=("CH", "processor")),
        restricted=True,
        lawful=True,
        adequacy="2000/518/EC",
        module=None,
        tia=False,
        status=COMPLIANT,
        scope="full",
    ),
    # primer section 3: Canada only for commercial organisations; unknown is a warning.
    case(
        "canada-commercial-status-unknown",
        facts(importer=("CA", "processor")),
        adequacy="2002/2/EC",
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"adequacy-scope-unconfirmed": "warning"},
        scope_contains="partial",
    ),
    # primer section 3: Canada, commercial organisation: covered.
    case(
        "canada-commercial",
        facts(importer=("CA", "processor"), commercial=True),
        adequacy="2002/2/EC",
        lawful=True,
        status=COMPLIANT,
    ),
    # primer section 3: Canada, not a commercial organisation: not covered.
    case(
        "canada-not-commercial",
        facts(importer=("CA", "processor"), commercial=False),
        adequacy=None,
        lawful=False,
        module=2,
        tia=True,
        codes={"adequacy-scope-not-met": "error", "no-safeguard": "error"},
    ),
    # primer section 3 and 4: partial scope not met, SCCs in place instead.
    case(
        "canada-not-commercial-with-sccs",
        facts(importer=("CA", "processor"), commercial=False, safeguard=safeguard(SCC, 2)),
        adequacy=None,
        lawful=True,
        status=COMPLIANT,
        codes={"adequacy-scope-not-met": "info"},
    ),
    # primer section 3: Japan, private sector under the APPI.
    case(
        "japan-sector-exclusions",
        facts(importer=("JP", "processor")),
        adequacy="(EU) 2019/419",
        lawful=True,
        status=COMPLIANT,
        codes={"adequacy-sector-exclusions": "info"},
    ),
    # primer section 3: Korea from 17 Dec 2021 (day before).
    case(
        "korea-day-before",
        facts(importer=("KR", "processor"), on="2021-12-16"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # primer section 3: Korea from 17 Dec 2021.
    case(
        "korea-first-day",
        facts(importer=("KR", "processor"), on="2021-12-17"),
        adequacy="(EU) 2022/254",
        lawful=True,
    ),
    # primer section 3 [C]: EU-US DPF from 10 Jul 2023 (day before).
    case(
        "dpf-day-before",
        facts(certs=(DPF,), on="2023-07-09"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # primer section 3 [C]: EU-US DPF from 10 Jul 2023.
    case(
        "dpf-first-day",
        facts(certs=(DPF,), on="2023-07-10"),
        adequacy="(EU) 2023/1795",
        lawful=True,
        tia=False,
        status=COMPLIANT,
        scope_contains="Data Privacy Framework",
    ),
    # primer section 3: a lapsed DPF certification gives no adequacy.
    case(
        "dpf-certification-lapsed",
        facts(certs=((DPF, "2023-08-01", "2025-02-28"),), on="2025-03-01"),
        adequacy=None,
        lawful=False,
        status=NOT_PERMITTED,
        codes={"certification-lapsed": "error"},
        message_contains={"certification-lapsed": "was valid only until 2025-02-28"},
    ),
    # primer section 3: the last day of a certification still counts.
    case(
        "dpf-certification-last-valid-day",
        facts(certs=((DPF, "2023-08-01", "2025-02-28"),), on="2025-02-28"),
        adequacy="(EU) 2023/1795",
        lawful=True,
    ),
    # primer section 3: a certification that starts later does not cover today's transfer.
    case(
        "dpf-certification-not-yet-valid",
        facts(certs=((DPF, "2024-06-01", None),), on="2024-03-01"),
        adequacy=None,
        lawful=False,
        codes={"certification-not-yet-valid": "error"},
    ),
    # primer sections 3-4: a US importer without DPF relies on SCCs; the gap is only info.
    case(
        "us-not-certified-with-sccs",
        facts(safeguard=safeguard(SCC, 2)),
        adequacy=None,
        lawful=True,
        module=2,
        tia=True,
        status=COMPLIANT,
        codes={"certification-missing": "info"},
    ),
    # CJEU C-362/14 (6 Oct 2015): Safe Harbor invalid from the day of the judgment, so the day
    # before is its last day.
    case(
        "safe-harbor-last-day",
        facts(certs=("Safe Harbor",), on="2015-10-05"),
        adequacy="2000/520/EC",
        lawful=True,
    ),
    # CJEU C-362/14: no basis on the day of the judgment.
    case(
        "safe-harbor-judgment-day",
        facts(certs=("Safe Harbor",), on="2015-10-06"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-ended": "error"},
    ),
    # reference data adequacy.yaml: Safe Harbor from 26 Jul 2000 (day before).
    case(
        "safe-harbor-day-before-start",
        facts(certs=("Safe Harbor",), on="2000-07-25"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # reference data adequacy.yaml: Safe Harbor from 26 Jul 2000.
    case(
        "safe-harbor-first-day",
        facts(certs=("Safe Harbor",), on="2000-07-26"),
        adequacy="2000/520/EC",
        lawful=True,
    ),
    # reference data adequacy.yaml: Privacy Shield from 1 Aug 2016 (day before).
    case(
        "privacy-shield-day-before",
        facts(certs=("EU-US Privacy Shield",), on="2016-07-31"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # reference data adequacy.yaml: Privacy Shield from 1 Aug 2016.
    case(
        "privacy-shield-first-day",
        facts(certs=("EU-US Privacy Shield",), on="2016-08-01"),
        adequacy="(EU) 2016/1250",
        lawful=True,
    ),
    # CJEU C-311/18 (16 Jul 2020): Privacy Shield invalid from the day of the judgment, so the
    # day before is its last day.
    case(
        "privacy-shield-last-day",
        facts(certs=("EU-US Privacy Shield",), on="2020-07-15"),
        adequacy="(EU) 2016/1250",
        lawful=True,
    ),
    # CJEU C-311/18: no basis on the day of the judgment.
    case(
        "privacy-shield-judgment-day",
        facts(certs=("EU-US Privacy Shield",), on="2020-07-16"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-ended": "error"},
    ),
    # primer section 3: a Privacy Shield certification is not a DPF certification.
    case(
        "privacy-shield-certification-in-2024",
        facts(certs=("EU-US Privacy Shield",)),
        adequacy=None,
        lawful=False,
        codes={"adequacy-ended": "error", "certification-missing": "error"},
    ),
    # primer section 3: Brazil from 27 Jan 2026 (day before).
    case(
        "brazil-day-before",
        facts(importer=("BR", "processor"), on="2026-01-26"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # primer section 3: Brazil from 27 Jan 2026.
    case(
        "brazil-first-day",
        facts(importer=("BR", "processor"), on="2026-01-27"),
        adequacy=BRAZIL,
        lawful=True,
    ),
    # ------------------------------------------------------------------------ UK GDPR
    # primer section 3: the UK's list covers the EEA.
    case(
        "uk-to-eea",
        facts(regime="UK", exporter=GB_EXPORTER, importer=("FR", "processor")),
        restricted=True,
        adequacy=UK_LIST,
        lawful=True,
        tia=False,
    ),
    # primer section 3: UK Extension from 12 Oct 2023 (day before).
    case(
        "uk-extension-day-before",
        facts(regime="UK", exporter=GB_EXPORTER, certs=("UK Extension",), on="2023-10-11"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # primer section 3: UK Extension from 12 Oct 2023.
    case(
        "uk-extension-first-day",
        facts(regime="UK", exporter=GB_EXPORTER, certs=("UK Extension",), on="2023-10-12"),
        adequacy=UK_US,
        lawful=True,
        tia=False,
    ),
    # primer section 3: the UK recognises only the UK Extension, not the EU-US DPF alone.
    case(
        "uk-with-eu-us-dpf-only",
        facts(regime="UK", exporter=GB_EXPORTER, certs=(DPF,)),
        adequacy=None,
        lawful=False,
        codes={"certification-wrong-programme": "error"},
    ),
    # primer section 3: Korea on the UK list from 19 Dec 2022 (day before).
    case(
        "uk-korea-day-before",
        facts(regime="UK", exporter=GB_EXPORTER, importer=("KR", "processor"), on="2022-12-18"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # primer section 3: Korea on the UK list from 19 Dec 2022.
    case(
        "uk-korea-first-day",
        facts(regime="UK", exporter=GB_EXPORTER, importer=("KR", "processor"), on="2022-12-19"),
        adequacy=UK_KR,
        lawful=True,
    ),
    # primer section 2 applied to the UK: a flow inside the UK is not a transfer.
    case(
        "uk-inside-uk",
        facts(regime="UK", exporter=GB_EXPORTER, importer=("GB", "processor")),
        restricted=False,
        lawful=True,
    ),
    # reference data countries.yaml GB: before 2021 the UK was in the EU; EU rules applied.
    case(
        "uk-regime-before-end-of-transition",
        facts(regime="UK", exporter=GB_EXPORTER, importer=("FR", "processor"), on="2020-06-01"),
        restricted=False,
        lawful=True,
        codes={"governed-by-eu-gdpr": "info"},
    ),
    # primer section 3: otherwise the IDTA or the Addendum.
    case(
        "uk-no-safeguard",
        facts(regime="UK", exporter=GB_EXPORTER, importer=("IN", "processor")),
        restricted=True,
        lawful=False,
        module=2,
        tia=True,
        message_contains={"no-safeguard": "International Data Transfer Agreement"},
    ),
    # primer section 3: the IDTA, in force 21 Mar 2022; it has no modules.
    case(
        "uk-idta-valid",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard("uk-idta", signed="2022-05-01"),
        ),
        lawful=True,
        module=None,
        tia=True,
        status=COMPLIANT,
    ),
    # primer section 3: the IDTA could not be concluded before 21 Mar 2022.
    case(
        "uk-idta-signed-day-before",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard("uk-idta", signed="2022-03-20"),
        ),
        lawful=False,
        codes={"safeguard-not-available": "error"},
    ),
    # primer section 3: the IDTA from 21 Mar 2022.
    case(
        "uk-idta-signed-first-day",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard("uk-idta", signed="2022-03-21"),
        ),
        lawful=True,
    ),
    # primer section 3: the Addendum to the EU SCCs, with the module of the roles; the ICO.
    case(
        "uk-addendum-module-two",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard("uk-addendum", 2, signed="2022-05-01"),
        ),
        lawful=True,
        module=2,
        status=COMPLIANT,
        authority_contains="Information Commissioner",
    ),
    # primer section 3, Addendum Part 1 table 2 (the module chosen).
    case(
        "uk-addendum-module-missing",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard("uk-addendum", signed="2022-05-01"),
        ),
        lawful=False,
        codes={"module-missing": "error"},
    ),
    # primer section 3: the EU SCCs work for the UK only with the Addendum.
    case(
        "uk-eu-sccs-alone",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard(SCC, 2),
        ),
        lawful=False,
        codes={"safeguard-wrong-regime": "error"},
    ),
    # primer section 4: old EU SCCs worked for the UK until 21 Mar 2024 (last day).
    case(
        "uk-old-sccs-last-day",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            on="2024-03-21",
            safeguard=safeguard(OLD, signed="2022-09-21"),
        ),
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"safeguard-transitional": "warning"},
    ),
    # primer section 4: no basis from 22 Mar 2024.
    case(
        "uk-old-sccs-day-after",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            on="2024-03-22",
            safeguard=safeguard(OLD, signed="2022-09-21"),
        ),
        lawful=False,
        codes={"safeguard-expired": "error"},
    ),
    # reference data instruments.yaml [M]: UK contracts on old SCCs only until 21 Sep 2022.
    case(
        "uk-old-sccs-signed-after-cut-off",
        facts(
            regime="UK",
            exporter=GB_EXPORTER,
            importer=("IN", "processor"),
            on="2023-01-01",
            safeguard=safeguard(OLD, signed="2022-09-22"),
        ),
        lawful=False,
        codes={"safeguard-repealed": "error"},
    ),
    # ---------------------------------------------------------------------- Swiss FADP
    # primer section 3: Swiss-US DPF from 15 Sep 2024 (day before).
    case(
        "ch-swiss-dpf-day-before",
        facts(regime="CH", exporter=CH_EXPORTER, certs=("Swiss-US DPF",), on="2024-09-14"),
        adequacy=None,
        lawful=False,
        codes={"adequacy-not-yet-in-force": "error"},
    ),
    # primer section 3: Swiss-US DPF from 15 Sep 2024.
    case(
        "ch-swiss-dpf-first-day",
        facts(regime="CH", exporter=CH_EXPORTER, certs=("Swiss-US DPF",), on="2024-09-15"),
        adequacy=CH_US,
        lawful=True,
        tia=False,
    ),
    # primer section 3: Switzerland recognises only the Swiss-US DPF.
    case(
        "ch-with-eu-us-dpf-only",
        facts(regime="CH", exporter=CH_EXPORTER, certs=(DPF,), on="2024-10-01"),
        adequacy=None,
        lawful=False,
        codes={"certification-wrong-programme": "error"},
    ),
    # primer section 3: the Swiss list covers the EEA.
    case(
        "ch-to-germany",
        facts(regime="CH", exporter=CH_EXPORTER, importer=("DE", "processor")),
        restricted=True,
        adequacy=CH_LIST,
        lawful=True,
    ),
    # primer section 2 applied to Switzerland: a flow inside Switzerland is not a transfer.
    case(
        "ch-inside-switzerland",
        facts(regime="CH", exporter=CH_EXPORTER, importer=("CH", "processor")),
        restricted=False,
        lawful=True,
    ),
    # primer section 3: the EU SCCs with the FDPIC's adaptations; the FDPIC is competent.
    case(
        "ch-eu-sccs-with-adaptations",
        facts(
            regime="CH",
            exporter=CH_EXPORTER,
            importer=("IN", "processor"),
            safeguard=safeguard(SCC, 2),
        ),
        lawful=True,
        module=2,
        status=COMPLIANT,
        codes={"safeguard-condition": "info"},
        authority_contains="FDPIC",
    ),
    # reference data instruments.yaml: FDPIC recognised the 2021 SCCs from 27 Aug 2021.
    case(
        "ch-eu-sccs-signed-before-recognition",
        facts(
            regime="CH",
            exporter=CH_EXPORTER,
            importer=("IN", "processor"),
            on="2022-01-01",
            safeguard=safeguard(SCC, 2, signed="2021-08-26"),
        ),
        lawful=False,
        codes={"safeguard-not-available": "error"},
    ),
    # primer section 4: old SCCs in Switzerland until 31 Dec 2022 (last day).
    case(
        "ch-old-sccs-last-day",
        facts(
            regime="CH",
            exporter=CH_EXPORTER,
            importer=("IN", "processor"),
            on="2022-12-31",
            safeguard=safeguard(OLD, signed="2020-01-01"),
        ),
        lawful=True,
        codes={"safeguard-transitional": "warning"},
    ),
    # primer section 4: no basis from 1 Jan 2023.
    case(
        "ch-old-sccs-day-after",
        facts(
            regime="CH",
            exporter=CH_EXPORTER,
            importer=("IN", "processor"),
            on="2023-01-01",
            safeguard=safeguard(OLD, signed="2020-01-01"),
        ),
        lawful=False,
        codes={"safeguard-expired": "error"},
    ),
    # reference data adequacy.yaml [M]: the UK on the Swiss list.
    case(
        "ch-to-uk",
        facts(regime="CH", exporter=CH_EXPORTER, importer=("GB", "processor")),
        adequacy=CH_LIST,
        lawful=True,
    ),
    # ----------------------------------------------------------------- EU safeguards
    # SCC decision Art. 4(1): in force 27 Jun 2021; a contract before that cannot rest on it.
    case(
        "scc-2021-signed-day-before-in-force",
        facts(
            importer=("IN", "processor"),
            on="2021-07-01",
            safeguard=safeguard(SCC, 2, signed="2021-06-26"),
        ),
        lawful=False,
        codes={"safeguard-not-available": "error"},
    ),
    # SCC decision Art. 4(1): in force 27 Jun 2021.
    case(
        "scc-2021-signed-first-day",
        facts(
            importer=("IN", "processor"),
            on="2021-07-01",
            safeguard=safeguard(SCC, 2, signed="2021-06-27"),
        ),
        lawful=True,
        module=2,
    ),
    # SCC decision Art. 4(3)-(4): signed before 27 Sep 2021, valid until 27 Dec 2022.
    case(
        "old-sccs-last-day-of-transition",
        facts(
            importer=("IN", "processor"),
            on="2022-12-27",
            safeguard=safeguard(OLD, signed="2021-09-26"),
        ),
        lawful=True,
        module=2,
        status=ACTION_REQUIRED,
        codes={"safeguard-transitional": "warning"},
    ),
    # SCC decision Art. 4(4): no basis after 27 Dec 2022.
    case(
        "old-sccs-day-after-transition",
        facts(
            importer=("IN", "processor"),
            on="2022-12-28",
            safeguard=safeguard(OLD, signed="2021-09-26"),
        ),
        lawful=False,
        status=NOT_PERMITTED,
        codes={"safeguard-expired": "error"},
    ),
    # SCC decision Art. 4(3)-(4): a contract concluded on 27 Sep 2021 is not grandfathered.
    case(
        "old-sccs-signed-on-repeal-day",
        facts(
            importer=("IN", "processor"),
            on="2022-01-10",
            safeguard=safeguard(OLD, signed="2021-09-27"),
        ),
        lawful=False,
        codes={"safeguard-repealed": "error"},
    ),
    # SCC decision Art. 4(4): only while the processing operations remain unchanged.
    case(
        "old-sccs-processing-changed",
        facts(
            importer=("IN", "processor"),
            on="2022-06-01",
            safeguard=safeguard(OLD, signed="2020-01-01", changed=True),
        ),
        lawful=False,
        codes={"safeguard-processing-changed": "error"},
    ),
    # SCC decision Art. 4(3): before the repeal the 2010 SCCs were simply valid.
    case(
        "old-sccs-before-repeal",
        facts(
            importer=("IN", "processor"),
            on="2020-01-01",
            safeguard=safeguard(OLD, signed="2019-01-01"),
        ),
        lawful=True,
        status=COMPLIANT,
        absent={"safeguard-transitional"},
    ),
    # SCC decision recital 5: 2010/87/EU covers controller-to-processor transfers only.
    case(
        "old-sccs-2010-for-controller-to-controller",
        facts(
            importer=("IN", "controller"),
            on="2020-01-01",
            safeguard=safeguard(OLD, signed="2019-01-01"),
        ),
        lawful=False,
        module=1,
        codes={"module-mismatch": "error"},
    ),
    # SCC decision recital 5: 2001/497/EC covers controller-to-controller transfers.
    case(
        "old-sccs-2001-controller-to-controller",
        facts(
            importer=("IN", "controller"),
            on="2019-06-01",
            safeguard=safeguard("scc-2001/497", signed="2018-01-01"),
        ),
        lawful=True,
        module=1,
    ),
    # reference data instruments.yaml: 2004/915/EC applied from 1 Apr 2005 (day before).
    case(
        "scc-2004-signed-day-before",
        facts(
            importer=("IN", "controller"),
            on="2006-01-01",
            safeguard=safeguard("scc-2004/915", signed="2005-03-31"),
        ),
        lawful=False,
        codes={"safeguard-not-available": "error"},
    ),
    # reference data instruments.yaml: 2004/915/EC applied from 1 Apr 2005.
    case(
        "scc-2004-signed-first-day",
        facts(
            importer=("IN", "controller"),
            on="2006-01-01",
            safeguard=safeguard("scc-2004/915", signed="2005-04-01"),
        ),
        lawful=True,
        module=1,
    ),
    # primer section 4 (module by roles): Module Two for a controller-to-controller flow.
    case(
        "module-mismatch-2021",
        facts(importer=("IN", "controller"), safeguard=safeguard(SCC, 2)),
        lawful=False,
        module=1,
        codes={"module-mismatch": "error"},
    ),
    # SCC decision recital 10 (select the module applicable): a module must be chosen.
    case(
        "module-missing-2021",
        facts(importer=("IN", "processor"), safeguard=safeguard(SCC)),
        lawful=False,
        codes={"module-missing": "error"},
    ),
    # primer section 4, Annex I.A (signature and date): an unsigned contract is no safeguard.
    case(
        "scc-unsigned",
        facts(importer=("IN", "processor"), safeguard=safeguard(SCC, 2, signed=None)),
        lawful=False,
        codes={"safeguard-unsigned": "error"},
    ),
    # primer section 4, Annex I.A: both parties must sign.
    case(
        "scc-signed-by-exporter-only",
        facts(
            importer=("IN", "processor"), safeguard=safeguard(SCC, 2, signed=("2022-01-10", None))
        ),
        lawful=False,
        codes={"safeguard-unsigned": "error"},
        message_contains={"safeguard-unsigned": "the importer"},
    ),
    # primer section 3 ("as of a date"): a contract signed later was not in place on the date.
    case(
        "scc-signed-after-the-date",
        facts(importer=("IN", "processor"), safeguard=safeguard(SCC, 2, signed="2024-05-01")),
        lawful=False,
        codes={"safeguard-not-yet-signed": "error"},
    ),
    # primer section 3: BCRs are an Art. 46 tool and need a TIA; they have no SCC module.
    case(
        "binding-corporate-rules",
        facts(importer=("IN", "controller"), safeguard=safeguard("bcr")),
        lawful=True,
        module=None,
        tia=True,
        codes={"safeguard-condition": "info"},
    ),
    # primer section 3: the IDTA is a UK tool only.
    case(
        "idta-under-eu-gdpr",
        facts(importer=("IN", "processor"), safeguard=safeguard("uk-idta")),
        lawful=False,
        codes={"safeguard-wrong-regime": "error"},
    ),
    # primer section 3: adequacy needs no TIA; SCCs kept as a fallback are reported.
    case(
        "adequacy-with-fallback-sccs",
        facts(certs=(DPF,), safeguard=safeguard(SCC, 2)),
        adequacy="(EU) 2023/1795",
        lawful=True,
        module=2,
        tia=False,
        codes={"safeguard-fallback": "info"},
    ),
    # primer section 2: inside the EEA no safeguard is required.
    case(
        "not-a-transfer-with-safeguard",
        facts(importer=("FR", "processor"), safeguard=safeguard(SCC, 2)),
        restricted=False,
        lawful=True,
        module=None,
        codes={"safeguard-not-required": "info"},
    ),
    # ----------------------------------------------------------------------------- TIA
    # SCC decision Clause 14 (Module Four where the processor combines data): TIA needed.
    case(
        "module-four-combining-data-needs-tia",
        facts(
            exporter=DE_PROCESSOR,
            importer=("US", "controller"),
            tia="none",
            safeguard=safeguard(SCC, 4),
        ),
        module=4,
        tia=True,
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"tia-missing": "error"},
    ),
    # primer section 3 (Schrems II): every Art. 46 tool needs a TIA; lawful reflects the basis.
    case(
        "tia-missing",
        facts(importer=("IN", "processor"), tia="none", safeguard=safeguard(SCC, 2)),
        lawful=True,
        tia=True,
        status=ACTION_REQUIRED,
        codes={"tia-missing": "error"},
    ),
    # primer section 5: a draft TIA is not yet an assessment.
    case(
        "tia-draft",
        facts(importer=("IN", "processor"), tia="draft", safeguard=safeguard(SCC, 2)),
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"tia-missing": "error"},
    ),
    # primer section 5, step 6 (re-evaluate at intervals): an outdated TIA.
    case(
        "tia-outdated",
        facts(importer=("IN", "processor"), tia="outdated", safeguard=safeguard(SCC, 2)),
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"tia-outdated": "warning"},
    ),
    # primer section 5, step 6: review date passed.
    case(
        "tia-review-overdue",
        facts(
            importer=("IN", "processor"),
            tia_on="2023-01-01",
            review_due="2024-02-29",
            safeguard=safeguard(SCC, 2),
        ),
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"tia-outdated": "warning"},
    ),
    # primer section 5, step 6: due on the very day is not yet overdue.
    case(
        "tia-review-due-today",
        facts(
            importer=("IN", "processor"),
            tia_on="2023-01-01",
            review_due="2024-03-01",
            safeguard=safeguard(SCC, 2),
        ),
        lawful=True,
        status=COMPLIANT,
        absent={"tia-outdated"},
    ),
    # SCC decision Clause 14(f) and recital 17: the exporter must suspend the transfer.
    case(
        "tia-negative",
        facts(importer=("IN", "processor"), tia="negative", safeguard=safeguard(SCC, 2)),
        lawful=False,
        status=NOT_PERMITTED,
        codes={"tia-negative": "error"},
    ),
    # SCC decision Clause 14(b) and (d): an assessment dated later did not exist on the date.
    case(
        "tia-dated-after-the-date",
        facts(importer=("IN", "processor"), tia_on="2024-06-01", safeguard=safeguard(SCC, 2)),
        lawful=True,
        codes={"tia-missing": "error"},
    ),
    # primer section 5 (supplementary measures) and Annex I.B (sensitive data and safeguards).
    case(
        "special-category-without-measures",
        facts(
            importer=("IN", "processor"),
            flow={"special_category_data": True},
            safeguard=safeguard(SCC, 2),
        ),
        lawful=True,
        status=ACTION_REQUIRED,
        codes={"special-category-without-measures": "warning"},
    ),
    # primer section 5: measures recorded.
    case(
        "special-category-with-measures",
        facts(
            importer=("IN", "processor"),
            flow={"special_category_data": True, "supplementary_measures": True},
            safeguard=safeguard(SCC, 2),
        ),
        lawful=True,
        status=COMPLIANT,
        absent={"special-category-without-measures"},
    ),
    # primer section 3: no TIA under adequacy.
    case(
        "adequacy-needs-no-tia",
        facts(certs=(DPF,), tia="none"),
        adequacy="(EU) 2023/1795",
        tia=False,
        status=COMPLIANT,
        absent={"tia-missing"},
    ),
    # ------------------------------------------------------------------------ Clause 13
    # SCC Clause 13(a), first option: the exporter's own authority.
    case(
        "clause-13-exporter-established",
        facts(
            exporter=("DE", "controller", "establishment"),
            importer=("IN", "processor"),
            safeguard=safeguard(SCC, 2),
        ),
        authority_contains="Germany (DE)",
        codes={"clause-13-authority": "info"},
    ),
    # SCC Clause 13(a), second option: the Art. 27 representative's authority.
    case(
        "clause-13-art-27-representative",
        facts(
            exporter=("US", "controller", "art3_2"),
            representative="FR",
            importer=("IN", "processor"),
            safeguard=safeguard(SCC, 2),
        ),
        restricted=True,
        lawful=True,
        authority_contains="France (FR)",
    ),
    # SCC Clause 13(a), third option: where the data subjects are.
    case(
        "clause-13-no-representative",
        facts(
            exporter=("US", "controller", "art3_2"),
            importer=("IN", "processor"),
            safeguard=safeguard(SCC, 2),
        ),
        authority_contains="third option",
    ),
    # GDPR Art. 27(3) via SCC Clause 13(a): a representative must be in a Member State.
    case(
        "clause-13-representative-outside-eea",
        facts(
            exporter=("US", "controller", "art3_2"),
            representative="US",
            importer=("IN", "processor"),
            safeguard=safeguard(SCC, 2),
        ),
        status=ACTION_REQUIRED,
        codes={"representative-outside-area": "warning"},
    ),
]

SIMPLE_EXPECTATIONS = {
    "restricted": "restricted_transfer",
    "lawful": "lawful",
    "module": "scc_module",
    "tia": "tia_required",
}


def assert_decision(decision: Decision, expect: dict) -> None:
    for key, attribute in SIMPLE_EXPECTATIONS.items():
        if key in expect:
            assert getattr(decision, attribute) == expect[key], attribute
    if "adequacy" in expect:
        reference_ = decision.adequacy.reference if decision.adequacy else None
        assert reference_ == expect["adequacy"]
    if "scope" in expect:
        assert decision.adequacy.scope_description == expect["scope"]
    if "scope_contains" in expect:
        assert expect["scope_contains"] in decision.adequacy.scope_description
    if "status" in expect:
        assert status_for(decision) == expect["status"]
    severities = {finding.code: finding.severity for finding in decision.findings}
    for code, severity in expect.get("codes", {}).items():
        assert severities.get(code) == severity, (code, decision.findings)
    for code in expect.get("absent", ()):
        assert code not in severities, (code, decision.findings)
    messages = {finding.code: finding.message for finding in decision.findings}
    for code, text in expect.get("message_contains", {}).items():
        assert text in messages[code]
    if "reason_contains" in expect:
        assert expect["reason_contains"] in decision.reason
    if "authority_contains" in expect:
        assert expect["authority_contains"] in (decision.competent_authority or "")


@pytest.mark.parametrize(("transfer", "expect"), CASES)
def test_decision(transfer, expect):
    assert_decision(decide(transfer, reference()), expect)


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


def test_every_finding_has_a_known_severity_and_a_sentence():
    for param in CASES:
        for finding in decide(param.values[0], reference()).findings:
            assert finding.message.endswith(".") and finding.message[0].isupper(), finding


def test_every_finding_code_is_listed_in_the_published_codes():
    """The admin's finding filter offers FINDING_CODES: a code missing there is unfilterable."""
    for param in [*CASES, *RECORDED_CASES]:
        for finding in decide(param.values[0], reference()).findings:
            assert finding.code in FINDING_CODES, finding.code


# ------------------------------------------------------- what the register itself records


def recorded(transfer: TransferFacts, tool: str, destination: str | None = None) -> TransferFacts:
    destination = destination or transfer.importer.country
    return dataclasses.replace(transfer, recorded=RecordedFacts(tool, destination))


RECORDED_CASES = [
    # A restricted transfer recorded as needing no tool: the record is wrong.
    case(
        "none-needed-but-restricted",
        recorded(facts(importer=("IN", "processor"), safeguard=safeguard(SCC, 2)), "none_needed"),
        status=ACTION_REQUIRED,
        codes={"legal-tool-contradicted": "warning"},
    ),
    # Adequacy recorded where no decision covers the flow (a US importer without the DPF).
    case(
        "adequacy-recorded-but-none-applies",
        recorded(facts(safeguard=safeguard(SCC, 2)), "adequacy"),
        status=ACTION_REQUIRED,
        codes={"legal-tool-contradicted": "warning"},
    ),
    # Adequacy recorded and it applies: nothing to say.
    case(
        "adequacy-recorded-and-applies",
        recorded(facts(certs=(DPF,)), "adequacy"),
        status=COMPLIANT,
        absent={"legal-tool-contradicted", "destination-differs"},
    ),
    # SCCs recorded while adequacy covers the flow: the clauses are a fallback, not a mistake.
    case(
        "scc-recorded-under-adequacy",
        recorded(facts(certs=(DPF,), safeguard=safeguard(SCC, 2)), "scc"),
        status=COMPLIANT,
        absent={"legal-tool-contradicted"},
    ),
    # A tool recorded for a flow that is not a restricted transfer: worth knowing, not an action.
    case(
        "tool-recorded-but-not-a-transfer",
        recorded(facts(importer=("DE", "processor")), "scc"),
        status=COMPLIANT,
        codes={"legal-tool-contradicted": "info"},
    ),
    # Not a transfer, recorded as such.
    case(
        "none-needed-and-not-a-transfer",
        recorded(facts(importer=("DE", "processor")), "none_needed"),
        status=COMPLIANT,
        absent={"legal-tool-contradicted"},
    ),
    # EDPB 05/2021: the importer's location decides; a different recorded destination is flagged.
    case(
        "destination-differs-from-importer",
        recorded(facts(certs=(DPF,)), "adequacy", destination="DE"),
        restricted=True,
        status=ACTION_REQUIRED,
        codes={"destination-differs": "warning"},
    ),
]


@pytest.mark.parametrize(("transfer", "expect"), RECORDED_CASES)
def test_the_register_record_is_checked_against_the_decision(transfer, expect):
    assert_decision(decide(transfer, reference()), expect)


def test_without_a_record_nothing_is_said_about_it():
    decision = decide(facts(importer=("IN", "processor")), reference())

    assert not {f.code for f in decision.findings} & {
        "legal-tool-contradicted",
        "destination-differs",
    }


def test_an_unknown_recorded_tool_is_refused():
    with pytest.raises(ValueError, match="recorded.legal_tool"):
        RecordedFacts("contract", "US")


# --------------------------------------------------------------------- register status


def test_status_not_permitted_wins_over_findings():
    decision = decide(facts(importer=("IN", "processor")), reference())
    assert status_for(decision) == NOT_PERMITTED


@pytest.mark.parametrize(
    ("statuses", "worst"),
    [
        ([], COMPLIANT),
        ([COMPLIANT, COMPLIANT], COMPLIANT),
        ([COMPLIANT, ACTION_REQUIRED], ACTION_REQUIRED),
        ([ACTION_REQUIRED, NOT_PERMITTED, COMPLIANT], NOT_PERMITTED),
    ],
)
def test_worst_status(statuses, worst):
    assert worst_status(statuses) == worst


def test_worst_status_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        worst_status(["fine"])


# ------------------------------------------------------------- reference data, versions


def test_ruleset_version_names_the_rules_and_the_data():
    version = ruleset_version(reference())
    assert version.startswith("1.1.0+ref.") and len(version.split(".")[-1]) == 12


def test_a_new_decision_is_data_not_a_release():
    """The legal team records an adequacy decision for India: the answer and the version change."""
    india = AdequacyDecision(
        regime="EU",
        country="IN",
        reference="(EU) 2030/1",
        title="Hypothetical decision for India",
        effective_from=dt.date(2030, 1, 1),
        effective_until=None,
        scope="full",
        scope_condition="none",
        required_certification=None,
    )
    base = reference()
    amended = dataclasses.replace(base, adequacy_decisions=(*base.adequacy_decisions, india))
    transfer = facts(importer=("IN", "processor"), on="2030-01-01")
    assert decide(transfer, base).adequacy is None
    assert decide(transfer, amended).adequacy.reference == "(EU) 2030/1"
    assert ruleset_version(amended) != ruleset_version(base)


def test_a_revoked_decision_is_data_not_a_release():
    """Ending the DPF decision in the data ends its adequacy the next day."""
    base = reference()
    revoked = tuple(
        dataclasses.replace(d, effective_until=dt.date(2025, 1, 31))
        if d.reference == "(EU) 2023/1795"
        else d
        for d in base.adequacy_decisions
    )
    amended = dataclasses.replace(base, adequacy_decisions=revoked)
    assert decide(facts(certs=(DPF,), on="2025-01-31"), amended).adequacy is not None
    decision = decide(facts(certs=(DPF,), on="2025-02-01"), amended)
    assert decision.adequacy is None and not decision.lawful


def test_row_order_changes_neither_decision_nor_version():
    base = reference()
    shuffled = ReferenceData(
        countries=tuple(reversed(base.countries)),
        adequacy_decisions=tuple(reversed(base.adequacy_decisions)),
        instruments=tuple(reversed(base.instruments)),
    )
    assert shuffled == base
    assert ruleset_version(shuffled) == ruleset_version(base)


def test_reference_data_is_built_from_plain_lists_as_a_database_loader_would():
    base = reference()
    rebuilt = ReferenceData(
        countries=list(base.countries),
        adequacy_decisions=list(base.adequacy_decisions),
        instruments=[
            dataclasses.replace(i, modules=list(i.modules), terms=list(i.terms))
            for i in base.instruments
        ],
    )
    assert rebuilt == base and ruleset_version(rebuilt) == ruleset_version(base)


def test_reference_data_refuses_an_adequacy_row_for_an_unknown_country():
    base = reference()
    bad = dataclasses.replace(base.adequacy_decisions[0], country="XX")
    with pytest.raises(ReferenceDataError):
        dataclasses.replace(base, adequacy_decisions=(bad,))


def test_reference_data_refuses_a_certified_row_without_a_programme():
    with pytest.raises(ValueError):
        AdequacyDecision(
            regime="EU",
            country="US",
            reference="x",
            title="x",
            effective_from=None,
            effective_until=None,
            scope="partial",
            scope_condition="certified_organisations",
            required_certification=None,
        )


def test_loader_names_the_file_and_row_of_an_unknown_field(tmp_path):
    folder = load_reference_data.__defaults__[0]
    for name in ("adequacy.yaml", "instruments.yaml"):
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8"), "utf-8")
    text = (tmp_path / "adequacy.yaml").read_text(encoding="utf-8")
    (tmp_path / "adequacy.yaml").write_text(
        text.replace("  scope: full\n", "  scope: full\n  scoep: full\n", 1), "utf-8"
    )
    with pytest.raises(ReferenceDataError, match=r"adequacy.yaml row 1: .*scoep"):
        load_reference_data(tmp_path)


def test_reference_files_cover_every_iso_country_and_the_eea():
    data = reference()
    assert len(data.countries) == 249
    eea_2024 = {c.code for c in data.countries if c.in_eu_or_eea_on(dt.date(2024, 3, 1))}
    states = {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
        "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO",
    }  # fmt: skip
    assert states <= eea_2024 and "GB" not in eea_2024
    assert eea_2024 - states <= {"AX", "GF", "GP", "MF", "MQ", "RE", "YT"}  # EU territories


def test_findings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Finding("x", "info", "x").code = "y"  # type: ignore[misc]
