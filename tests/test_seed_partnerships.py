"""seed_demo's partnerships (demo.partnerships): leads at every step, conventions with
objectives, a year of mobilisation actions and contact notes, consistent and idempotent."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from config.vocabularies import OBJECTIVE_INDICATORS, Indicator, Sector
from demo.partnerships.dates import REFERENCE_DAY
from partners.models import (
    Contact,
    Convention,
    ConventionAmendment,
    ConventionObjective,
    ConventionStatus,
    HelpWanted,
    Interaction,
    InteractionKind,
    Lead,
    LeadStatus,
    MobilisationAction,
    MobilisationKind,
    Organisation,
    OrganisationKind,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

MODELS = (
    Organisation,
    Contact,
    Lead,
    Convention,
    ConventionObjective,
    ConventionAmendment,
    MobilisationAction,
    Interaction,
)


def seed_demo():
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeds once for the module, in a transaction rolled back at its end (each test runs in
    a savepoint inside it)."""
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), transaction.atomic(), fast_hasher:
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def company_user():
    return User.objects.get(email="entreprise@tremplin.test")


def test_leads_at_every_status_some_late_some_recent():
    leads = Lead.objects.all()
    assert leads.count() >= 25
    assert set(leads.values_list("status", flat=True)) == set(LeadStatus.values)
    late = Lead.objects.late(today=REFERENCE_DAY)
    assert late.count() >= 3
    recent = leads.filter(status=LeadStatus.NEW).exclude(pk__in=late.values("pk"))
    assert recent.count() >= 3
    codes = set(leads.values_list("department__code", flat=True))
    assert {"69", "75"} < codes and len(codes) >= 6


def test_leads_are_consistent():
    coordinators = {"69": "rhone@tremplin.test", "75": "paris@tremplin.test"}
    for lead in Lead.objects.select_related("organisation", "contact", "assignee", "department"):
        assert lead.organisation.kind == OrganisationKind.COMPANY, lead
        assert lead.organisation.department == lead.department, lead
        assert lead.contact and lead.contact.organisation == lead.organisation, lead
        assert lead.sectors and set(lead.sectors) <= set(Sector.values), lead
        assert lead.help_wanted and set(lead.help_wanted) <= set(HelpWanted.values), lead
        assert lead.jobs_offered and lead.positions and lead.hires_planned >= lead.positions
        assert lead.notes, lead
        steps = [lead.submitted_at, lead.contacted_at, lead.qualified_at, lead.closed_at]
        reached = [step for step in steps if step is not None]
        assert reached == sorted(reached), lead
        assert timezone.localtime(reached[-1]).date() <= REFERENCE_DAY, lead
        if lead.status == LeadStatus.NEW:
            assert reached == [lead.submitted_at], lead
        else:
            assert lead.contacted_at and lead.assignee, lead
        if lead.status == LeadStatus.QUALIFIED:
            assert lead.qualified_at and not lead.closed_at, lead
        if lead.status in (LeadStatus.CONVENTION, LeadStatus.NOT_PURSUED):
            assert lead.closed_at, lead
        assert bool(lead.not_pursued_reason) == (lead.status == LeadStatus.NOT_PURSUED), lead
        assert (lead.convention is not None) == (lead.status == LeadStatus.CONVENTION), lead
        if lead.convention:
            assert lead.organisation in lead.convention.parties.all(), lead
            assert timezone.localtime(lead.closed_at).date() == lead.convention.signed_on, lead
        if lead.assignee and lead.department.code in coordinators:
            assert lead.assignee.email == coordinators[lead.department.code], lead
    leads = Lead.objects.all()
    for code, email in coordinators.items():
        assert leads.filter(department__code=code, assignee__email=email).exists(), code


def test_companies_with_leads_state_their_needs():
    companies = Organisation.objects.filter(leads__isnull=False).distinct()
    assert companies.exists()
    for company in companies:
        assert company.needs_sectors and company.needs_jobs and company.needs_hires, company
        assert company.needs_updated_at is not None, company


