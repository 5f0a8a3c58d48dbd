"""Likely duplicates: each person's name key (filled here), the indexes of the duplicate
check, the pairs to review, and `merged_into` for merged records."""

import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from beneficiaries.names import name_key


def fill_name_keys(apps, schema_editor):
    """Compute every existing person's name key, in batches (100,000 people: a few seconds)."""
    Beneficiary = apps.get_model("beneficiaries", "Beneficiary")
    people = Beneficiary.objects.order_by("pk").only("pk", "first_name", "last_name")
    batch = []
    for person in people.iterator(chunk_size=2000):
        person.name_key = name_key(person.first_name, person.last_name)
        batch.append(person)
        if len(batch) == 2000:
            Beneficiary.objects.bulk_update(batch, ["name_key"])
            batch = []
    Beneficiary.objects.bulk_update(batch, ["name_key"])


NIGHTLY_TASK = "Find likely duplicates"


def schedule_nightly_search(apps, schema_editor):
    """Beat runs the search for duplicates at 02:30, Paris time (editable in the admin)."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Paris",
    )
    PeriodicTask.objects.get_or_create(
        name=NIGHTLY_TASK,
        defaults={"task": "beneficiaries.tasks.find_duplicates", "crontab": crontab},
    )


def unschedule_nightly_search(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NIGHTLY_TASK).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('beneficiaries', '0003_list_order_index_with_key'),
        ('partners', '0009_search_trigram_indexes'),
        ('territories', '0004_normalise_function'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='DuplicateCandidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'to review'), ('same', 'same person (merged)'), ('different', 'different people')], default='pending', max_length=10, verbose_name='status')),
                ('source', models.CharField(choices=[('form', 'form'), ('import', 'import'), ('nightly', 'nightly search')], max_length=10, verbose_name='found by')),
                ('found_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='found at')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
            ],
            options={
                'verbose_name': 'possible duplicate',
                'verbose_name_plural': 'possible duplicates',
                'ordering': ['-found_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDuplicateCandidate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'to review'), ('same', 'same person (merged)'), ('different', 'different people')], default='pending', max_length=10, verbose_name='status')),
                ('source', models.CharField(choices=[('form', 'form'), ('import', 'import'), ('nightly', 'nightly search')], max_length=10, verbose_name='found by')),
                ('found_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='found at')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical possible duplicate',
                'verbose_name_plural': 'historical possible duplicates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RemoveIndex(
            model_name='beneficiary',
            name='beneficiary_list_order',
        ),
        migrations.AddField(
            model_name='beneficiary',
            name='merged_into',
            field=models.ForeignKey(blank=True, editable=False, help_text='The record this duplicate was merged into; set by the merge only.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_records', to='beneficiaries.beneficiary', verbose_name='merged into'),
        ),
        migrations.AddField(
            model_name='beneficiary',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=310, verbose_name='name key'),
        ),
        migrations.AddField(
            model_name='historicalbeneficiary',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, help_text='The record this duplicate was merged into; set by the merge only.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='beneficiaries.beneficiary', verbose_name='merged into'),
        ),
        migrations.AddField(
            model_name='historicalbeneficiary',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=310, verbose_name='name key'),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['last_name', 'first_name', 'id'], include=('birth_date', 'department', 'referent_organisation', 'merged_into'), name='beneficiary_list_order'),
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['birth_date', 'name_key'], name='beneficiary_duplicate_key'),
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(django.db.models.functions.text.Upper('email'), condition=models.Q(('email', ''), _negated=True), name='beneficiary_email_upper'),
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(condition=models.Q(('phone', ''), _negated=True), fields=['phone'], name='beneficiary_phone'),
        ),
        migrations.AddField(
            model_name='duplicatecandidate',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
        ),
        migrations.AddField(
            model_name='duplicatecandidate',
            name='first',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='beneficiaries.beneficiary', verbose_name='first record'),
        ),
        migrations.AddField(
            model_name='duplicatecandidate',
            name='second',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='beneficiaries.beneficiary', verbose_name='second record'),
        ),
        migrations.AddField(
            model_name='historicalduplicatecandidate',
            name='decided_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
        ),
        migrations.AddField(
            model_name='historicalduplicatecandidate',
            name='first',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='beneficiaries.beneficiary', verbose_name='first record'),
        ),
        migrations.AddField(
            model_name='historicalduplicatecandidate',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalduplicatecandidate',
            name='second',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='beneficiaries.beneficiary', verbose_name='second record'),
        ),
        migrations.AddConstraint(
            model_name='duplicatecandidate',
            constraint=models.UniqueConstraint(fields=('first', 'second'), name='one_candidate_per_pair'),
        ),
        migrations.AddConstraint(
            model_name='duplicatecandidate',
            constraint=models.CheckConstraint(condition=models.Q(('first__lt', models.F('second'))), name='candidate_pair_lower_key_first'),
        ),
        migrations.AddConstraint(
            model_name='duplicatecandidate',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), models.Q(('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='candidate_decided_has_who_and_when'),
        ),
        migrations.RunPython(schedule_nightly_search, unschedule_nightly_search),
    ]
