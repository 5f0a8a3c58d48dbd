import pytest

from partners.models import OrganisationKind
from programmes.models import Programme

from ..factories import MembershipFactory, OrganisationFactory
from .factories import ActionFactory, ContractFactory, TargetFactory, programme


@pytest.fixture
def programmes(db):
    """HOPE, PIC, AGIR and CTAI, as the data migration creates them."""
    codes = [Programme.HOPE, Programme.PIC, Programme.AGIR, Programme.CTAI]
    return {code: programme(code) for code in codes}


@pytest.fixture
def paris_operator(departments):
    return OrganisationFactory(kind=OrganisationKind.OPERATOR, department=departments["75"])


@pytest.fixture
def paris_operator_user(paris_operator):
    return MembershipFactory(role="operator", organisation=paris_operator).user


@pytest.fixture
def rhone_action(departments, rhone_operator):
    return ActionFactory(
        title="Bâtir en Rhône", operator=rhone_operator, departments=[departments["69"]]
    )


@pytest.fixture
def paris_action(departments, paris_operator):
    return ActionFactory(
        title="Cuisines de Paris", operator=paris_operator, departments=[departments["75"]]
    )


@pytest.fixture
def rhone_contract(departments):
    return ContractFactory(name="CTAI Métropole de Lyon", departments=[departments["69"]])


@pytest.fixture
def paris_contract(departments):
    return ContractFactory(name="CTAI Ville de Paris", departments=[departments["75"]])


@pytest.fixture
def operated_contract(departments, rhone_operator):
    """A Rhône contract whose employment action the Rhône operator runs."""
    contract = ContractFactory(name="CTAI Villeurbanne", departments=[departments["69"]])
    ActionFactory(
        ctai=True, contract=contract, operator=rhone_operator, departments=[departments["69"]]
    )
    return contract


@pytest.fixture
def rhone_action_target(rhone_action):
    return TargetFactory(action=rhone_action)


@pytest.fixture
def paris_action_target(paris_action):
    return TargetFactory(action=paris_action)


@pytest.fixture
def rhone_contract_target(rhone_contract):
    return TargetFactory(contract=rhone_contract)


@pytest.fixture
def paris_contract_target(paris_contract):
    return TargetFactory(contract=paris_contract)


@pytest.fixture
def users(national_user, rhone_user, paris_user, operator_user, company_user):
    return {
        "national": national_user,
        "rhone": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
    }
