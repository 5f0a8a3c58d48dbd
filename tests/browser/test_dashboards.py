"""The dashboards in a real Chromium, on the demo data: the national dashboard draws its charts
(the vendored DSFR Chart web components, offline, under the site's CSP) beside their data
tables, and axe-core (tests/browser/vendor/axe.min.js) finds no serious or critical WCAG 2.1
A/AA violation on the dashboards."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def serious_violations(page):
    # page.add_script_tag would add an inline script, which the page's CSP rightly refuses:
    # axe is evaluated through DevTools instead, as in test_accessibility.py.
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_national_dashboard_draws_charts_beside_their_tables(demo, page, sign_in, live_server):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    external = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    sign_in("national@tremplin.test")
    page.get_by_role("link", name="Tableaux de bord").or_(
        page.get_by_role("link", name="Dashboards")
    ).first.click()
    page.locator("main a[href='/tableaux-de-bord/national/']").click()
    page.wait_for_url(f"{live_server.url}/tableaux-de-bord/national/")

    trend = page.locator("section#trend")
    expect(trend.locator("line-chart canvas")).to_be_visible()
    expect(trend.locator("table caption")).to_have_count(1)
    expect(trend.locator("table tbody tr").first).to_be_visible()
    by_programme = page.locator("section#by-programme")
    expect(by_programme.locator("bar-chart canvas")).to_be_visible()
    expect(by_programme.locator("table")).to_be_visible()
    expect(page.locator("#key-figures .fr-tile").first).to_be_visible()
    assert not refused, refused
    assert not external, external

    violations = serious_violations(page)
    assert not violations, violations


@pytest.mark.parametrize(
    ("email", "path"),
    [
        ("national@tremplin.test", "/tableaux-de-bord/"),
        ("national@tremplin.test", "/tableaux-de-bord/entreprises/"),
        ("rhone@tremplin.test", "/tableaux-de-bord/departements/69/"),
        ("rhone@tremplin.test", "/tableaux-de-bord/national/"),
        ("operateur@tremplin.test", "/tableaux-de-bord/programmes/AGIR/"),
    ],
)
def test_dashboards_have_no_serious_accessibility_violation(
    demo, page, sign_in, live_server, email, path
):
    sign_in(email)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("h1")).to_be_visible()
    if page.locator("bar-chart, line-chart").count():
        expect(page.locator("bar-chart canvas, line-chart canvas").first).to_be_visible()
    violations = serious_violations(page)
    assert not violations, violations


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_public_indicator_pages_have_no_serious_accessibility_violation(
    demo, page, live_server, language
):
    """A visitor (not signed in) reads /indicateurs/ and one indicator's page in French and in
    English: DSFR pages, each indicator listed with a link to its definition, and no serious
    or critical axe-core violation on either page."""
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/indicateurs/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_be_visible()
    link = page.locator("main a[href='/indicateurs/entries/']")
    expect(link).to_have_count(1)
    violations = serious_violations(page)
    assert not violations, violations

    link.click()
    page.wait_for_url(f"{live_server.url}/indicateurs/entries/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("nav.fr-breadcrumb")).to_be_visible()
    violations = serious_violations(page)
    assert not violations, violations
