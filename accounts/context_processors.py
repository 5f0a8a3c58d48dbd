"""The main navigation, by role: one list, filtered by what the signed-in user may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

STAFF = {"national", "territorial", "operator"}
COORDINATION = {"national", "territorial"}
EVERYONE = STAFF | {"company"}


def link(label, url_name, roles):
    return {"label": label, "url_name": url_name, "roles": roles}


# Top-level entries: a link, or a group (label and its links) shown as a DSFR sub-menu.
NAVIGATION = [
    link(_("Home"), "home", EVERYONE),
    link(_("My company space"), "company:home", {"company"}),
    (
        _("Programmes"),
        [
            link(_("Programmes"), "programmes:programme-list", STAFF),
            link(_("Actions"), "programmes:action-list", STAFF),
            link(_("CTAI contracts"), "programmes:contract-list", STAFF),
            link(_("AGIR rollout"), "programmes:agir-rollout", COORDINATION),
        ],
    ),
    (
        _("Companies"),
        [
            link(_("Organisations"), "partners:organisation-list", STAFF),
            link(_("Leads"), "leads:lead-list", COORDINATION),
            link(_("Conventions"), "conventions:convention-list", EVERYONE),
            link(_("Mobilisation"), "mobilisation:action-list", EVERYONE),
            link(_("Funnel"), "reporting:funnel", COORDINATION),
        ],
    ),
    link(_("Users"), "accounts:user-list", COORDINATION),
    link(_("My team"), "accounts:user-list", {"operator", "company"}),
    link(_("Administration"), "admin:index", {"national"}),
]


def _item(entry, roles, path, seen):
    if not entry["roles"] & roles or entry["url_name"] in seen:
        return None
    seen.add(entry["url_name"])
    url = reverse(entry["url_name"])
    active = path == url if entry["url_name"] == "home" else path.startswith(url)
    return {"label": entry["label"], "url": url, "active": active}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.scope.roles:
        return {"nav_items": []}
    roles, path, seen = user.scope.roles, request.path, set()
    items = []
    for entry in NAVIGATION:
        if isinstance(entry, tuple):
            label, links = entry
            children = [i for i in (_item(e, roles, path, seen) for e in links) if i]
            # A group of one link is just that link.
            if len(children) == 1:
                items.append(children[0])
            elif children:
                active = any(child["active"] for child in children)
                items.append({"label": label, "children": children, "active": active})
        elif item := _item(entry, roles, path, seen):
            items.append(item)
    return {"nav_items": items}
