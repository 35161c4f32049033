"""The codes the reference tables and everything above them use: the regimes (EU, UK, CH)
and the SCC modules."""

from django.db import models


class Regime(models.TextChoices):
    EU = "EU", "EU GDPR"
    UK = "UK", "UK GDPR"
    CH = "CH", "Swiss FADP"


class SccModule(models.IntegerChoices):
    ONE = 1, "Module One: controller to controller"
    TWO = 2, "Module Two: controller to processor"
    THREE = 3, "Module Three: processor to processor"
    FOUR = 4, "Module Four: processor to controller"
