"""The mobilisation cast: actions in Rhône, Paris and nationally, organisations invited or not,
and who looks at them."""

from datetime import date

import pytest

from ..factories import OrganisationFactory
from .factories import MobilisationActionFactory


@pytest.fixture
def company(company_user):
    """The company (in Rhône) of `company_user`."""
    return company_user.memberships.get().organisation


@pytest.fixture
def orgs(departments, rhone_operator, company):
    return {
        "rhone_operator": rhone_operator,
        "company": company,
        "rhone_company": OrganisationFactory(
            name="Rhône Bâtiment", kind="company", department=departments["69"]
        ),
        "paris_company": OrganisationFactory(
            name="Paris Services", kind="company", department=departments["75"]
        ),
    }


@pytest.fixture
def actions(departments, orgs):
    """Every action dated in March 2026, one per situation of the scope table."""
    return {
        "rhone_invited": MobilisationActionFactory(
            title="Job dating Lyon",
            kind="job_dating",
            departments=[departments["69"]],
            invited=[orgs["rhone_operator"], orgs["company"], orgs["paris_company"]],
            attendees=[orgs["company"]],
            notes="Interne : relancer la DRH",
        ),
        "rhone_plain": MobilisationActionFactory(
            title="Réunion réseau Villeurbanne",
            kind="network_meeting",
            date=date(2026, 3, 20),
            departments=[departments["69"]],
        ),
        "paris": MobilisationActionFactory(
            title="Sensibilisation Paris", date=date(2026, 3, 5), departments=[departments["75"]]
        ),
        "paris_walk_in": MobilisationActionFactory(
            title="Forum Paris Est",
            date=date(2026, 3, 26),
            departments=[departments["75"]],
            attendees=[orgs["company"]],
        ),
        "national": MobilisationActionFactory(title="Webinaire national", webinar=True),
    }


@pytest.fixture
def users(national_user, rhone_user, paris_user, operator_user, company_user):
    return {
        "national": national_user,
        "rhone": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
    }


@pytest.fixture
def sign_in(client, users):
    """Sign `client` in as one of `users` (None stays anonymous)."""

    def sign_in_as(role):
        if role is not None:
            client.force_login(users[role])
        return client

    return sign_in_as


def _in_english(user):
    """These tests read the pages in English, the language of the source strings."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def rhone_user(rhone_user):
    return _in_english(rhone_user)


@pytest.fixture
def paris_user(paris_user):
    return _in_english(paris_user)


@pytest.fixture
def national_user(national_user):
    return _in_english(national_user)
