"""The main menu per role: each link shows when its page's permission is held, and no link
costs a query once the user's scope is known."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from accounts.context_processors import navigation
from accounts.models import User

from ..factories import MembershipFactory

PROGRAMMES = (
    "Programmes",
    ["Programmes", "Actions", "Territorial contracts (CTAI)", "AGIR rollout"],
)
BENEFICIARIES = ("Beneficiaries", ["Beneficiaries", "Follow-ups due"])
COMPANIES = (
    "Companies",
    ["Leads", "Partnership conventions", "Mobilisation actions", "Mobilisation funnel"],
)

MENUS = {
    "national_user": [
        "Home",
        "Dashboards",
        PROGRAMMES,
        "Organisations",
        BENEFICIARIES,
        COMPANIES,
        "Users",
        "Administration",
    ],
    "rhone_user": [
        "Home",
        "Dashboards",
        PROGRAMMES,
        "Organisations",
        BENEFICIARIES,
        COMPANIES,
        "Users",
    ],
    "operator_user": [
        "Home",
        "Dashboards",
        ("Programmes", ["Programmes", "Actions", "Territorial contracts (CTAI)"]),
        "Organisations",
        BENEFICIARIES,
        ("Companies", ["Partnership conventions", "Mobilisation actions"]),
        "My team",
    ],
    "company_user": [
        "Home",
        "My company space",
        ("Companies", ["Partnership conventions", "Mobilisation actions"]),
        "My team",
    ],
    "user_without_role": [],
}


def menu(user):
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return [
            (str(item["label"]), [str(child["label"]) for child in item["children"]])
            if "children" in item
            else str(item["label"])
            for item in navigation(request)["nav_items"]
        ]


@pytest.mark.parametrize(("role", "expected"), MENUS.items())
def test_each_role_sees_its_menu(request, django_assert_num_queries, role, expected):
    user = User.objects.get(pk=request.getfixturevalue(role).pk)
    user.scope  # noqa: B018 (two queries, cached on the user)
    with django_assert_num_queries(0):
        assert menu(user) == expected


def test_several_roles_see_each_link_once(rhone_user, rhone_operator):
    MembershipFactory(user=rhone_user, role="operator", organisation=rhone_operator)
    user = User.objects.get(pk=rhone_user.pk)
    # "Users" and "My team" are the same page: the coordinator's name for it wins.
    assert menu(user) == [
        "Home",
        "Dashboards",
        PROGRAMMES,
        "Organisations",
        BENEFICIARIES,
        COMPANIES,
        "Users",
    ]


def test_anonymous_visitors_have_no_menu(db):
    from django.contrib.auth.models import AnonymousUser

    assert menu(AnonymousUser()) == []
