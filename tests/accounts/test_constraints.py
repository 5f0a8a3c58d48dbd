"""Memberships the database refuses, with the message forms and the admin show."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import Membership

from ..factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("role", ["national", "territorial"])
def test_staff_memberships_belong_to_no_organisation(role):
    membership = Membership(user=UserFactory(), role=role, organisation=OrganisationFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "Only operators and company contacts belong to an organisation." in (
        error.value.messages
    )


@pytest.mark.parametrize("role", ["operator", "company"])
def test_organisation_roles_need_their_organisation(role):
    membership = Membership(user=UserFactory(), role=role)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.messages == ["Choose the organisation they work for."]
    membership.organisation = OrganisationFactory()
    membership.full_clean()
    membership.save()
