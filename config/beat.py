"""Beat's schedules live in the database (django-celery-beat), editable in the admin; an app
creates its periodic tasks with a migration operation from here, so a fresh database has them."""

from django.db import migrations


def schedule_periodic_task(name, task, every, period):
    """A migration operation that creates beat's periodic task `name` running `task` (its dotted
    path) every `every` `period` ("minutes", "hours", "days"…, django-celery-beat's
    IntervalSchedule periods), and deletes it when the migration is reversed. An existing task
    of that name (perhaps rescheduled in the admin) is left as it is."""

    def create(apps, schema_editor):
        IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        interval, _created = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})

    def delete(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()

    return migrations.RunPython(create, delete)


def schedule_daily_task(name, task, hour, minute=0):
    """A migration operation that creates beat's periodic task `name` running `task` every
    day at `hour`:`minute` in Europe/Paris (a django-celery-beat CrontabSchedule, whose time
    zone keeps it at that local time across DST changes), and deletes it when reversed. An
    existing task of that name (perhaps rescheduled in the admin) is left as it is."""

    def create(apps, schema_editor):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Paris",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})

    def delete(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()

    return migrations.RunPython(create, delete)
