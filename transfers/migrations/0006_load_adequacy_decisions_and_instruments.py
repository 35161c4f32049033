"""Load the adequacy decisions and transfer instruments shipped in transfers/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from transfers.reference.services import load_adequacy_decisions, load_instruments

    load_adequacy_decisions(apps.get_model("transfers", "AdequacyDecision"))
    load_instruments(
        apps.get_model("transfers", "TransferInstrument"),
        apps.get_model("transfers", "InstrumentTerm"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0005_adequacy_destination_and_instruments"),
        ("affiliates", "0003_country_membership_help"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
