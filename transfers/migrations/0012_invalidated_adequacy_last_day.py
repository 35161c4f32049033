"""Move the last day of the two adequacy decisions the CJEU invalidated to the day before each
judgment: each judgment took effect on the day it was delivered, so no transfer may rely on the
decision on that day (transfers/data/adequacy.yaml holds the sources).

A row still holding the date shipped before takes the file's last day, scope note and source; a
row whose date the legal team edited is left alone. `load_reference_data` restores every shipped
row in full."""

import datetime as dt

from django.db import migrations

# reference -> the last day shipped before (the day of the judgment)
SHIPPED_BEFORE = {
    "2000/520/EC": dt.date(2015, 10, 6),
    "(EU) 2016/1250": dt.date(2020, 7, 16),
}
CORRECTED_FIELDS = ("effective_until", "scope_note", "source")


def forwards(apps, schema_editor) -> None:
    from transfers.rules.reference_data import load_reference_data

    AdequacyDecision = apps.get_model("transfers", "AdequacyDecision")
    for decision in load_reference_data().adequacy_decisions:
        old_last_day = SHIPPED_BEFORE.get(decision.reference)
        if decision.regime != "EU" or decision.country != "US" or old_last_day is None:
            continue
        AdequacyDecision.objects.filter(
            regime="EU",
            country_id="US",
            reference=decision.reference,
            effective_until=old_last_day,
        ).update(**{name: getattr(decision, name) for name in CORRECTED_FIELDS})


def backwards(apps, schema_editor) -> None:
    AdequacyDecision = apps.get_model("transfers", "AdequacyDecision")
    for reference, old_last_day in SHIPPED_BEFORE.items():
        AdequacyDecision.objects.filter(
            regime="EU",
            country_id="US",
            reference=reference,
            effective_until=old_last_day - dt.timedelta(days=1),
        ).update(effective_until=old_last_day)


class Migration(migrations.Migration):
    dependencies = [("transfers", "0011_merge_api_keys")]
    operations = [migrations.RunPython(forwards, backwards)]
