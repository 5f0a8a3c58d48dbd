"""`Department.objects.assignable_by(user)`: the one answer to "which départements may this
user choose", read by every form and filter that offers départements."""

import pytest

from accounts.models import User
from territories.models import Department, Region

from ..factories import MembershipFactory


def codes(user, **kwargs):
    user = User.objects.get(pk=user.pk)
    return set(Department.objects.assignable_by(user, **kwargs).values_list("code", flat=True))


def test_national_staff_may_choose_every_departement(national_user, departments):
    assert len(codes(national_user)) == 101


def test_a_coordinator_chooses_in_their_territory(rhone_user):
    assert codes(rhone_user) == {"69"}


def test_a_region_counts_as_all_its_departements(departments):
    region = Region.objects.get(departments__code="69")
    user = MembershipFactory(role="territorial", region=region).user
    expected = set(region.departments.values_list("code", flat=True))
    assert "69" in expected and len(expected) > 1
    assert codes(user) == expected


@pytest.mark.parametrize("role", ["operator_user", "company_user", "user_without_role"])
def test_others_choose_none(request, role):
    assert codes(request.getfixturevalue(role)) == set()


def test_what_an_object_already_covers_is_kept(rhone_user, departments):
    assert codes(rhone_user, keep=[departments["75"].pk]) == {"69", "75"}


def test_several_territorial_memberships_add_up(rhone_user, departments):
    MembershipFactory(user=rhone_user, role="territorial", departments=[departments["13"]])
    assert codes(rhone_user) == {"13", "69"}
