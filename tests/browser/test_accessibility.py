"""axe-core (4.14.1, vendored from npm in tests/browser/vendor/) finds no serious or critical
WCAG 2.1 A/AA violation on the main pages of each role."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()

PAGES = {
    None: [
        "/",
        "/comptes/connexion/",
        "/partenariat/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/gestion-des-cookies/",
        "/plan-du-site/",
    ],
    "national@tremplin.test": [
        "/",
        "/programmes/",
        "/programmes/actions/",
        "/programmes/agir/",
        "/organisations/",
        "/partenariat/pistes/",
        "/conventions/",
        "/mobilisation/",
        "/mobilisation/calendrier/",
        "/partenariat/entonnoir/",
        "/comptes/utilisateurs/inviter/",
        "/comptes/utilisateurs/",
        "/plan-du-site/",
        "/beneficiaires/",
        "/beneficiaires/nouveau/",
        "/beneficiaires/suivis/",
    ],
    "operateur@tremplin.test": ["/beneficiaires/", "/beneficiaires/nouveau/"],
    "entreprise@tremplin.test": ["/espace-entreprise/"],
}


def serious_violations(page):
    page.evaluate(AXE)  # through DevTools: the page's CSP rightly refuses inline scripts
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


@pytest.mark.parametrize("email", PAGES)
def test_main_pages_have_no_serious_accessibility_violation(demo, page, live_server, email):
    if email:
        page.goto(f"{live_server.url}/comptes/connexion/")
        page.locator("main #id_username").fill(email)
        page.locator("main #id_password").fill("tremplin-demo")
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
    found = {}
    for path in PAGES[email]:
        page.goto(f"{live_server.url}{path}")
        violations = serious_violations(page)
        if violations:
            found[path] = violations
    assert not found, found
