"""generate_volume writes a valid, deterministic volume on top of the demo accounts, at a
small factor here (1 % of the national volume)."""

import io
from collections import Counter

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from stdnum.fr import siret

from beneficiaries.choices import EnrolmentStatus, FollowUpSituation, StepKind
from beneficiaries.models import (
    AGIR_MAX_MONTHS,
    FOLLOW_UP_MONTHS,
    Beneficiary,
    Enrolment,
    FollowUp,
    PathwayStep,
)
from demo.accounts import seed_accounts, seed_organisations
from demo.partnerships.dates import REFERENCE_DAY
from demo.volume import NATIONAL, SIREN_PREFIX
from partners.models import (
    Contact,
    Convention,
    ConventionObjective,
    Interaction,
    Lead,
    LeadStatus,
    MobilisationAction,
    Organisation,
    OrganisationKind,
)
from programmes.models import Action, ActionStatus, Programme, TerritorialContract

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="generate_volume writes by COPY, numbered by PostgreSQL sequences",
    ),
]
FACTOR = 0.01


@pytest.fixture
def demo_accounts(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_accounts(seed_organisations())


def generate(*args):
    out = io.StringIO()
    call_command("generate_volume", "--factor", str(FACTOR), *args, stdout=out)
    return out.getvalue()


def generated_organisations():
    return Organisation.objects.filter(siren__startswith=SIREN_PREFIX)


def planned(kind):
    return max(1, round(NATIONAL[kind] * FACTOR))


def test_dry_run_writes_nothing(demo_accounts):
    output = generate()
    assert "Dry run, nothing written" in output
    assert f"organisations: {planned('organisations')}" in output
    assert not generated_organisations().exists()


def test_writes_the_planned_counts_with_valid_rows(demo_accounts):
    output = generate("--wet-run")
    assert "interactions:" in output and "Done in" in output
    organisations = generated_organisations()
    assert organisations.count() == planned("organisations")
    assert all(siret.is_valid(number) for number in organisations.values_list("siret", flat=True))
    assert set(organisations.values_list("kind", flat=True)) == set(OrganisationKind.values)
    for organisation in organisations.filter(kind=OrganisationKind.COMPANY)[:20]:
        organisation.full_clean()
    assert Contact.objects.filter(organisation__in=organisations).count() == planned("contacts")
    assert TerritorialContract.objects.count() == planned("contracts")
    assert Action.objects.count() == planned("actions")
    assert Convention.objects.count() == planned("conventions")
    assert ConventionObjective.objects.count() == planned("objectives")
    assert MobilisationAction.objects.count() == planned("mobilisation actions")
    assert Interaction.objects.count() == planned("interactions")
    leads = Lead.objects.all()
    assert leads.count() == planned("leads")
    assert set(leads.values_list("status", flat=True)) == set(LeadStatus.values)
    signed = leads.filter(status=LeadStatus.CONVENTION)
    assert signed.filter(convention__isnull=True).count() == 0
    assert all(lead.convention.parties.filter(pk=lead.organisation_id) for lead in signed)
    # Each lead's history: created as new, then one row per step, the last one as it is now.
    lead = leads.filter(status=LeadStatus.QUALIFIED).first()
    steps = list(lead.history.order_by("history_date").values_list("status", flat=True))
    assert steps == [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED]
    invitations = MobilisationAction.invited.through.objects.count()
    assert invitations == pytest.approx(planned("invitations"), rel=0.1)
    assert Beneficiary.objects.count() == planned("beneficiaries")
    assert Enrolment.objects.count() == planned("enrolments")
    assert PathwayStep.objects.count() == planned("pathway steps")
    assert FollowUp.objects.count() == planned("follow-ups")


def test_constraints_hold_where_the_database_does_not_check(demo_accounts):
    generate("--wet-run")
    running = Action.objects.filter(status=ActionStatus.RUNNING).exclude(agir_department=None)
    departments = list(running.values_list("agir_department", flat=True))
    assert len(departments) == len(set(departments))
    for action in MobilisationAction.objects.prefetch_related("invited", "attendees"):
        assert set(action.attendees.all()) <= set(action.invited.all())
    for lead in Lead.objects.exclude(status=LeadStatus.NEW):
        steps = [lead.submitted_at, lead.contacted_at, lead.qualified_at, lead.closed_at]
        steps = [moment for moment in steps if moment]
        assert steps == sorted(steps) and len(steps) >= 2


def test_people_keep_the_rules_and_the_demo_profile(demo_accounts):
    generate("--wet-run")
    enrolments = list(Enrolment.objects.select_related("action__programme"))
    statuses = Counter(enrolment.status for enrolment in enrolments)
    assert statuses[EnrolmentStatus.EXITED] == planned("follow-ups") // 2
    assert set(statuses) == set(EnrolmentStatus.values)
    open_pairs = [(e.beneficiary_id, e.action_id) for e in enrolments if e.is_open]
    assert len(open_pairs) == len(set(open_pairs))
    for enrolment in enrolments:
        dates = [enrolment.referral_date, enrolment.entry_date, enrolment.exit_date]
        dates = [day for day in dates if day]
        assert dates == sorted(dates) and dates[-1] <= REFERENCE_DAY
        if enrolment.action.programme.code == Programme.AGIR and enrolment.exit_date:
            limit = enrolment.entry_date + relativedelta(months=AGIR_MAX_MONTHS)
            assert enrolment.exit_date <= limit
    exits = {e.pk: e.exit_date for e in enrolments if e.status == EnrolmentStatus.EXITED}
    for follow_up in FollowUp.objects.all():
        assert follow_up.due_date == exits[follow_up.enrolment_id] + relativedelta(
            months=follow_up.months
        )
        follow_up.clean()  # a contract type exactly when employed
    assert Counter(FollowUp.objects.values_list("months", flat=True)) == dict.fromkeys(
        FOLLOW_UP_MONTHS, planned("follow-ups") // 2
    )
    assert FollowUp.objects.filter(situation=FollowUpSituation.EMPLOYED).exists()
    jobs = PathwayStep.objects.filter(kind=StepKind.JOB).select_related("organisation")
    assert jobs.exists()
    for job in jobs:
        assert job.contract_type and 0 < job.weekly_hours <= 48
        assert job.organisation.kind in (OrganisationKind.COMPANY, OrganisationKind.GEIQ)
    steps = PathwayStep.objects.select_related("enrolment")
    for step in steps.exclude(enrolment__isnull=True)[:500]:
        assert step.beneficiary_id == step.enrolment.beneficiary_id
        assert step.enrolment.entry_date <= step.start_date
    people = Beneficiary.objects.all()
    for someone in people[:50]:
        someone.full_clean()
    men = people.filter(sex="M").count() / people.count()
    assert 0.55 < men < 0.8  # about two-thirds men, as the demo's profile
    nationalities = Counter(people.values_list("nationality", flat=True))
    assert nationalities.most_common(1)[0][0] == "AF"


def test_is_deterministic_and_skips_a_second_run(demo_accounts):
    def people():
        return sorted(Beneficiary.objects.values_list("last_name", "first_name", "birth_date"))

    with transaction.atomic():
        generate("--wet-run")
        first = list(generated_organisations().order_by("siret").values_list("name", "siret"))
        first_people = people()
        transaction.set_rollback(True)
    generate("--wet-run")
    second = list(generated_organisations().order_by("siret").values_list("name", "siret"))
    assert first == second
    assert first_people == people()
    assert "already generated" in generate("--wet-run")
    assert generated_organisations().count() == planned("organisations")


def test_requires_the_demo_accounts():
    with pytest.raises(CommandError, match="seed_demo"):
        generate("--wet-run")


@override_settings(PRODUCTION=True)
def test_refuses_to_run_in_production(demo_accounts):
    with pytest.raises(CommandError, match="production"):
        generate("--wet-run")
