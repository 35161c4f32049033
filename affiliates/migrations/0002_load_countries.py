from django.db import migrations


def load(apps, schema_editor):
    from affiliates.reference_data import load_countries

    load_countries(apps.get_model("affiliates", "Country"))


class Migration(migrations.Migration):
    dependencies = [("affiliates", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
