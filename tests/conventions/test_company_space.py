"""The company space: a company contact sees their organisation, its conventions with their
progress and the mobilisation actions they are invited to — never another company's — and
keeps their needs and contacts up to date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Contact, Organisation
from reporting import cache as reporting_cache

from ..beneficiaries.factories import PathwayStepFactory
from ..factories import OrganisationFactory
from .factories import ConventionFactory, MobilisationActionFactory, ObjectiveFactory

HOME = reverse("company:home")
#: The company space's queries, whatever the number of conventions and objectives (of which
#: reporting.progress.objectives_progress takes five: parties, départements, two for event
#: participants, one for hires).
QUERIES = 20


@pytest.fixture
def actions(orgs):
    today = timezone.localdate()
    return {
        "upcoming": MobilisationActionFactory(
            title="Job dating bâtiment",
            date=today + datetime.timedelta(days=20),
            invited=[orgs["own_company"]],
        ),
        "sooner": MobilisationActionFactory(
            title="Webinaire accueil",
            kind="webinar",
            date=today + datetime.timedelta(days=5),
            invited=[orgs["own_company"]],
        ),
        "attended": MobilisationActionFactory(
            title="Petit-déjeuner RH",
            date=today - datetime.timedelta(days=30),
            attendees=[orgs["own_company"]],
            participants=12,
        ),
        "other": MobilisationActionFactory(
            title="Forum Paris",
            date=today + datetime.timedelta(days=10),
            invited=[orgs["paris_company"]],
        ),
    }


def test_a_company_contact_sees_their_organisation_conventions_and_actions(
    client, company_user, orgs, conventions, actions
):
    company = orgs["own_company"]
    company.opco = OrganisationFactory(name="Constructys", kind="opco", siret="")
    company.address, company.postcode, company.city = "3 quai Perrache", "69002", "Lyon"
    company.save()
    ObjectiveFactory(convention=conventions["rhone"], target=40)
    client.force_login(company_user)
    response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    for shown in [
        company.name,
        company.siret,
        "Constructys",
        "3 quai Perrache",
        conventions["rhone"].title,
        conventions["rhone"].get_absolute_url(),
        "Participants at events",
        "<progress",
        "Job dating bâtiment",
        "Webinaire accueil",
        "Petit-déjeuner RH",
    ]:
        assert shown in page, shown
    for hidden in [
        conventions["national"].title,
        conventions["paris"].title,
        conventions["operator"].title,
        orgs["paris_company"].name,
        "Forum Paris",
    ]:
        assert hidden not in page, hidden
    # Upcoming first, the soonest at the top; then the past.
    assert page.index("Webinaire accueil") < page.index("Job dating bâtiment")
    assert page.index("Job dating bâtiment") < page.index("Petit-déjeuner RH")


def test_hires_at_the_company_are_counted_without_a_name(client, company_user, orgs, conventions):
    objective = ObjectiveFactory(convention=conventions["rhone"], indicator="hires", target=30)

    def hire(last_name, first_name):
        return PathwayStepFactory(
            job=True,
            organisation=orgs["own_company"],
            start_date=objective.period_start,
            beneficiary__last_name=last_name,
            beneficiary__department=orgs["own_company"].department,
            beneficiary__first_name=first_name,
        )

    hired = [hire("Haidari", "Zabihullah")]
    client.force_login(company_user)
    page = client.get(HOME).content.decode()
    # One person is too few to show to someone who may not see them (DESIGN.md §5).
    assert "Fewer than 5 of 30" in page and "1 of 30" not in page
    hired += [hire(name, "Amina") for name in ["Tesfay", "Rahimi", "Diallo", "Koroma"]]
    reporting_cache.bump()  # what their commit does: the progress cached above is dropped
    page = client.get(HOME).content.decode()
    assert "5 of 30" in page and "Fewer than 5 of 30" not in page
    assert "Not measured yet" not in page
    for step in hired:
        for hidden in [step.beneficiary.last_name, step.beneficiary.first_name]:
            assert hidden not in page, hidden


def _conventions_with_objectives(count, company):
    for _ in range(count):
        convention = ConventionFactory(parties=[company, OrganisationFactory()])
        ObjectiveFactory(convention=convention, indicator="event_participants")
        ObjectiveFactory(convention=convention, indicator="hires")


def test_the_progress_of_every_objective_takes_the_same_queries_whatever_their_number(
    client, company_user, orgs, actions
):
    client.force_login(company_user)
    _conventions_with_objectives(1, orgs["own_company"])
    client.get(HOME)  # warm the session and the user's scope
    reporting_cache.bump()  # and measure the objectives again (cached per objectives and day)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    _conventions_with_objectives(5, orgs["own_company"])
    reporting_cache.bump()  # what their commit does
    with CaptureQueriesContext(connection) as many:
        page = client.get(HOME).content.decode()
    assert "Not measured yet" not in page
    assert page.count("<progress") >= 12  # every objective measured
    assert len(many) == len(few) == QUERIES


def test_another_company_sees_none_of_it(client, users, conventions, actions):
    client.force_login(users["other_company"])
    page = client.get(HOME).content.decode()
    assert users["other_company"].memberships.get().organisation.name in page
    for hidden in [conventions["rhone"].title, "Job dating bâtiment", "Petit-déjeuner RH"]:
        assert hidden not in page


@pytest.mark.parametrize("role", ["national", "territorial", "operator"])
def test_only_company_contacts_enter(sign_in, users, role):
    assert sign_in(role).get(HOME).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_company_updates_its_needs_and_the_change_is_in_history(client, company_user, orgs):
    company = orgs["own_company"]
    client.force_login(company_user)
    url = reverse("company:needs", args=[company.pk])
    assert 'type="checkbox"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "needs_sectors": ["construction", "logistics"],
            "needs_jobs": "Maçon, cariste",
            "needs_hires": "6",
        },
    )
    assert response.status_code == 302
    assert response.url == HOME
    company.refresh_from_db()
    assert company.needs_sectors == ["construction", "logistics"]
    assert company.needs_jobs == "Maçon, cariste"
    assert company.needs_hires == 6
    assert company.needs_updated_at is not None
    record = company.history.latest()
    assert record.history_user == company_user
    changed = {change.field for change in record.diff_against(record.prev_record).changes}
    assert {"needs_sectors", "needs_jobs", "needs_hires", "needs_updated_at"} <= changed
    page = client.get(HOME).content.decode()
    assert "Construction and public works, Logistics and transport" in page
    assert "Maçon, cariste" in page


def test_invalid_needs_are_refused(client, company_user, orgs):
    company = orgs["own_company"]
    client.force_login(company_user)
    response = client.post(
        reverse("company:needs", args=[company.pk]),
        {"needs_sectors": ["rocket_science"], "needs_jobs": "", "needs_hires": "-2"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"needs_sectors", "needs_hires"}
    assert "fr-error-text" in response.content.decode()
    company.refresh_from_db()
    assert company.needs_updated_at is None
    assert company.history.count() == 1


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        ("company", "own_company", 200),
        ("company", "other_rhone_company", 404),
        ("other_company", "own_company", 404),
        ("national", "own_company", 403),
        ("territorial", "own_company", 403),
    ],
)
@pytest.mark.parametrize("url_name", ["company:needs", "company:contact-create"])
def test_only_their_own_contacts_change_a_company(
    sign_in, orgs, url_name, role, organisation, expected
):
    url = reverse(url_name, args=[orgs[organisation].pk])
    assert sign_in(role).get(url).status_code == expected
    if expected != 200:
        sign_in(role).post(url, {"needs_jobs": "Hijacked", "first_name": "X", "last_name": "Y"})
        assert not Organisation.objects.filter(needs_jobs="Hijacked").exists()
        assert not Contact.objects.filter(first_name="X").exists()


def test_a_company_adds_and_edits_its_contacts(client, company_user, orgs):
    company = orgs["own_company"]
    client.force_login(company_user)
    response = client.post(
        reverse("company:contact-create", args=[company.pk]),
        {
            "first_name": "Inès",
            "last_name": "Morel",
            "job_title": "DRH",
            "email": "ines@example.fr",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(organisation=company)
    response = client.post(
        reverse("company:contact-update", args=[contact.pk]),
        {"first_name": "Inès", "last_name": "Morel", "job_title": "DRH", "phone": "04 72 00 00 00"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "04 72 00 00 00"
    assert "+33 4 72 00 00 00" in client.get(HOME).content.decode()


def test_a_company_cannot_edit_another_companys_contact(client, company_user, orgs):
    contact = Contact.objects.create(
        organisation=orgs["other_rhone_company"], first_name="Paul", last_name="Girard"
    )
    client.force_login(company_user)
    url = reverse("company:contact-update", args=[contact.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"first_name": "X", "last_name": "Y"}).status_code == 404
