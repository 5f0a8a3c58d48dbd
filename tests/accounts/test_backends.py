"""National staff hold Django's model permissions (the admin's); Tremplin's own permissions
are answered by `rules.py` alone, and no permission costs a query once the scope is known."""

import pytest

from accounts.models import User


def fresh(user):
    user = User.objects.get(pk=user.pk)
    user.scope  # noqa: B018 (two queries, cached on the user)
    return user


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("partners.change_mobilisationaction", True),  # a model permission: the admin's
        ("territories.view_department", True),
        ("partners.list_leads", True),  # rules: national staff follow leads
        ("partners.view_company_space", False),  # rules: company contacts only
        ("accounts.view_team", False),
    ],
)
def test_national_staff_permissions(national_user, django_assert_num_queries, perm, expected):
    user = fresh(national_user)
    with django_assert_num_queries(0):
        assert user.has_perm(perm) is expected


def test_only_national_staff_enter_the_admin(national_user, rhone_user):
    assert fresh(national_user).is_staff
    assert not fresh(rhone_user).is_staff


def test_other_roles_hold_no_model_permission(rhone_user, django_assert_num_queries):
    user = fresh(rhone_user)
    with django_assert_num_queries(0):
        assert not user.has_perm("territories.view_department")
        assert not user.has_module_perms("partners")
