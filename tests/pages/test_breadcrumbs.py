"""One way to navigate: every page of every role has a breadcrumb that starts at Home, follows
the menu and ends with the page's own title, and each menu label is the title of its page."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.context_processors import menu_pages

from .. import test_query_counts
from .html import outline

# The small Tremplin of the query-count table, and its pages: one row per page and role.
world = test_query_counts.world
PAGES, QUERY_COUNTS = test_query_counts.PAGES, test_query_counts.QUERY_COUNTS

# Pages that are no DSFR page of Tremplin's (the Django admin) or that have no breadcrumb
# (Home, as the DSFR asks).
NOT_WALKED = {reverse("admin:index"), reverse("home")}


@pytest.mark.parametrize(("page", "role"), [(page, role) for page, role, _ in QUERY_COUNTS])
def test_every_page_has_a_breadcrumb_from_home_to_its_title(client, world, page, role):
    url, _text = PAGES[page](world, role)
    client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == 200
    if url == reverse("home"):
        assert outline(response).breadcrumb == []
        return
    page_outline = outline(response)
    crumbs = page_outline.breadcrumb
    assert crumbs[0] == ("Accueil", reverse("home")), url
    assert crumbs[-1] == (page_outline.h1, None), url
    # Every item but the last links to a page the user may open.
    for _label, href in crumbs[:-1]:
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("role", ["national", "rhone", "operator", "company"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_menu_label_is_its_page_title(client, world, role, language):
    user = world.users[role]
    client.force_login(user)
    user.language = language
    user.save(update_fields=["language"])
    with translation.override(language):
        pages = [(str(p["label"]), p["url"]) for p in menu_pages(user)]
    walked = [(label, url) for label, url in pages if url not in NOT_WALKED]
    assert walked
    for label, url in walked:
        page_outline = outline(client.get(url))
        assert page_outline.h1 == label, url
        assert page_outline.breadcrumb[0][1] == reverse("home")
        assert page_outline.breadcrumb[-1] == (label, None), url
