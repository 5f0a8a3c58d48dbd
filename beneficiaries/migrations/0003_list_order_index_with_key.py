"""The beneficiaries list sorts by last name, first name and key: an index to the last tie lets
PostgreSQL read a page's keys from the index alone, however deep the page (KeysFirstPaginator),
with the columns the scopes test (département, referent organisation) included; the birth date,
included, still serves the duplicate check (name + birth date)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('beneficiaries', '0002_name_search_trigram_index'),
        ('partners', '0008_list_order_indexes'),
        ('territories', '0003_unaccent_extension'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='beneficiary',
            name='beneficiari_last_na_b6e5e4_idx',
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['last_name', 'first_name', 'id'], include=('birth_date', 'department', 'referent_organisation'), name='beneficiary_list_order'),
        ),
    ]
