"""The enrolments of some actions, read from an index alone, their own keys included.

0007 indexed enrolments on (action, person): a scope's people come from the index alone. The
scopes of follow-ups, pathway steps and enrolments themselves want the enrolments' keys
(`enrolment_id IN (the enrolments of the actions covering the Rhône)`): through that index,
each of the Rhône's 8,356 enrolments was still read from the table for its key (5,690 pages),
which made the coordinator's count of follow-ups due on the home page take 14 ms at national
volume. On PostgreSQL the same index now carries the key as a non-key column (INCLUDE):
3.7–5 ms, the same answers.

Done in SQL, PostgreSQL only: Django's `Index(include=...)` would warn on SQLite (models.W040,
no covering indexes there), where the plain index of 0007 stays. The index keeps its name
and columns; the model's state does not change.
"""

from django.db import migrations

INDEX, TABLE = "enrolment_action_person", "beneficiaries_enrolment"


def cover_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON {TABLE} (action_id, beneficiary_id) INCLUDE (id)"
    )


def plain(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} (action_id, beneficiary_id)")


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0007_enrolment_action_person_index"),
    ]

    operations = [migrations.RunPython(cover_key, plain)]
