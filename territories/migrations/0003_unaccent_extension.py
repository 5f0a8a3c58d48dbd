"""PostgreSQL's unaccent, which the `matches` search lookup (config/search.py) uses on every
app's text; a no-op on SQLite. Here because territories is at the bottom of the apps."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("territories", "0002_load_territories")]

    operations = [UnaccentExtension()]
