"""`manage.py import_beneficiaries FILE --action ID [--wet-run]`: the same preview as the page,
a dry run by default, the counts written with --wet-run."""

import io

import pytest
from django.core.management import CommandError, call_command

from beneficiaries.models import Beneficiary, Enrolment

from .files import csv_bytes, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_beneficiaries", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing(tmp_path, action):
    data = rows(4)
    data[1]["Sexe"] = "?"
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(data))
    output = run(str(path), "--action", str(action.pk))
    assert "4 rows: 3 people to create, 0 to update, 0 already imported, 1 in error;" in output
    assert "line 3, sex: « ? » is not one of the accepted values" in output
    assert "Dry run, nothing written" in output
    assert not Beneficiary.objects.exists()


def test_wet_run_writes_all_or_nothing(tmp_path, action, operator_user):
    data = rows(4)
    data[1]["Sexe"] = "?"
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(data))
    with pytest.raises(CommandError, match="nothing written"):
        run(str(path), "--action", str(action.pk), "--wet-run")
    assert not Beneficiary.objects.exists()

    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes(rows(4)))
    args = (str(path), "--action", str(action.pk), "--wet-run", "--user", operator_user.email)
    output = run(*args)
    assert "enrolments created: 4, pathway steps created: 0, people created: 4" in output
    assert Enrolment.objects.filter(action=action).count() == 4
    assert Beneficiary.history.filter(history_user=operator_user).count() == 4
    assert "4 already imported" in run(*args)
    assert Beneficiary.objects.count() == 4


def test_a_refused_file_says_why(tmp_path, action):
    path = tmp_path / "people.xlsx"
    path.write_bytes("Nom;Prénom\n".encode())
    with pytest.raises(CommandError, match="not an Excel workbook"):
        run(str(path), "--action", str(action.pk))


def test_a_wet_run_flags_the_likely_duplicates_of_the_people_it_creates(
    tmp_path, action, departments
):
    """As an import from the page does: the people created are checked against everyone, and
    each likely duplicate is left for review."""
    import datetime

    from beneficiaries.models import DuplicateCandidate

    from ..factories import BeneficiaryFactory

    # The same names (another spelling) and birth date as the file's second row, in Paris.
    elsewhere = BeneficiaryFactory(
        last_name="RAHIMI-1",
        first_name="Ahmed",
        birth_date=datetime.date(1980, 1, 2),
        department=departments["75"],
    )
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(rows(3)))
    run(str(path), "--action", str(action.pk))
    assert not DuplicateCandidate.objects.exists()  # a dry run flags nothing

    output = run(str(path), "--action", str(action.pk), "--wet-run")
    assert "duplicate pairs to review: 1" in output
    created = Beneficiary.objects.get(last_name="Rahimi-1")
    pair = DuplicateCandidate.objects.get()
    assert {pair.first_id, pair.second_id} == {elsewhere.pk, created.pk}
    assert pair.source == "import"