def test_conventions_national_and_territorial_at_every_status():
    conventions = Convention.objects.all()
    assert conventions.count() >= 10
    assert set(conventions.values_list("status", flat=True)) == set(ConventionStatus.values)
    for name in ("Fédération des GEIQ", "ANEFA"):
        convention = conventions.get(parties__name=name, scope="national")
        assert name in convention.title
    opco = conventions.filter(parties__kind=OrganisationKind.OPCO).distinct()
    assert {"Constructys", "Akto"} <= set(opco.values_list("parties__name", flat=True))
    for code in ("69", "75"):
        territorial = conventions.filter(scope="territorial", departments__code=code)
        assert territorial.filter(parties__kind=OrganisationKind.COMPANY).exists(), code
        assert territorial.filter(parties__kind=OrganisationKind.GEIQ).exists(), code
    assert conventions.filter(status=ConventionStatus.ACTIVE).count() >= 3
    assert ConventionAmendment.objects.count() >= 2
    assert set(conventions.values_list("owner__email", flat=True)) == {"national@tremplin.test"}


def test_every_convention_has_objectives_within_its_dates():
    for convention in Convention.objects.prefetch_related("objectives"):
        objectives = list(convention.objectives.all())
        assert 2 <= len(objectives) <= 4, convention
        if convention.status != ConventionStatus.DRAFT:
            assert convention.signed_on and convention.signed_on <= REFERENCE_DAY, convention
        for objective in objectives:
            assert objective.indicator in dict(OBJECTIVE_INDICATORS)
            assert 10 <= objective.target <= 300, objective
            assert convention.start_date <= objective.period_start <= objective.period_end
            assert convention.end_date is None or objective.period_end <= convention.end_date
    assert ConventionObjective.objects.exclude(department=None).exists()


def test_the_demo_company_has_an_active_convention_and_invitations(company_user):
    active = Convention.objects.visible_to(company_user).active(today=REFERENCE_DAY)
    assert active.exists()
    indicators = set(active.values_list("objectives__indicator", flat=True))
    assert {Indicator.EVENT_PARTICIPANTS, Indicator.HIRES} <= indicators
    company = company_user.memberships.get().organisation
    assert company.name == "Bâtiments du Lyonnais"
    actions = MobilisationAction.objects.visible_to(company_user)
    assert actions.filter(date__lte=REFERENCE_DAY, attendees=company).exists()
    assert actions.filter(date__gt=REFERENCE_DAY, invited=company).exists()
    # The browser journey submits this company's first lead itself.
    assert not Lead.objects.filter(organisation=company).exists()


def test_mobilisation_actions_over_the_year_and_the_next_two_months():
    actions = MobilisationAction.objects.all()
    assert actions.count() >= 40
    assert set(actions.values_list("kind", flat=True)) == set(MobilisationKind.values)
    codes = set(actions.values_list("departments__code", flat=True))
    assert {"69", "75", None} <= codes
    assert actions.filter(date__gt=REFERENCE_DAY).count() >= 3
    for action in actions.prefetch_related("invited", "attendees", "departments"):
        assert REFERENCE_DAY - timedelta(days=366) <= action.date, action
        assert action.date <= REFERENCE_DAY + timedelta(days=62), action
        assert action.organiser and action.notes and action.created_by, action
        assert action.invited.exists(), action
        attendees = set(action.attendees.all())
        if action.date > REFERENCE_DAY:
            assert not attendees and action.participants == 0, action
        else:
            assert attendees and attendees <= set(action.invited.all()), action
            assert action.participants >= len(attendees), action
            assert action.follow_up, action
    today = timezone.localdate()
    assert not actions.filter(date__gt=today, attendees__isnull=False).exists()


def test_interactions_with_companies_and_geiq_over_the_past_year():
    interactions = Interaction.objects.all()
    assert interactions.count() >= 40
    assert set(interactions.values_list("kind", flat=True)) == set(InteractionKind.values)
    kinds = set(interactions.values_list("organisation__kind", flat=True))
    assert kinds == {OrganisationKind.COMPANY, OrganisationKind.GEIQ}
    codes = set(interactions.values_list("organisation__department__code", flat=True))
    assert {"69", "75"} < codes and len(codes) >= 5
    authors = set(interactions.values_list("author__email", flat=True))
    assert authors == {"national@tremplin.test", "rhone@tremplin.test", "paris@tremplin.test"}
    assert not interactions.filter(date__gt=REFERENCE_DAY).exists()
    assert not interactions.filter(date__lt=REFERENCE_DAY - timedelta(days=365)).exists()
    assert not interactions.filter(summary="").exists()


def test_a_second_run_changes_nothing():
    before = {model.__name__: model.objects.count() for model in MODELS}

    output = seed_demo()

    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert f"{before['Lead']} leads (0 new)" in output
    assert f"{before['MobilisationAction']} mobilisation actions (0 new)" in output
