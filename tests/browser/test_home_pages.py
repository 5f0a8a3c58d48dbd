"""Each demo role opens Tremplin on its own figures: staff on their key figures, to-do list and
the chart of their scope's months, the company contact on their partnership; national staff
compare départements on the map, which axe-core finds free of serious or critical
violations."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.locator("main #id_username").fill(email)
    page.locator("main #id_password").fill("tremplin-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize(
    "email", ["national@tremplin.test", "rhone@tremplin.test", "operateur@tremplin.test"]
)
def test_staff_land_on_their_key_figures_and_to_do_list(demo, page, live_server, email):
    sign_in(page, live_server, email)
    figures = page.locator("#key-figures [data-figure]")
    assert figures.count() == 4
    assert all(text.strip() for text in figures.locator("[data-value]").all_inner_texts())
    assert page.locator("#todo [data-todo]").count() >= 2
    assert page.locator("#todo [data-count]").first.is_visible()
    # The chart of their scope's months, drawn by DSFR Chart beside its data table.
    expect(page.locator("#home-trend line-chart canvas")).to_be_visible()
    assert page.locator("#home-trend-table tbody tr").count() >= 1


def test_the_company_contact_lands_on_their_partnership(demo, page, live_server):
    sign_in(page, live_server, "entreprise@tremplin.test")
    assert page.locator("#partnership").is_visible()
    assert page.locator("#partnership .fr-card").count() >= 1
    assert page.locator("#key-figures").count() == 0


def test_the_national_map_renders_and_has_no_serious_violation(demo, page, live_server):
    sign_in(page, live_server, "national@tremplin.test")
    page.goto(f"{live_server.url}/tableaux-de-bord/carte/")
    shapes = page.locator(".tremplin-map path")
    assert shapes.count() == 105  # 101 départements, Paris and its inner ring drawn twice
    assert page.locator('.tremplin-map [data-code="976"]').count() == 1
    box = page.locator(".tremplin-map__frame--metropole svg").bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    assert page.locator("#map-table tbody tr").count() == 101
    page.locator('a.tremplin-map__link[data-code="69"]').focus()
    assert page.evaluate("document.activeElement.getAttribute('data-code')") == "69"
    page.evaluate(AXE.read_text())  # through DevTools: the page's CSP rightly refuses inline
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    serious = [
        f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
