"""Load the legal bases and the supervisory authorities shipped in transfers/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from transfers.reference.services import load_legal_bases, load_supervisory_authorities

    load_legal_bases(apps.get_model("transfers", "LegalBasis"))
    load_supervisory_authorities(apps.get_model("transfers", "SupervisoryAuthority"))


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0003_reference_sources_and_notes"),
        ("affiliates", "0002_load_countries"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
