"""The page tests' world (fixture `followed`): one person followed in Rhône, one in Paris,
each with an exited enrolment (its follow-ups due) and an open one with a job step, and users of
every role, an operator of each place included."""

import datetime
from types import SimpleNamespace

import pytest

from partners.models import OrganisationKind

from ..factories import MembershipFactory, OrganisationFactory
from ..programmes.factories import ActionFactory
from .factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory


def followed_person(department, operator, title, last_name):
    """A person living in `department`, enrolled twice in an action of `operator` covering
    `department`: once exited (with its follow-ups), once entered, with a job step."""
    action = ActionFactory(title=title, operator=operator, departments=[department])
    person = BeneficiaryFactory(
        last_name=last_name, department=department, referent_organisation=operator
    )
    exited = EnrolmentFactory(beneficiary=person, action=action, exited=True)
    current = EnrolmentFactory(
        beneficiary=person,
        action=action,
        entered=True,
        referral_date=datetime.date(2026, 7, 1),
        entry_date=datetime.date(2026, 7, 6),
        notes="Très motivé",
    )
    step = PathwayStepFactory(enrolment=current, job=True, start_date=datetime.date(2026, 7, 20))
    return SimpleNamespace(
        action=action,
        person=person,
        exited=exited,
        enrolment=current,
        step=step,
        follow_up=exited.follow_ups.order_by("months").first(),
    )


@pytest.fixture
def followed(
    departments, rhone_operator, national_user, rhone_user, paris_user, operator_user, company_user
):
    paris_operator = OrganisationFactory(
        kind=OrganisationKind.OPERATOR, department=departments["75"]
    )
    other_operator_user = MembershipFactory(role="operator", organisation=paris_operator).user
    return SimpleNamespace(
        rhone=followed_person(departments["69"], rhone_operator, "Bâtir en Rhône", "Haidari"),
        paris=followed_person(departments["75"], paris_operator, "Cuisines de Paris", "Touré"),
        paris_operator=paris_operator,
        users={
            "national": national_user,
            "rhone": rhone_user,
            "paris": paris_user,
            "operator": operator_user,
            "other_operator": other_operator_user,
            "company": company_user,
        },
    )
