"""Beat purges spent form tokens every day; the schedule stays editable in the admin."""

from django.db import migrations

from config.beat import schedule_periodic_task


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_invitation_sent_on"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule_periodic_task(
            "Purge spent form tokens", "accounts.tasks.purge_spent_form_tokens", 1, "days"
        ),
    ]
