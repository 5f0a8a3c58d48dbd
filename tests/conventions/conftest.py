"""The cast of the convention tests: conventions in and out of each role's scope, the people
who look at them, and a private storage of their own under tmp_path."""

import pytest
from django.core.files.storage import storages

from partners.models import Convention, ConventionAmendment

from ..conftest import in_english
from ..factories import MembershipFactory, OrganisationFactory
from .factories import ConventionFactory


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path, monkeypatch):
    """Documents go to tmp_path/private. FileField evaluates its storage callable once, when
    the model class is built, so the fields get the new storage explicitly."""
    root = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    for model in (Convention, ConventionAmendment):
        monkeypatch.setattr(model._meta.get_field("document"), "storage", storages["private"])
    return root


@pytest.fixture
def client(client):
    """Pages in English, the language of the source strings these tests read."""
    return in_english(client)


@pytest.fixture
def orgs(departments, rhone_operator, company_user):
    return {
        "own_company": company_user.memberships.get().organisation,
        "other_rhone_company": OrganisationFactory(
            name="Rhône Logistique", kind="company", department=departments["69"]
        ),
        "paris_company": OrganisationFactory(
            name="Paris Services", kind="company", department=departments["75"]
        ),
        "national_company": OrganisationFactory(
            name="Groupe National", kind="company", department=None
        ),
        "rhone_operator": rhone_operator,
    }


@pytest.fixture
def conventions(orgs, departments):
    """Each signed, with its PDF."""
    return {
        "rhone": ConventionFactory(
            title="Convention Rhône BTP",
            signed=True,
            parties=[orgs["own_company"]],
            departments=[departments["69"]],
        ),
        "national": ConventionFactory(
            title="Convention nationale Groupe",
            signed=True,
            parties=[orgs["national_company"]],
        ),
        "paris": ConventionFactory(
            title="Convention Paris Services",
            signed=True,
            parties=[orgs["paris_company"]],
            departments=[departments["75"]],
        ),
        "operator": ConventionFactory(
            title="Convention opérateur",
            signed=True,
            parties=[orgs["rhone_operator"]],
            departments=[departments["69"]],
        ),
    }


@pytest.fixture
def users(national_user, rhone_user, paris_user, operator_user, company_user, orgs):
    return {
        "national": national_user,
        "territorial": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
        "other_company": MembershipFactory(
            role="company", organisation=orgs["other_rhone_company"]
        ).user,
    }


@pytest.fixture
def sign_in(client, users):
    """Sign `client` in as one of `users` (None stays anonymous)."""

    def sign_in_as(role):
        if role is not None:
            client.force_login(users[role])
        return client

    return sign_in_as
