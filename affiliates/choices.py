from django.db import models


class GroupRole(models.TextChoices):
    """The role an affiliate plays for the group as a whole (a flow has its own roles)."""

    JOINT_CONTROLLER = "joint_controller", "Joint controller"
    CONTROLLER = "controller", "Controller"
    PROCESSOR = "processor", "Processor"
    EU_REPRESENTATIVE = "eu_representative", "EU representative (Art. 27 GDPR)"
    UK_REPRESENTATIVE = "uk_representative", "UK representative (Art. 27 UK GDPR)"


class LawApplicability(models.TextChoices):
    """Why (or whether) an entity is subject to the GDPR for the processing it exports."""

    ESTABLISHMENT = "establishment", "Established in the area"
    ART3_2 = "art3_2", "Outside the area, subject by Art. 3(2)"
    NO = "no", "Not subject"
