"""Editing a convention and adding its amendments: editors only, nothing lost that the editor
could not see, and documents kept private."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import ConventionAmendment

from .factories import PDF_BYTES, PNG_BYTES, ConventionFactory


def edit_data(convention, **overrides):
    return {
        "title": convention.title,
        "parties": [party.pk for party in convention.parties.all()],
        "scope": convention.scope,
        "departments": [department.pk for department in convention.departments.all()],
        "status": convention.status,
        "signed_on": convention.signed_on.isoformat() if convention.signed_on else "",
        "start_date": convention.start_date.isoformat(),
        "end_date": convention.end_date.isoformat() if convention.end_date else "",
        "owner": convention.owner_id or "",
        "description": convention.description,
        **overrides,
    }


def test_a_coordinator_edits_a_convention_and_the_change_is_in_its_history(
    client, rhone_user, conventions
):
    convention = conventions["rhone"]
    client.force_login(rhone_user)
    response = client.post(
        reverse("conventions:convention-update", args=[convention.pk]),
        edit_data(convention, status="active"),
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.status == "active"
    assert convention.document.read().startswith(b"%PDF-")  # kept when no new file is sent
    page = client.get(convention.get_absolute_url()).content.decode()
    assert "Signed → Active" in page


def test_parties_and_départements_the_coordinator_cannot_see_are_kept(
    client, rhone_user, orgs, departments
):
    convention = ConventionFactory(
        signed=True,
        parties=[orgs["own_company"], orgs["paris_company"]],
        departments=[departments["69"], departments["75"]],
    )
    client.force_login(rhone_user)
    response = client.post(
        reverse("conventions:convention-update", args=[convention.pk]),
        edit_data(convention, title="Renamed"),
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.title == "Renamed"
    assert set(convention.parties.all()) == {orgs["own_company"], orgs["paris_company"]}
    assert set(convention.departments.all()) == {departments["69"], departments["75"]}


def test_a_coordinator_keeps_one_of_their_départements(client, rhone_user, orgs, departments):
    convention = ConventionFactory(
        signed=True,
        parties=[orgs["own_company"]],
        departments=[departments["69"], departments["75"]],
    )
    client.force_login(rhone_user)
    response = client.post(
        reverse("conventions:convention-update", args=[convention.pk]),
        edit_data(convention, departments=[departments["75"].pk]),
    )
    assert response.status_code == 200
    assert "Keep at least one département of your territory" in response.content.decode()


def test_an_amendment_is_added_with_its_pdf_and_downloaded(
    client, rhone_user, company_user, conventions, private_root
):
    convention = conventions["rhone"]
    client.force_login(rhone_user)
    response = client.post(
        reverse("conventions:amendment-create", args=[convention.pk]),
        {
            "signed_on": "2026-06-01",
            "summary": "Ajoute le site de Villeurbanne.",
            "document": SimpleUploadedFile("avenant-1.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    assert response.url == convention.get_absolute_url()
    amendment = ConventionAmendment.objects.get(convention=convention)
    assert (private_root / amendment.document.name).read_bytes() == PDF_BYTES
    client.force_login(company_user)  # a party reads it
    page = client.get(convention.get_absolute_url()).content.decode()
    assert "Ajoute le site de Villeurbanne." in page
    url = reverse("conventions:amendment-document", args=[amendment.pk])
    assert url in page
    download = client.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_an_amendment_with_a_fake_pdf_is_refused(client, rhone_user, conventions, private_root):
    client.force_login(rhone_user)
    before = {path for path in private_root.rglob("*") if path.is_file()}
    response = client.post(
        reverse("conventions:amendment-create", args=[conventions["rhone"].pk]),
        {
            "signed_on": "2026-06-01",
            "summary": "Ajoute un site.",
            "document": SimpleUploadedFile("avenant.pdf", PNG_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Only PDF files are accepted." in response.content.decode()
    assert not ConventionAmendment.objects.exists()
    assert {path for path in private_root.rglob("*") if path.is_file()} == before


@pytest.mark.parametrize("role", ["national", "territorial"])
def test_a_convention_without_document_has_no_download(sign_in, orgs, departments, role):
    convention = ConventionFactory(parties=[orgs["own_company"]], departments=[departments["69"]])
    client = sign_in(role)
    assert client.get(reverse("conventions:document", args=[convention.pk])).status_code == 404
    assert "Not uploaded yet." in client.get(convention.get_absolute_url()).content.decode()
