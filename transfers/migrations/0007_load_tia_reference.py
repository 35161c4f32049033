"""Load the shipped country profiles and measures catalogue (transfers/data/*.yaml)."""

from django.db import migrations


def load(apps, schema_editor):
    from transfers.assessments.reference_data import load_country_profiles, load_measures

    load_country_profiles(
        apps.get_model("transfers", "CountryProfile"), apps.get_model("transfers", "ProfileLaw")
    )
    load_measures(apps.get_model("transfers", "SupplementaryMeasure"))


class Migration(migrations.Migration):
    dependencies = [("transfers", "0006_assessments"), ("affiliates", "0002_load_countries")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
