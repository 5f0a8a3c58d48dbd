"""Who sees whom: each model's `visible_to` (and `accompanied_by`) and the permission rules, as
tables of role × in scope × out of scope. A company contact sees nobody, ever."""

from types import SimpleNamespace

import pytest
import rules

from beneficiaries.filters import BeneficiaryFilter, _departments
from beneficiaries.models import AccessLog, Beneficiary, Enrolment, FollowUp, PathwayStep

ALL = {"rhone", "paris", "moved", "referred"}

#: role: the people the role sees.
PEOPLE = {
    "national": ALL,
    "rhone": {"rhone", "moved"},  # residing in the Rhône, or enrolled in an action covering it
    "paris": {"paris", "moved"},  # residing in Paris
    "operator": {"rhone", "moved", "referred"},  # in its actions, or referred by it
    "company": set(),
}
#: role: the enrolments whose details the role may read and record.
ACCOMPANIED = {
    "national": {"rhone", "paris", "moved"},
    "rhone": {"rhone", "moved"},
    "paris": {"paris"},  # not the Rhône action's, though the person lives in Paris
    "operator": {"rhone", "moved"},
    "company": set(),
}
#: role: the pathway steps the role sees ("loose": recorded outside any enrolment).
STEPS = {
    "national": {"rhone", "paris", "moved", "loose"},
    "rhone": {"rhone", "moved", "loose"},
    "paris": {"paris", "loose"},
    "operator": {"rhone", "moved", "loose"},
    "company": set(),
}
ROLES = list(PEOPLE)


def names(objects, table):
    by_pk = {obj.pk: name for name, obj in table.items()}
    return {by_pk[obj.pk] for obj in objects if obj.pk in by_pk}


@pytest.mark.parametrize("role", ROLES)
def test_beneficiaries_visible_to(users, world, role):
    visible = Beneficiary.objects.visible_to(users[role])
    assert names(visible, world.people) == PEOPLE[role]
    assert visible.count() == len(PEOPLE[role])


@pytest.mark.parametrize("role", ROLES)
def test_enrolments_visible_to_are_those_of_the_people_seen(users, world, role):
    visible = Enrolment.objects.visible_to(users[role])
    assert names(visible, world.enrolments) == PEOPLE[role] & set(world.enrolments)


@pytest.mark.parametrize("role", ROLES)
def test_enrolments_accompanied_by(users, world, role):
    accompanied = Enrolment.objects.accompanied_by(users[role])
    assert names(accompanied, world.enrolments) == ACCOMPANIED[role]


@pytest.mark.parametrize("role", ROLES)
def test_pathway_steps_visible_to(users, world, role):
    assert names(PathwayStep.objects.visible_to(users[role]), world.steps) == STEPS[role]


@pytest.mark.parametrize("role", ROLES)
def test_follow_ups_visible_to_are_those_of_accompanied_enrolments(users, world, role):
    follow_ups = FollowUp.objects.visible_to(users[role]).select_related("enrolment")
    assert names([f.enrolment for f in follow_ups], world.enrolments) == ACCOMPANIED[role]
    assert follow_ups.count() == 2 * len(ACCOMPANIED[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_national_staff_read_the_access_log(users, world, role):
    for user in users.values():
        AccessLog.objects.create(beneficiary=world.people["rhone"], user=user, kind="view")
    expected = len(users) if role == "national" else 0
    assert AccessLog.objects.visible_to(users[role]).count() == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("person", sorted(ALL))
def test_view_and_change_a_beneficiary(users, world, role, person):
    user, beneficiary = users[role], world.people[person]
    expected = person in PEOPLE[role]
    assert user.has_perm("beneficiaries.view_beneficiary", beneficiary) is expected
    assert user.has_perm("beneficiaries.change_beneficiary", beneficiary) is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("enrolment", ["rhone", "paris", "moved"])
def test_change_an_enrolment(users, world, role, enrolment):
    expected = enrolment in ACCOMPANIED[role]
    allowed = users[role].has_perm("beneficiaries.change_enrolment", world.enrolments[enrolment])
    assert allowed is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("national", True), ("rhone", True), ("paris", True), ("operator", True), ("company", False)],
)
def test_list_and_record(users, role, expected):
    user = users[role]
    for permission in ["list_beneficiaries", "add_beneficiary", "add_enrolment", "list_follow_ups"]:
        assert user.has_perm(f"beneficiaries.{permission}") is expected, permission
    assert user.has_perm("beneficiaries.view_access_log") is (role == "national")


def test_no_permission_without_a_role(user_without_role, world):
    assert not Beneficiary.objects.visible_to(user_without_role).exists()
    assert not user_without_role.has_perm("beneficiaries.list_beneficiaries")
    assert rules.perm_exists("beneficiaries.view_beneficiary")


#: role: the départements the list's filter offers (where the people the role sees live).
DEPARTMENTS_OFFERED = {
    "rhone": {"69", "75"},  # the Rhône person; the one accompanied in a Rhône action
    "paris": {"75"},
    "operator": {"13", "69", "75"},  # the person it referred; those in its action
    "company": set(),
}


@pytest.mark.parametrize("role", sorted(DEPARTMENTS_OFFERED))
def test_the_departments_offered_are_those_of_the_people_in_scope(users, world, role):
    offered = _departments(SimpleNamespace(user=users[role]))
    assert {d.code for d in offered} == DEPARTMENTS_OFFERED[role]


def test_a_departement_of_the_scope_where_nobody_lives_is_not_offered(users, world):
    world.people["rhone"].delete()
    offered = _departments(SimpleNamespace(user=users["rhone"]))
    assert {d.code for d in offered} == {"75"}  # the person accompanied in a Rhône action


@pytest.mark.parametrize("role", ROLES)
def test_the_name_search_finds_the_people_in_scope_only(users, world, role):
    """The search reads the keys whose names match, then those people (`AmongKeys`), the
    scope tested on them: still exactly the people the role sees, a merged record nobody's."""
    user = users[role]
    world.people["paris"].merged_into = world.people["moved"]
    world.people["paris"].save()
    request = SimpleNamespace(user=user)
    for name, person in world.people.items():
        data = {"q": person.last_name}
        visible = Beneficiary.objects.visible_to(user)
        found = BeneficiaryFilter(data, queryset=visible, request=request).qs
        seen = name in PEOPLE[role] and name != "paris"
        assert set(found) == ({person} if seen else set()), name
        assert found.count() == len(found)
