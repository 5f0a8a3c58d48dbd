"""The main navigation: one list of links, each with the permission its page needs; a user sees
the links they may open. Which roles hold a permission is `rules.py`'s business, not this.

The same list gives the breadcrumb (`accounts.templatetags.navigation`) and the site map, so a
menu label, its page's title and its place in the breadcrumb are one string."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def link(label, url_name, perm=None):
    """A menu entry; `perm` None for a page every member opens. `label` is also the title (h1)
    of the page it opens."""
    return {"label": label, "url_name": url_name, "perm": perm}


# Top-level entries: a link, or a group (label and its links) shown as a DSFR sub-menu.
NAVIGATION = [
    link(_("Home"), "home"),
    link(_("Dashboards"), "reporting:dashboard-index", perm="reporting.view_dashboards"),
    link(_("My company space"), "company:home", perm="partners.view_company_space"),
    (
        _("Programmes"),
        [
            link(_("Programmes"), "programmes:programme-list", perm="programmes.view_programmes"),
            link(_("Actions"), "programmes:action-list", perm="programmes.view_programmes"),
            link(
                _("Territorial contracts (CTAI)"),
                "programmes:contract-list",
                perm="programmes.view_programmes",
            ),
            link(_("AGIR rollout"), "programmes:agir-rollout", perm="programmes.view_agir_rollout"),
        ],
    ),
    # Every kind of organisation (companies, OPCO, State services, operators…): not a
    # sub-page of the companies' mobilisation.
    link(_("Organisations"), "partners:organisation-list", perm="partners.list_organisations"),
    (
        _("Beneficiaries"),
        [
            link(
                _("Beneficiaries"),
                "beneficiaries:beneficiary-list",
                perm="beneficiaries.list_beneficiaries",
            ),
            link(
                _("Follow-ups due"),
                "beneficiaries:followup-list",
                perm="beneficiaries.list_follow_ups",
            ),
        ],
    ),
    (
        _("Companies"),
        [
            link(_("Leads"), "leads:lead-list", perm="partners.list_leads"),
            link(
                _("Partnership conventions"),
                "conventions:convention-list",
                perm="partners.list_conventions",
            ),
            link(
                _("Mobilisation actions"),
                "mobilisation:action-list",
                perm="partners.list_mobilisationactions",
            ),
            link(_("Mobilisation funnel"), "reporting:funnel", perm="reporting.view_funnel"),
        ],
    ),
    # One page, named for what the user finds there; the first that applies wins.
    link(_("Users"), "accounts:user-list", perm="accounts.view_user_directory"),
    link(_("My team"), "accounts:user-list", perm="accounts.view_team"),
    link(_("Administration"), "admin:index", perm="accounts.view_admin"),
]


def _item(entry, user, path, seen):
    if entry["url_name"] in seen or (entry["perm"] and not user.has_perm(entry["perm"])):
        return None
    seen.add(entry["url_name"])
    url = reverse(entry["url_name"])
    active = path == url if entry["url_name"] == "home" else path.startswith(url)
    return {"label": entry["label"], "url": url, "active": active}


def menu_items(user, path="/"):
    """The menu `user` sees, as the header shows it: a list of dicts with `label`, `url` and
    `active` (whether `path` is in that page), or `label`, `children` (such dicts) and `active`
    for a group. Empty for a visitor or an account without a role. No query once
    `user.scope` is known."""
    if user is None or not user.has_perm("accounts.view_navigation"):
        return []
    seen = set()
    items = []
    for entry in NAVIGATION:
        if isinstance(entry, tuple):
            label, links = entry
            children = [i for i in (_item(e, user, path, seen) for e in links) if i]
            # A group of one link is just that link.
            if len(children) == 1:
                items.append(children[0])
            elif children:
                active = any(child["active"] for child in children)
                items.append({"label": label, "children": children, "active": active})
        elif item := _item(entry, user, path, seen):
            items.append(item)
    return items


def menu_pages(user):
    """The pages of `user`'s menu, groups flattened, in menu order: dicts with `label` and
    `url` (Home first)."""
    pages = []
    for item in menu_items(user):
        pages.extend(item.get("children", [item]))
    return pages


def navigation(request):
    """Context processor: `nav_items`, the menu of the signed-in user (see `menu_items`)."""
    return {"nav_items": menu_items(getattr(request, "user", None), request.path)}
