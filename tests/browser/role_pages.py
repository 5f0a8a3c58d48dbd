"""The main pages of each demo role: its lists, one detail page of each kind it can see (the
one with the most to show), and its forms. Read from the demo data through `visible_to`, so
the pages are the ones the role really opens."""

from django.db.models import Count, Max
from django.db.models.functions import Length
from django.urls import reverse

from accounts.models import User
from partners.models import Convention, Lead, MobilisationAction, Organisation
from programmes.models import Action, Programme, TerritorialContract

#: Lists (and list-like pages) each role opens from its menu.
LISTS = {
    "national@tremplin.test": [
        "home",
        "programmes:programme-list",
        "programmes:action-list",
        "programmes:contract-list",
        "programmes:agir-rollout",
        "partners:organisation-list",
        "leads:lead-list",
        "conventions:convention-list",
        "mobilisation:action-list",
        "mobilisation:calendar",
        "reporting:funnel",
        "accounts:user-list",
    ],
    "rhone@tremplin.test": [
        "home",
        "programmes:programme-list",
        "programmes:action-list",
        "programmes:contract-list",
        "partners:organisation-list",
        "leads:lead-list",
        "conventions:convention-list",
        "mobilisation:action-list",
        "mobilisation:calendar",
        "accounts:user-list",
    ],
    "operateur@tremplin.test": [
        "home",
        "programmes:programme-list",
        "programmes:action-list",
        "partners:organisation-list",
        "accounts:user-list",
    ],
    "entreprise@tremplin.test": [
        "home",
        "company:home",
        "partners:organisation-list",
        "conventions:convention-list",
        "accounts:user-list",
    ],
}

#: Forms that need no object, per role.
CREATE_FORMS = {
    "national@tremplin.test": [
        "partners:organisation-create",
        "programmes:action-create",
        "programmes:contract-create",
        "conventions:convention-create",
        "mobilisation:action-create",
        "accounts:user-invite",
        "accounts:account",
    ],
    "rhone@tremplin.test": [
        "partners:organisation-create",
        "programmes:action-create",
        "mobilisation:action-create",
        "accounts:account",
    ],
    "operateur@tremplin.test": ["accounts:account"],
    "entreprise@tremplin.test": ["accounts:account"],
}

#: Detail pages: (queryset of the model as `user` sees it → the richest first, edit url name
#: or None when the role does not edit that kind).
DETAILS = [
    (
        lambda user: Organisation.objects.visible_to(user).annotate(
            longest_note=Max(Length("interactions__summary")), contacts_count=Count("contacts")
        ),
        ["-longest_note", "-contacts_count", "pk"],
        "partners:organisation-update",
    ),
    (lambda user: Programme.objects.visible_to(user), ["pk"], "programmes:programme-update"),
    (
        lambda user: Action.objects.visible_to(user).annotate(n=Count("targets")),
        ["-n", "pk"],
        "programmes:action-update",
    ),
    (
        lambda user: TerritorialContract.objects.visible_to(user).annotate(n=Count("signatories")),
        ["-n", "pk"],
        "programmes:contract-update",
    ),
    (lambda user: Lead.objects.visible_to(user), ["pk"], "leads:lead-update"),
    (
        lambda user: Convention.objects.visible_to(user).annotate(n=Count("parties")),
        ["-n", "pk"],
        "conventions:convention-update",
    ),
    (
        lambda user: MobilisationAction.objects.visible_to(user).annotate(n=Count("invited")),
        ["-n", "pk"],
        "mobilisation:action-update",
    ),
    (lambda user: User.objects.visible_to(user), ["pk"], None),
]


def role_pages(email):
    """[(path, expect an edit form)] of the role's lists, details and forms; the edit form of a
    detail is listed only when the role may change that object (`change_*` permission)."""
    user = User.objects.get(email=email)
    paths = [reverse(name) for name in LISTS[email] + CREATE_FORMS[email]]
    for queryset, ordering, edit_name in DETAILS:
        obj = queryset(user).order_by(*ordering).first()
        if obj is None:
            continue
        paths.append(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else _user_url(obj))
        meta = obj._meta
        if edit_name and user.has_perm(f"{meta.app_label}.change_{meta.model_name}", obj):
            key = obj.code if isinstance(obj, Programme) else obj.pk
            paths.append(reverse(edit_name, args=[key]))
    return paths


def _user_url(user):
    return reverse("accounts:user-detail", args=[user.pk])
