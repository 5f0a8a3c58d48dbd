"""Load the 18 régions and 101 départements from territories/data/territories.json."""

from django.db import migrations

from territories.loading import load_territories


def load(apps, schema_editor):
    load_territories(
        apps.get_model("territories", "Region"),
        apps.get_model("territories", "Department"),
        using=schema_editor.connection.alias,
    )


def unload(apps, schema_editor):
    Region = apps.get_model("territories", "Region")
    Department = apps.get_model("territories", "Department")
    db_alias = schema_editor.connection.alias
    # Départements first: Department.region is on_delete=PROTECT.
    Department.objects.using(db_alias).all().delete()
    Region.objects.using(db_alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
