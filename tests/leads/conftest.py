"""The lead pipeline's cast: a Rhône company's lead, the people who follow it or not."""

import pytest

from ..factories import MembershipFactory


@pytest.fixture(autouse=True)
def private_cache(settings, request):
    """The e-mails' sent-once keys live in the default cache: each test has its own."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"leads-{request.node.nodeid}",
        },
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
def auvergne_coordinator(departments):
    """A coordinator of the whole Auvergne-Rhône-Alpes région (Rhône and Ain among others)."""
    return MembershipFactory(role="territorial", region=departments["69"].region).user
