"""The breadcrumb of every page, built from the main menu: Home › the menu page the current
page belongs to › its parent objects › the current page. Written once here, so that every
breadcrumb starts at Home and names sections as the menu does."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.context_processors import menu_pages

register = template.Library()


def _crumb(parent):
    """(label, url) of a parent: an object with `get_absolute_url`, or a (label, url) pair."""
    if isinstance(parent, (tuple, list)):
        return str(parent[0]), parent[1]
    return str(parent), parent.get_absolute_url()


def _section(pages, url):
    """The menu page (label, url) whose URL is the longest prefix of `url`, Home excluded;
    None when no menu page holds it."""
    home = reverse("home")
    candidates = [p for p in pages if p["url"] != home and url.startswith(p["url"])]
    if not candidates:
        return None
    best = max(candidates, key=lambda p: len(p["url"]))
    return str(best["label"]), best["url"]


def breadcrumb_trail(user, path, current=None, parents=()):
    """The breadcrumb of the page at `path` for `user`: a list of (label, url) pairs, the last
    one the current page (url None). The section is the menu page holding the first parent (or
    the page itself); `current` None names the page by its menu label when it is a menu page.
    Empty when the page is Home or cannot be named."""
    pages = menu_pages(user) if user is not None else []
    crumbs = [_crumb(parent) for parent in parents if parent]
    section = _section(pages, crumbs[0][1] if crumbs else path)
    home = reverse("home")
    if current is None:
        if section is None or section[1] != path or crumbs:
            return []
        current, section = section[0], None
    if path == home:
        return []
    trail = [(_("Home"), home)]
    if section is not None and section[1] != path:
        trail.append(section)
    trail.extend(crumbs)
    trail.append((str(current), None))
    return trail


@register.simple_tag(takes_context=True)
def breadcrumb(context, current=None, *parents):
    """`{% breadcrumb %}` on a menu page, `{% breadcrumb page_title parent… %}` elsewhere:
    renders the DSFR breadcrumb of `breadcrumb_trail`, nothing when it is empty."""
    request = context.get("request")
    if request is None:
        return ""
    trail = breadcrumb_trail(getattr(request, "user", None), request.path, current, parents)
    if not trail:
        return ""
    return render_to_string("includes/breadcrumb.html", {"trail": trail})
