"""The registry's cast: organisations in and out of each role's scope, and who looks at them."""

import pytest

from ..factories import OrganisationFactory


@pytest.fixture
def orgs(departments, rhone_operator, company_user):
    """Organisations seen from Rhône: its own, Paris's, a national body and an OPCO."""
    return {
        "rhone_company": OrganisationFactory(
            name="Rhône Bâtiment", kind="company", department=departments["69"]
        ),
        "paris_company": OrganisationFactory(
            name="Paris Services", kind="company", department=departments["75"]
        ),
        "national_body": OrganisationFactory(
            name="Agence nationale", kind="state_service", department=None, siret=""
        ),
        "opco": OrganisationFactory(name="Constructys", kind="opco", department=None, siret=""),
        "rhone_operator": rhone_operator,
        "own_company": company_user.memberships.get().organisation,
    }


@pytest.fixture
def users(national_user, rhone_user, paris_user, operator_user, company_user, user_without_role):
    return {
        "national": national_user,
        "territorial": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
        "no_role": user_without_role,
    }


@pytest.fixture
def sign_in(client, users):
    """Sign `client` in as one of `users` (None stays anonymous)."""

    def sign_in_as(role):
        if role is not None:
            client.force_login(users[role])
        return client

    return sign_in_as
