"""Creating a convention: everything is validated before saving, the signed PDF lands in the
private storage only, and a refused form leaves nothing behind."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Convention

from .factories import PDF_BYTES, PNG_BYTES

URL = reverse("conventions:convention-create")


def form_data(orgs, territories, **overrides):
    return {
        "title": "Convention BTP Rhône 2026",
        "parties": [orgs["own_company"].pk, orgs["other_rhone_company"].pk],
        "scope": "territorial",
        "departments": [territories["69"].pk],
        "status": "signed",
        "signed_on": "2026-01-10",
        "start_date": "2026-01-15",
        "end_date": "2027-01-14",
        "owner": "",
        "description": "Vingt recrutements en alternance.",
        **overrides,
    }


def files_under(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_coordinator_creates_a_convention_of_their_territory_with_its_pdf(
    client, rhone_user, orgs, departments, private_root, settings, national_user
):
    client.force_login(rhone_user)
    document = SimpleUploadedFile("signee.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        URL, form_data(orgs, departments, document=document, owner=national_user.pk)
    )
    convention = Convention.objects.get(title="Convention BTP Rhône 2026")
    assert response.status_code == 302
    assert response.url == convention.get_absolute_url()
    assert set(convention.parties.all()) == {orgs["own_company"], orgs["other_rhone_company"]}
    assert list(convention.departments.all()) == [departments["69"]]
    assert convention.owner == national_user
    assert convention.end_date == datetime.date(2027, 1, 14)
    stored = files_under(private_root)
    assert len(stored) == 1
    assert stored[0].read_bytes() == PDF_BYTES
    assert files_under(settings.MEDIA_ROOT) == []
    assert not list(settings.STATIC_ROOT.rglob("signee*.pdf"))
    records = convention.history.order_by("history_date")
    assert records.first().history_type == "+"
    assert {record.history_user for record in records} == {rhone_user}
    page = client.get(response.url).content.decode()
    assert "fr-alert--success" in page
    assert reverse("conventions:document", args=[convention.pk]) in page


def test_the_form_uploads_files(client, rhone_user, departments):
    client.force_login(rhone_user)
    assert 'enctype="multipart/form-data"' in client.get(URL).content.decode()


def test_national_staff_create_a_national_convention_and_own_it_by_default(
    client, national_user, orgs, departments
):
    client.force_login(national_user)
    page = client.get(URL).content.decode()
    assert f'<option value="{national_user.pk}" selected>' in page
    response = client.post(
        URL,
        form_data(orgs, departments, scope="national", departments=[], owner=national_user.pk),
    )
    assert response.status_code == 302
    convention = Convention.objects.get()
    assert convention.scope == "national"
    assert convention.owner == national_user


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"scope": "national", "departments": []}, "scope", "Only national staff"),
        ({"departments": []}, "departments", "at least one département"),
        ("paris", "departments", "Choose départements of your territory"),
        ({"end_date": "2025-12-31"}, "end_date", "The end cannot be before the start"),
        ({"signed_on": ""}, "signed_on", "Give the signing date"),
        ({"parties": []}, "parties", "Choose “"),
    ],
)
def test_invalid_conventions_are_refused_with_a_clear_error(
    client, rhone_user, orgs, departments, private_root, overrides, field, message
):
    if overrides == "paris":
        overrides = {"departments": [departments["75"].pk]}
    client.force_login(rhone_user)
    document = SimpleUploadedFile("signee.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(URL, form_data(orgs, departments, document=document, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "fr-error-text" in page
    assert message in page
    assert not Convention.objects.exists()
    assert files_under(private_root) == []


def test_a_coordinator_cannot_pick_parties_they_cannot_see(client, rhone_user, orgs, departments):
    client.force_login(rhone_user)
    response = client.post(URL, form_data(orgs, departments, parties=[orgs["paris_company"].pk]))
    assert response.status_code == 200
    assert "parties" in response.context["form"].errors
    assert not Convention.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("logo.pdf", PNG_BYTES, "application/pdf"), "Only PDF"),
        (lambda: SimpleUploadedFile("signee.docx", PDF_BYTES, "application/pdf"), "Only PDF"),
        (
            lambda: SimpleUploadedFile(
                "enorme.pdf", PDF_BYTES + b"0" * (1024 * 1024), "application/pdf"
            ),
            "too large (1 MB at most)",
        ),
    ],
    ids=["png-posing-as-pdf", "not-a-pdf-name", "too-large"],
)
def test_documents_other_than_small_pdfs_are_refused(
    client, national_user, orgs, departments, private_root, settings, upload, message
):
    settings.PDF_MAX_SIZE = 1024 * 1024  # 1 MB instead of 10, for speed
    client.force_login(national_user)
    response = client.post(URL, form_data(orgs, departments, document=upload()))
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    page = response.content.decode()
    assert "fr-upload-group--error" in page
    assert "fr-error-text" in page
    assert message in page
    assert not Convention.objects.exists()
    assert files_under(private_root) == []
