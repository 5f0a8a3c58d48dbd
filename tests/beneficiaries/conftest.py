"""A small world for the beneficiaries' scope: people in the Rhône, in Paris, one living in
Paris but accompanied in a Rhône action, and one only referred by the Rhône operator; and the
page tests' world of people followed through their enrolments (`followed`, see world.py)."""

from types import SimpleNamespace

import pytest

from ..factories import OrganisationFactory
from ..programmes.factories import ActionFactory
from .factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from .world import followed  # noqa: F401


@pytest.fixture
def world(departments, rhone_operator):
    paris_operator = OrganisationFactory(kind="operator", department=departments["75"])
    rhone_action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    paris_action = ActionFactory(operator=paris_operator, departments=[departments["75"]])
    people = {
        "rhone": BeneficiaryFactory(last_name="Haidari", department=departments["69"]),
        "paris": BeneficiaryFactory(last_name="Diallo", department=departments["75"]),
        "moved": BeneficiaryFactory(last_name="Tesfamariam", department=departments["75"]),
        "referred": BeneficiaryFactory(
            last_name="Koné", department=departments["13"], referent_organisation=rhone_operator
        ),
    }
    enrolments = {
        "rhone": EnrolmentFactory(beneficiary=people["rhone"], action=rhone_action, exited=True),
        "paris": EnrolmentFactory(beneficiary=people["paris"], action=paris_action, exited=True),
        "moved": EnrolmentFactory(beneficiary=people["moved"], action=rhone_action, exited=True),
    }
    steps = {
        name: PathwayStepFactory(enrolment=enrolment) for name, enrolment in enrolments.items()
    }
    steps["loose"] = PathwayStepFactory(beneficiary=people["moved"], kind="housing")
    return SimpleNamespace(
        people=people,
        enrolments=enrolments,
        steps=steps,
        rhone_action=rhone_action,
        paris_action=paris_action,
    )


@pytest.fixture
def users(national_user, rhone_user, paris_user, operator_user, company_user):
    return {
        "national": national_user,
        "rhone": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
    }
