"""Each demo role signs in, sees the DSFR header and the navigation of its role."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Its French label comes with the translator's next pass.
DASHBOARDS = re.compile("Tableaux de bord|Dashboards")

NAVIGATION = {
    "national@tremplin.test": [
        "Accueil",
        DASHBOARDS,
        "Programmes",
        "Structures",
        "Bénéficiaires",
        "Entreprises",
        "Utilisateurs",
        "Administration",
    ],
    "rhone@tremplin.test": [
        "Accueil",
        DASHBOARDS,
        "Programmes",
        "Structures",
        "Bénéficiaires",
        "Entreprises",
        "Utilisateurs",
    ],
    "paris@tremplin.test": [
        "Accueil",
        DASHBOARDS,
        "Programmes",
        "Structures",
        "Bénéficiaires",
        "Entreprises",
        "Utilisateurs",
    ],
    "operateur@tremplin.test": [
        "Accueil",
        DASHBOARDS,
        "Programmes",
        "Structures",
        "Bénéficiaires",
        "Entreprises",
        "Mon équipe",
    ],
    "entreprise@tremplin.test": [
        "Accueil",
        "Mon espace entreprise",
        "Entreprises",
        "Mon équipe",
    ],
}


@pytest.mark.parametrize(("email", "expected_nav"), NAVIGATION.items())
def test_each_role_sees_the_dsfr_header_and_its_navigation(
    demo, page, sign_in, email, expected_nav
):
    sign_in(email)
    header = page.locator("header.fr-header")
    expect(header.locator(".fr-logo")).to_contain_text("République")
    expect(header.locator(".fr-header__service-title")).to_have_text("Tremplin")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    nav = page.locator(
        "#header-navigation .fr-nav__item > .fr-nav__link, "
        "#header-navigation .fr-nav__item > .fr-nav__btn"
    )
    expect(nav).to_have_text(expected_nav)
    # The stylesheet really applies: DSFR sets the header's box shadow / layout.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.fr-header')).display") != "inline"
    )


def test_language_switcher_turns_the_portal_to_english(demo, page, sign_in, live_server):
    sign_in("rhone@tremplin.test")
    page.locator(".fr-header__tools .fr-translate__btn").click()
    page.locator(".fr-header__tools").get_by_role("button", name="EN - English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#header-navigation")).to_contain_text("Companies")


def test_pages_carry_no_bootstrap_markup(demo, page, sign_in, live_server):
    sign_in("national@tremplin.test")
    for path in [
        "/",
        "/comptes/utilisateurs/",
        "/comptes/utilisateurs/inviter/",
        "/comptes/mon-compte/",
    ]:
        page.goto(f"{live_server.url}{path}")
        classes = page.evaluate(
            "Array.from(document.querySelectorAll('[class]')).flatMap(e => Array.from(e.classList))"
        )
        bootstrap = {
            c
            for c in classes
            if c in {"btn", "form-control", "form-group", "row", "col", "mb-3", "form-label"}
        }
        assert not bootstrap, f"{path}: {bootstrap}"
        assert "fr-" in " ".join(classes)
