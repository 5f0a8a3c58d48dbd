"""The lead pipeline's cast: a Rhône company's lead, the people who follow it or not."""

import pytest

from ..factories import MembershipFactory


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
def auvergne_coordinator(departments):
    """A coordinator of the whole Auvergne-Rhône-Alpes région (Rhône and Ain among others)."""
    return MembershipFactory(role="territorial", region=departments["69"].region).user
