"""The import pages: upload, column mapping, preview, confirmation, result; who may import
into which action, and who sees an import."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from beneficiaries.imports.models import ColumnMapping, ImportJob
from beneficiaries.imports.pipeline import Importer
from beneficiaries.models import AccessLog, Beneficiary, Enrolment

from ...conftest import in_english
from ...factories import MembershipFactory, OrganisationFactory
from ...programmes.factories import ActionFactory
from .files import HEADERS, csv_bytes, person, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    return in_english(client)


def upload(client, action, data, name="f.csv", callbacks=None):
    return client.post(
        reverse("beneficiaries:import-create"),
        {"action": action.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_an_operator_imports_a_file_after_its_preview(
    client, action, operator_user, django_capture_on_commit_callbacks, private_storage
):
    client.force_login(operator_user)
    data = rows(5)
    data[3]["Date d'entrée"] = "31/02/2025"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, action, csv_bytes(data))
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert [path.name for path in private_storage.rglob("*.csv")] == [job.file.name[8:]]
    assert job.file.name.startswith("imports/") and "/f.csv" not in job.file.name
    page = client.get(job.get_absolute_url()).content.decode()
    assert "4 people to create" in page
    assert "1 row in error" in page
    assert "line 5, entry date: « 31/02/2025 » is not a date" in page
    assert not Beneficiary.objects.exists()

    # Rows in error: confirming without choosing the valid rows alone writes nothing.
    response = client.post(reverse("beneficiaries:import-confirm", args=[job.pk]), {})
    assert "correct them and send the file again" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("beneficiaries:import-confirm", args=[job.pk]), {"valid_rows_only": "on"}
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.enrolments_created) == (4, 4)
    assert Enrolment.objects.filter(action=action).count() == 4
    assert AccessLog.objects.filter(user=operator_user, kind="create").count() == 4
    assert not job.file and not list(private_storage.rglob("*.csv"))
    assert "4 people created" in client.get(job.get_absolute_url()).content.decode()
    listing = client.get(reverse("beneficiaries:beneficiary-list")).content.decode()
    assert "RAHIMI-0" in listing and "RAHIMI-3" not in listing


@pytest.mark.parametrize(
    "language,counts,said",
    [
        ("en", (1, 0, 1), "1 person created, 0 people updated, 1 enrolment created."),
        ("fr", (1, 0, 1), "1 personne créée, 0 personne mise à jour, 1 inscription créée."),
        ("fr", (3, 2, 5), "3 personnes créées, 2 personnes mises à jour, 5 inscriptions créées."),
    ],
)
def test_the_result_counts_each_kind_in_the_singular_or_the_plural(
    client, action, operator_user, language, counts, said
):
    created, updated, enrolments = counts
    job = ImportJob.objects.create(
        action=action,
        created_by=operator_user,
        original_name="f.csv",
        status=ImportJob.Status.DONE,
        created=created,
        updated=updated,
        enrolments_created=enrolments,
    )
    client.force_login(operator_user)
    # After the login, which sets English (`in_english`): each page reads the user's language.
    User.objects.filter(pk=operator_user.pk).update(language=language)
    response = client.get(job.get_absolute_url())
    assert said in " ".join(response.content.decode().split())


def test_htmx_polls_the_progress_until_the_work_is_over(client, action, operator_user):
    client.force_login(operator_user)
    job = ImportJob.objects.create(
        created_by=operator_user, action=action, original_name="f.csv", status="checking"
    )
    running = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "HX-Refresh" not in running
    job.status = ImportJob.Status.FAILED
    job.save()
    over = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert over["HX-Refresh"] == "true"


def test_a_refused_file_is_not_kept(client, action, operator_user, private_storage):
    client.force_login(operator_user)
    response = upload(client, action, csv_bytes(rows(2)), name="f.xlsx")
    assert "not an Excel workbook" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


def test_html_in_a_file_is_shown_escaped(
    client, action, operator_user, django_capture_on_commit_callbacks
):
    client.force_login(operator_user)
    data = [person(1, Nom="<script>alert(1)</script>"), person(2, Sexe="<img src=x>")]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, action, csv_bytes(data))
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<img src=x>" not in page and "&lt;img src=x&gt;" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("beneficiaries:import-confirm", args=[job.pk]), {"valid_rows_only": "on"}
        )
    listing = client.get(reverse("beneficiaries:beneficiary-list")).content.decode()
    assert "<script>alert(1)</script>" not in listing.upper().replace("SCRIPT", "script")
    assert "&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;" in listing


def test_unknown_headers_are_mapped_and_remembered(
    client, action, operator_user, rhone_operator, django_capture_on_commit_callbacks
):
    """A Démarches Simplifiées export: its own headers, matched once, remembered for the
    organisation's next file."""
    renamed = {"Nom": "Nom du demandeur", "Date de naissance": "Né(e) le"}
    headers = [renamed.get(h, h) for h in HEADERS] + ["Dossier n°"]
    data = [
        {renamed.get(k, k): v for k, v in row.items()} | {"Dossier n°": "77"} for row in rows(3)
    ]
    client.force_login(operator_user)
    response = upload(client, action, csv_bytes(data, headers=headers))
    job = ImportJob.objects.get()
    assert response.url == reverse("beneficiaries:import-mapping", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Nom du demandeur" in page and "Required columns not found yet" in page
    fields = {f"column_{i}": "" for i in range(len(headers))}
    fields.update({f"column_{i}": "" for i in range(len(headers))})
    from beneficiaries.imports.pipeline import resolve_headers

    known, _unknown = resolve_headers(headers)
    fields.update({f"column_{i}": name for i, name in known.items()})
    fields[f"column_{headers.index('Nom du demandeur')}"] = "last_name"
    fields[f"column_{headers.index('Né(e) le')}"] = "birth_date"
    fields["remember"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, fields)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.failure
    assert job.to_create == 3
    assert set(
        ColumnMapping.objects.filter(
            organisation=rhone_operator, column__in=["last_name", "birth_date"]
        ).values_list("header", "column")
    ) == {("nom du demandeur", "last_name"), ("ne e le", "birth_date")}

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, action, csv_bytes(data, headers=headers))
    second = ImportJob.objects.latest("pk")
    assert response.url == second.get_absolute_url()
    second.refresh_from_db()
    assert second.status == ImportJob.Status.CHECKED


