"""Following a lead up: status changes stamp their dates, not pursuing needs a reason, the
assignee is one of the département's coordinators or national staff, and a signed convention
may be linked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.leads.forms import LeadForm
from partners.models import Lead
from partners.models.interest import working_days_before

from ..factories import MembershipFactory
from .factories import ConventionFactory, LeadFactory


@pytest.fixture
def lead(departments):
    return LeadFactory(department=departments["69"], organisation__name="Rhône Traiteur")


def update(client, lead, **data):
    payload = {"status": lead.status, "assignee": "", "not_pursued_reason": "", "notes": ""}
    payload.update(data)
    return client.post(reverse("leads:lead-update", args=[lead.pk]), payload)


def test_each_step_of_the_pipeline_is_dated(client, rhone_user, lead):
    client.force_login(rhone_user)
    response = update(client, lead, status="contacted", notes="Appel le 3 mars")
    assert response.status_code == 302
    assert response.url == lead.get_absolute_url()
    lead.refresh_from_db()
    assert lead.status == "contacted"
    assert lead.contacted_at is not None
    assert lead.qualified_at is None
    contacted_at = lead.contacted_at

    update(client, lead, status="qualified")
    lead.refresh_from_db()
    assert lead.qualified_at is not None
    assert lead.contacted_at == contacted_at  # a date once stamped stays
    assert lead.closed_at is None

    update(client, lead, status="convention")
    lead.refresh_from_db()
    assert lead.closed_at is not None

    page = client.get(lead.get_absolute_url()).content.decode()
    assert "fr-alert--success" in page
    assert "Appel le 3 mars" in page
    assert timezone.localtime(lead.contacted_at).strftime("%d/%m/%Y") in page
    history = lead.history.order_by("history_date")
    assert [record.status for record in history] == ["new", "contacted", "qualified", "convention"]
    assert history.last().history_user == rhone_user


def test_saving_without_changing_the_status_stamps_nothing(client, rhone_user, lead):
    client.force_login(rhone_user)
    update(client, lead, notes="Rien de neuf")
    lead.refresh_from_db()
    assert (lead.contacted_at, lead.qualified_at, lead.closed_at) == (None, None, None)
    assert lead.notes == "Rien de neuf"


def test_not_pursuing_without_a_reason_is_a_field_error(client, rhone_user, lead):
    client.force_login(rhone_user)
    response = update(client, lead, status="not_pursued")
    assert response.status_code == 200
    assert response.context["form"].has_error("not_pursued_reason", "reason_required")
    page = response.content.decode()
    assert "fr-error-text" in page
    # The page still shows the lead as stored, not as the rejected form would have it.
    assert response.context["lead"].status == "new"
    lead.refresh_from_db()
    assert lead.status == "new"
    assert lead.closed_at is None
    assert lead.history.count() == 1


def test_not_pursuing_with_a_reason_closes_the_lead(client, rhone_user, lead):
    client.force_login(rhone_user)
    update(client, lead, status="not_pursued", not_pursued_reason="Aucun poste ouvert en 2026")
    lead.refresh_from_db()
    assert lead.status == "not_pursued"
    assert lead.not_pursued_reason == "Aucun poste ouvert en 2026"
    assert lead.closed_at is not None


def test_the_assignee_is_a_coordinator_of_the_departement_or_national_staff(
    client, departments, rhone_user, paris_user, national_user, auvergne_coordinator, lead
):
    form = LeadForm(instance=lead, user=rhone_user)
    assert set(form.fields["assignee"].queryset) == {
        rhone_user,
        national_user,
        auvergne_coordinator,
    }

    client.force_login(rhone_user)
    response = update(client, lead, assignee=paris_user.pk)
    assert response.context["form"].has_error("assignee", "invalid_choice")
    update(client, lead, assignee=auvergne_coordinator.pk)
    lead.refresh_from_db()
    assert lead.assignee == auvergne_coordinator


def test_a_former_assignee_stays_selectable_until_replaced(departments, rhone_user, lead):
    moved = MembershipFactory(role="territorial", departments=[departments["13"]]).user
    lead.assignee = moved
    lead.save()
    form = LeadForm(instance=lead, user=rhone_user)
    assert moved in form.fields["assignee"].queryset


def test_a_signed_lead_links_a_convention_the_user_sees(client, departments, rhone_user, lead):
    visible = ConventionFactory(title="Convention hôtellerie")
    hidden = ConventionFactory(
        title="Convention Paris", scope="territorial", departments=[departments["75"]]
    )
    client.force_login(rhone_user)

    response = update(client, lead, status="qualified", convention=visible.pk)
    assert response.context["form"].has_error("convention", "convention_not_signed")
    response = update(client, lead, status="convention", convention=hidden.pk)
    assert response.context["form"].has_error("convention", "invalid_choice")

    response = update(client, lead, status="convention", convention=visible.pk)
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.convention == visible
    assert "Convention hôtellerie" in client.get(lead.get_absolute_url()).content.decode()


def test_the_lead_page_shows_company_contact_needs_and_history(client, national_user, lead):
    lead.notes = "Rappeler en septembre"
    lead.save()
    client.force_login(national_user)
    response = client.get(lead.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{lead.organisation.get_absolute_url()}"' in page
    assert lead.contact.email in page
    assert "Commis de cuisine" in page
    assert "hospitality" not in page.split('id="needs-title"')[1].split("</dl>")[0]
    assert 'id="history-title"' in page
    assert len(response.context["history"]) == 2


def test_the_company_is_not_linked_when_its_organisation_is_out_of_sight(
    client, departments, rhone_user
):
    lead = LeadFactory(department=departments["69"], organisation__department=departments["75"])
    client.force_login(rhone_user)
    response = client.get(lead.get_absolute_url())
    assert response.status_code == 200
    assert not response.context["organisation_visible"]
    assert lead.organisation.get_absolute_url() not in response.content.decode()


def eight_working_days_ago():
    day = working_days_before(timezone.localdate(), 8)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (eight_working_days_ago, True),
        (lambda: timezone.now() - datetime.timedelta(days=1), False),
    ],
    ids=["eight working days ago", "yesterday"],
)
def test_a_lead_still_new_after_five_working_days_is_late(
    client, departments, rhone_user, submitted, late
):
    submitted_at = submitted()
    lead = LeadFactory(department=departments["69"], submitted_at=submitted_at)
    handled = LeadFactory(
        department=departments["69"], submitted_at=submitted_at, status="contacted"
    )
    assert lead.is_late is late
    assert not handled.is_late
    assert set(Lead.objects.late()) == ({lead} if late else set())

    client.force_login(rhone_user)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert ("fr-badge--warning" in page) is late


@pytest.mark.parametrize(
    ("code", "late"),
    [("67", False), ("68", False), ("57", False), ("69", True), ("75", True)],
)
def test_working_days_follow_the_calendar_of_the_leads_departement(
    departments, monkeypatch, code, late
):
    """Field case: a Bas-Rhin lead submitted on Tuesday 31 March 2026 was late on Thursday
    9 April, but Good Friday (3 April) is a holiday in Alsace-Moselle: four working days."""
    from territories.models import Department

    department = Department.objects.get(code=code)
    submitted_at = timezone.make_aware(datetime.datetime(2026, 3, 31, 16, 30))
    lead = LeadFactory(department=department, submitted_at=submitted_at)
    today = datetime.date(2026, 4, 9)
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    assert lead.is_late is late
    assert set(Lead.objects.late(today=today)) == ({lead} if late else set())


def test_26_december_is_a_holiday_in_alsace_moselle_only():
    after_christmas = datetime.date(2025, 12, 29)  # a Monday
    assert working_days_before(after_christmas, 1, "67") == datetime.date(2025, 12, 24)
    assert working_days_before(after_christmas, 1, "57") == datetime.date(2025, 12, 24)
    assert working_days_before(after_christmas, 1, "69") == datetime.date(2025, 12, 26)


def test_skipped_steps_are_dated_and_a_reopened_lead_is_no_longer_closed(departments):
    lead = LeadFactory(department=departments["69"])
    signed = timezone.now()
    lead.set_status("convention", when=signed)
    assert lead.contacted_at == lead.qualified_at == lead.closed_at == signed
    reopened = signed + datetime.timedelta(days=2)
    lead.set_status("qualified", when=reopened)
    assert lead.closed_at is None
    assert lead.qualified_at == signed  # the first time it was qualified
    dropped = reopened + datetime.timedelta(days=3)
    lead.set_status("not_pursued", when=dropped)
    assert lead.closed_at == dropped
