"""A stored normalised copy of actions' titles (`config.search.NormalisedCopy`, a generated
column) and its trigram index moved onto it, as partners 0011 does for organisations,
conventions and mobilisation actions (see there why): a search's candidate rows are checked
with a LIKE on the copy instead of normalising each title again. Same answers.
"""

from django.db import migrations

import config.search

INDEX, TABLE = "action_title_trgm", "programmes_action"


def index_copy(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (title_normalised gin_trgm_ops)")
    schema_editor.execute(f"ANALYZE {TABLE}")


def index_source(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON {TABLE} USING gin (tremplin_normalise(title) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="title_normalised",
            field=config.search.NormalisedCopy("title"),
        ),
        migrations.RunPython(index_copy, index_source),
    ]
