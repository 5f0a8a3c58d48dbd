"""No page of any role is wider than the screen, on a desktop (1280 × 800) or a phone
(390 × 844): tables wrap their text and, on a phone, keep only their essential columns. At
1280 px every table also fits its container (no sideways scrolling inside the page)."""

import pytest

from .role_pages import LISTS, role_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]

#: [page width, viewport width, [table widths wider than their container]]
MEASURE = """() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
    Array.from(document.querySelectorAll('.fr-table__content table'))
        .map(table => [table.scrollWidth, table.closest('.fr-table').clientWidth])
        .filter(([table, container]) => table > container + 1),
]"""


def signed_in_context(browser, live_server, email, viewport, storage_state=None):
    """A browser context of `viewport`, signed in as `email` (through the sign-in page the
    first time, then with the cookies of `storage_state`)."""
    context = browser.new_context(viewport=viewport, storage_state=storage_state)
    if storage_state is None:
        page = context.new_page()
        page.goto(f"{live_server.url}/comptes/connexion/")
        page.locator("main").get_by_label("Adresse électronique").fill(email)
        page.locator("main").get_by_label("Mot de passe").fill("tremplin-demo")
        page.locator("main").get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server.url}/")
        page.close()
    return context


def test_no_page_of_any_role_is_wider_than_the_screen(demo, browser, live_server):
    too_wide = []
    visited = 0
    for email in LISTS:
        paths = role_pages(email)
        state = None
        for viewport in VIEWPORTS:
            context = signed_in_context(browser, live_server, email, viewport, state)
            state = context.storage_state()
            page = context.new_page()
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, f"{email} {path}: {response.status}"
                page_width, screen, tables = page.evaluate(MEASURE)
                visited += 1
                if page_width > screen:
                    too_wide.append(f"{email} {screen}px {path}: page {page_width}px")
                if screen >= 1280 and tables:
                    too_wide.append(f"{email} {screen}px {path}: tables {tables}")
            context.close()
    assert visited > 80
    assert not too_wide, "\n".join(too_wide)
