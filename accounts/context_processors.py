"""The main navigation, by role: one list, filtered by what the signed-in user may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, URL name, roles that see it; None means every signed-in user with a role)
NAVIGATION = [
    (_("Home"), "home", None),
    (_("Organisations"), "partners:organisation-list", {"national", "territorial", "operator"}),
    (_("Users"), "accounts:user-list", {"national", "territorial"}),
    (_("My team"), "accounts:user-list", {"operator", "company"}),
    (_("Administration"), "admin:index", {"national"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = user.scope.roles
    items, seen = [], set()
    for label, url_name, allowed in NAVIGATION:
        if url_name in seen or (allowed is not None and not (allowed & roles)):
            continue
        if allowed is None and not roles and not user.is_superuser:
            continue
        seen.add(url_name)
        url = reverse(url_name)
        active = request.path == url if url_name == "home" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
