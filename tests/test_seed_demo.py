"""seed_demo fills the portal with a realistic, valid and idempotent demonstration data set."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from stdnum.fr import siret

from accounts.models import User
from beneficiaries.models import Beneficiary, Enrolment, FollowUp, PathwayStep
from partners.models import Contact, Convention, Organisation, OrganisationKind
from programmes.models import (
    Action,
    ActionStatus,
    ContractDomain,
    Programme,
    Target,
    TerritorialContract,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


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


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            Contact,
            Action,
            TerritorialContract,
            Target,
            Beneficiary,
            Enrolment,
            PathwayStep,
            FollowUp,
        )
    }


def test_registry_has_every_kind_with_valid_unique_sirets():
    organisations = Organisation.objects.all()
    assert organisations.count() >= 200
    assert set(organisations.values_list("kind", flat=True)) == set(OrganisationKind.values)
    sirets = list(organisations.exclude(siret="").values_list("siret", flat=True))
    assert all(siret.is_valid(value) for value in sirets)
    assert len(sirets) == len(set(sirets)) == organisations.count()
    assert organisations.values("department").distinct().count() >= 13  # 12 + national
    assert organisations.filter(kind=OrganisationKind.OPCO, department=None).count() == 11
    for name in ("Fédération des GEIQ", "ANEFA", "Préfecture du Rhône", "Constructys"):
        assert organisations.filter(name=name).exists(), name
    companies = organisations.filter(kind=OrganisationKind.COMPANY).exclude(
        name="Bâtiments du Lyonnais"
    )
    assert not companies.filter(opco=None).exists()
    for organisation in organisations.exclude(department=None).exclude(postcode=""):
        assert organisation.postcode.startswith(organisation.department.code), organisation
    assert Contact.objects.values("organisation").distinct().count() >= 100


def test_actions_cover_the_programmes_and_the_territory():
    actions = Action.objects.all()
    assert actions.count() >= 30
    assert set(actions.values_list("programme__code", flat=True)) == {
        Programme.HOPE,
        Programme.PIC,
        Programme.AGIR,
        Programme.CTAI,
    }
    codes = set(actions.values_list("departments__code", flat=True))
    assert len(codes) >= 10
    assert {"69", "75"} <= codes
    for action in actions:
        assert action.capacity > 0, action
        assert action.end_date is None or action.end_date >= action.start_date, action
        assert action.targets.exists(), action
    for session in actions.filter(programme__code=Programme.HOPE):
        assert session.hope_centre and session.hope_opco and session.housing_provided
        assert 12 <= session.capacity <= 15
        assert (
            session.start_date
            <= session.french_start
            <= session.french_end
            < session.poec_start
            <= session.poec_end
            < session.work_study_start
            <= session.work_study_end
            <= session.end_date
        ), session
    operator = Organisation.objects.get(name="Passerelles Emploi Rhône")
    assert operator.operated_actions.filter(departments__code="69").count() >= 2


def test_agir_deployments_one_running_per_department():
    agir = Action.objects.agir()
    assert agir.values("agir_wave").distinct().count() >= 2
    for deployment in agir:
        assert deployment.agir_department in deployment.departments.all()
        if deployment.status == ActionStatus.RUNNING:
            assert deployment.actual_start_date is not None
    running = Counter(
        agir.filter(status=ActionStatus.RUNNING).values_list("agir_department", flat=True)
    )
    assert running and max(running.values()) == 1
    assert agir.filter(status=ActionStatus.PLANNED).exists()
    rhone = agir.get(agir_department__code="69")
    assert rhone.targets.filter(indicator="job_or_training", value=60, unit="percent").exists()
    assert rhone.targets.filter(indicator="housing", value=80, unit="percent").exists()


def test_three_ctai_contracts_with_their_employment_actions():
    contracts = TerritorialContract.objects.all()
    assert contracts.count() == 3
    for contract in contracts:
        assert contract.actions.exists(), contract
        assert set(contract.actions.values_list("programme__code", flat=True)) == {"CTAI"}
        assert contract.prefecture.kind == OrganisationKind.STATE_SERVICE
        assert contract.signatories.exists()
        assert 150_000 <= contract.budget <= 300_000
        assert set(contract.domains) <= set(ContractDomain.values)
        assert contract.targets.exists()
    lyon = contracts.get(departments__code="69")
    assert lyon.prefecture.name == "Préfecture du Rhône"
    assert lyon.actions.count() >= 2


def test_seed_demo_is_idempotent():
    before = counts()

    seed_demo()

    assert counts() == before


REFERENCE_DAY = datetime.date(2026, 11, 27)


def test_beneficiaries_have_the_published_agir_entry_profile():
    people = Beneficiary.objects.all()
    total = people.count()
    assert 1900 <= total <= 2100

    def share(**where):
        return people.filter(**where).count() / total

    assert 0.6 <= share(sex="M") <= 0.75  # about two-thirds men
    assert 0.25 <= share(nationality="AF") <= 0.35  # three in ten from Afghanistan
    top = Counter(people.values_list("nationality", flat=True)).most_common(6)
    assert {code for code, _n in top} >= {"AF", "GN", "CI", "SD", "ER"}
    assert 0.75 <= share(employment_at_entry="none") <= 0.85  # 80 % without job or training
    assert 0.35 <= share(housing_at_entry="dna") <= 0.45  # about 40 % housed by the DNA
    first = {}
    for person, referral, birth in Enrolment.objects.values_list(
        "beneficiary", "referral_date", "beneficiary__birth_date"
    ).order_by("referral_date"):
        first.setdefault(person, (referral - birth).days / 365.25)
    assert 30 <= sum(first.values()) / len(first) <= 34  # 32 years old on average
    names = list(people.values_list("first_name", "last_name"))
    assert any("'" in first + last for first, last in names)  # N'Guessan, M'Balou
    assert any("-" in last for _first, last in names)
    assert any(" " in first for first, _last in names)  # compound first names
    assert any(set(first + last) & set("éèëïöüçıâêğ") for first, last in names)
    assert len(set(names)) >= 500


def test_pathways_span_programmes_with_every_exit_and_follow_up_state():
    from reporting.exits import with_exit_situation

    per_person = Counter(Enrolment.objects.values_list("beneficiary", flat=True))
    assert max(per_person.values()) == 3  # HOPE, then PIC, then AGIR
    assert sum(1 for n in per_person.values() if n >= 2) >= 100
    assert set(Enrolment.objects.values_list("action__programme__code", flat=True)) == {
        "HOPE",
        "PIC",
        "AGIR",
        "CTAI",
    }
    assert set(Enrolment.objects.values_list("status", flat=True)) == {
        "referred",
        "entered",
        "in_progress",
        "exited",
        "abandoned",
    }
    classes = Counter(Enrolment.objects.values_list("exit_class", flat=True))
    assert all(classes[c] >= 100 for c in ["durable", "transitional", "positive", "other"])
    # The seed writes in bulk: the stored situations are what the steps give.
    fields = ("exit_class", "employment_at_exit", "housing_at_exit", "situation_improved")
    stored = set(Enrolment.objects.values_list("pk", *fields))
    computed = set(
        with_exit_situation(Enrolment.objects.all()).values_list(
            "pk", *(f"computed_{name}" for name in fields)
        )
    )
    assert stored == computed
    contracts = set(PathwayStep.objects.filter(kind="job").values_list("contract_type", flat=True))
    assert len(contracts) == 10
    assert set(PathwayStep.objects.values_list("kind", flat=True)) >= {
        "diagnostic",
        "french_course",
        "pre_qualification",
        "training",
        "poec",
        "immersion",
        "job",
        "housing",
        "rights",
    }
    follow_ups = FollowUp.objects
    assert follow_ups.recorded().count() >= 500
    assert follow_ups.overdue(REFERENCE_DAY).exists()
    assert (
        follow_ups.due(REFERENCE_DAY)
        .exclude(pk__in=follow_ups.overdue(REFERENCE_DAY).values("pk"))
        .exists()
    )
    assert follow_ups.pending().filter(due_date__gt=REFERENCE_DAY).exists()
    assert Enrolment.objects.agir_nearing_limit(REFERENCE_DAY).exists()
    assert not Enrolment.objects.filter(status="abandoned", follow_ups__isnull=False).exists()


def test_the_demo_operator_follows_at_least_100_people():
    operator = User.objects.get(email="operateur@tremplin.test")
    assert Beneficiary.objects.visible_to(operator).count() >= 100
    company = User.objects.get(email="entreprise@tremplin.test")
    assert not Beneficiary.objects.visible_to(company).exists()


def test_the_demo_company_convention_reads_real_hires():
    from reporting.progress import objectives_progress

    company = Organisation.objects.get(name="Bâtiments du Lyonnais")
    assert PathwayStep.objects.filter(kind="job", organisation=company).count() >= 10
    convention = Convention.objects.get(parties=company)
    objectives = list(convention.objectives.select_related("convention"))
    progress = objectives_progress(objectives, day=REFERENCE_DAY)
    hires = [o for o in objectives if o.indicator == "hires"]
    assert hires and all(progress[o.pk].achieved > 0 for o in hires)


def test_referrals_at_every_status_some_received_by_the_demo_operator():
    from beneficiaries.models import Referral

    operator = User.objects.get(email="operateur@tremplin.test")
    assert set(Referral.objects.values_list("status", flat=True)) == {
        "sent",
        "accepted",
        "declined",
        "withdrawn",
    }
    received = Referral.objects.received_by(operator)
    assert set(received.values_list("status", flat=True)) == {
        "sent",
        "accepted",
        "declined",
        "withdrawn",
    }
    assert Referral.objects.sent_by(operator).filter(status="sent").exists()
    seen = Beneficiary.objects.visible_to(operator)
    assert seen.filter(referrals__in=received.filter(status="accepted")).exists()
    assert not seen.filter(referrals__in=received.filter(status="sent")).exists()
    before = Referral.objects.count()
    seed_demo()
    assert Referral.objects.count() == before


def test_duplicate_pairs_left_to_review_by_the_demo_coordinator():
    from beneficiaries.models import DuplicateCandidate, DuplicateStatus

    pending = DuplicateCandidate.objects.filter(status=DuplicateStatus.PENDING)
    assert set(pending.values_list("source", flat=True)) == {"form", "import", "nightly"}
    coordinator = User.objects.get(email="rhone@tremplin.test")
    assert DuplicateCandidate.objects.to_review_by(coordinator).exists()
    before = DuplicateCandidate.objects.count()
    seed_demo()
    assert DuplicateCandidate.objects.count() == before