def test_template_and_documentation(client, operator_user):
    client.force_login(operator_user)
    response = client.get(reverse("beneficiaries:import-template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    people, values, steps = workbook.worksheets
    assert next(steps.iter_rows(values_only=True))[3] == "Type d'étape"
    assert next(people.iter_rows(values_only=True)) == tuple(HEADERS)
    columns = list(values.iter_rows(values_only=True))
    protection = [row[columns[0].index("Statut de protection")] for row in columns[1:]]
    assert "Statut de réfugié" in protection
    sources = [row[columns[0].index("Orienté par")] for row in columns[1:]]
    assert "OFII" in sources and len([s for s in sources if s]) == 7  # not "through Tremplin"
    page = client.get(reverse("beneficiaries:import-help")).content.decode()
    assert "Date de naissance" in page and "Refugee" in page
    assert "Self-referred" in page and "through Tremplin" not in page


def test_the_list_links_the_import_for_those_allowed(client, operator_user, national_user):
    client.force_login(operator_user)
    assert (
        'data-testid="import-create"'
        in client.get(reverse("beneficiaries:beneficiary-list")).content.decode()
    )


# --- Who ----------------------------------------------------------------------------------------


def test_an_operator_imports_into_its_own_actions_only(
    client, departments, operator_user, django_capture_on_commit_callbacks
):
    other = ActionFactory(
        operator=OrganisationFactory(kind="operator", department=departments["75"]),
        departments=[departments["75"]],
    )
    client.force_login(operator_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, other, csv_bytes(rows(2)))
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
    assert not ImportJob.objects.exists() and not Beneficiary.objects.exists()


@pytest.mark.parametrize(
    "role,allowed", [("national", True), ("rhone", True), ("paris", False), ("operator", True)]
)
def test_actions_offered_by_role(client, action, users, role, allowed):
    client.force_login(users[role])
    form = client.get(reverse("beneficiaries:import-create")).context["form"]
    assert (action in form.fields["action"].queryset) is allowed


@pytest.fixture
def users(national_user, rhone_user, paris_user, operator_user, company_user):
    return {
        "national": national_user,
        "rhone": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
    }


@pytest.mark.parametrize(
    "role,status",
    [("national", 200), ("creator", 200), ("rhone", 404), ("other", 404), ("company", 404)],
)
def test_an_import_is_seen_by_its_creator_and_national_staff(
    client, action, users, operator_user, rhone_operator, role, status
):
    job = ImportJob.objects.create(
        created_by=operator_user, action=action, original_name="f.csv", status="failed"
    )
    user = {
        "creator": operator_user,
        "other": MembershipFactory(role="operator", organisation=rhone_operator).user,
    }.get(role) or users[role]
    client.force_login(user)
    assert client.get(job.get_absolute_url()).status_code == status
    listed = ImportJob.objects.visible_to(user).filter(pk=job.pk).exists()
    assert listed is (status == 200)


@pytest.mark.parametrize("name", ["import-list", "import-create", "import-template", "import-help"])
def test_company_contacts_may_not_import(client, company_user, name):
    client.force_login(company_user)
    assert client.get(reverse(f"beneficiaries:{name}")).status_code == 403


def test_possible_duplicates_are_shown_in_scope_and_only_counted_outside(
    client, departments, action, operator_user, rhone_operator, django_capture_on_commit_callbacks
):
    from beneficiaries.models import DuplicateCandidate

    from ..factories import BeneficiaryFactory, EnrolmentFactory

    elsewhere = ActionFactory(
        operator=OrganisationFactory(kind="operator", department=departments["75"]),
        departments=[departments["75"]],
    )
    data = rows(3)
    data[0]["Courriel"] = "ahmad.r@exemple.test"
    # Known to the operator under another name with the same e-mail: shown by name.
    mine = BeneficiaryFactory(
        last_name="Karimi",
        email="Ahmad.R@exemple.test",
        referent_organisation=rhone_operator,
        department=departments["69"],
    )
    # Same names and birth date, followed by a Paris operator only: counted, never named.
    theirs = BeneficiaryFactory(
        last_name="RAHIMI-1",
        first_name="Ahmed",
        birth_date=datetime.date(1980, 1, 2),
        department=departments["75"],
    )
    EnrolmentFactory(beneficiary=theirs, action=elsewhere)
    client.force_login(operator_user)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, action, csv_bytes(data))
    job = ImportJob.objects.get()
    assert job.duplicates_in_scope == [{"line": 2, "ids": [mine.pk]}]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Line 2 looks like:" in page and "KARIMI" in page
    assert "1 person of the file may already be followed outside your scope" in page
    assert "RAHIMI-1" not in page and "Paris" not in page
    assert list(AccessLog.objects.filter(kind="view").values_list("beneficiary", flat=True)) == [
        mine.pk
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("beneficiaries:import-confirm", args=[job.pk]))
    pairs = DuplicateCandidate.objects.filter(source="import")
    paired = {pk for pair in pairs.values_list("first", "second") for pk in pair}
    assert {mine.pk, theirs.pk} <= paired


def test_a_write_failing_halfway_leaves_nothing_and_says_why(
    client, action, operator_user, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(operator_user)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, action, csv_bytes(rows(30)))
    job = ImportJob.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # People, enrolments and their history are inserted before the access log fails.
    monkeypatch.setattr(Importer, "_log_access", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("beneficiaries:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Beneficiary.objects.exists() and not Beneficiary.history.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The import failed: nothing was written" in page
    assert "disk full" not in page


def test_unconfirmed_files_are_deleted_after_a_week(
    action, operator_user, django_capture_on_commit_callbacks, client, private_storage
):
    import datetime as dt

    from django.utils import timezone

    from beneficiaries.imports.jobs import purge_files

    client.force_login(operator_user)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, action, csv_bytes(rows(3)))
    job = ImportJob.objects.get()
    assert purge_files() == 0
    assert purge_files(now=timezone.now() + dt.timedelta(days=8)) == 1
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("failed", "")
    assert "after 7 days" in job.failure
    assert not any(private_storage.rglob("*.csv"))


def test_a_second_confirmation_or_run_of_the_task_leaves_a_done_import_done(
    client, action, operator_user, django_capture_on_commit_callbacks
):
    """A double click sends two confirmations; a task message may be delivered twice (acks
    late): the import is written once and stays "done", not "failed" for want of its file."""
    from beneficiaries.imports import jobs
    from reporting import cache

    client.force_login(operator_user)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, action, csv_bytes(rows(3)))
    job = ImportJob.objects.get()
    confirm = reverse("beneficiaries:import-confirm", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True) as first:
        client.post(confirm)
    with django_capture_on_commit_callbacks(execute=True) as second:
        response = client.post(confirm)
    # The first confirmation enqueues the task once (the import it writes then drops the
    # figures' cache, `reporting.cache.bump`); the second enqueues nothing.
    enqueued = [callback for callback in first if callback is not cache.bump]
    assert (len(enqueued), len(second)) == (1, 0)
    assert response.url == job.get_absolute_url()

    jobs.write(job.pk)

    job.refresh_from_db()
    assert (job.status, job.created, job.failure) == (ImportJob.Status.DONE, 3, "")
    assert Beneficiary.objects.count() == 3
