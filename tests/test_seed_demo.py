"""seed_demo fills the portal with a realistic, valid and idempotent demonstration data set."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from stdnum.fr import siret

from partners.models import Contact, Organisation, OrganisationKind
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
        for model in (Organisation, Contact, Action, TerritorialContract, Target)
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
