"""Searchable choices in a real browser: a coordinator types part of an organisation's name,
picks it (with the mouse, then with the keyboard) and saves; the list's organisation filter
searches the same way; axe-core finds no serious violation with a widget open."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import MobilisationAction, Organisation

from .test_accessibility import serious_violations
from .widgets import choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_searches_picks_and_saves_organisations(demo, page, sign_in, live_server):
    sign_in("rhone@tremplin.test")
    company = Organisation.objects.get(name="Bâtiments du Lyonnais")
    operator = Organisation.objects.get(name="Passerelles Emploi Rhône")
    page.goto(f"{live_server.url}/mobilisation/nouvelle/")
    main = page.locator("main")
    main.locator("#id_title").fill("Petit-déjeuner des employeurs de Villeurbanne")
    main.locator("#id_kind").select_option("awareness")
    main.locator("#id_date").fill("2027-02-10")
    main.locator("#id_format").select_option("on_site")
    # Rhône is the coordinator's only département: it comes already chosen.
    expect(page.locator("#id_departments + .ts-wrapper .item")).to_contain_text(["Rhône (69)"])
    # No accent, any case, part of the name: the server's search finds it.
    choose(page, "id_invited", "batiments du lyon", option="Bâtiments du Lyonnais")

    # The keyboard alone: type, arrow down to the only result, Enter.
    with page.expect_response(re.compile(r"q=passerelles\+emploi$")):
        page.keyboard.type("passerelles emploi", delay=20)
    results = page.locator("#id_invited-ts-dropdown [role=option]")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Passerelles Emploi Rhône")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.locator("#id_invited + .ts-wrapper .item")).to_have_count(2)

    main.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mobilisation/\d+/$"))
    action = MobilisationAction.objects.get(title="Petit-déjeuner des employeurs de Villeurbanne")
    assert set(action.invited.all()) == {company, operator}
    assert [d.code for d in action.departments.all()] == ["69"]
    expect(main).to_contain_text("Bâtiments du Lyonnais")

    # Editing shows what was saved as the only choices, removable.
    page.goto(f"{live_server.url}/mobilisation/{action.pk}/modifier/")
    items = page.locator("#id_invited + .ts-wrapper .item")
    expect(items).to_have_count(2)
    assert page.locator("#id_invited option").count() == 2


def test_the_list_filter_searches_organisations(demo, page, sign_in, live_server):
    sign_in("national@tremplin.test")
    company = Organisation.objects.get(name="Bâtiments du Lyonnais")
    page.goto(f"{live_server.url}/mobilisation/")
    choose(page, "id_organisation", "lyonnais", option="Bâtiments du Lyonnais")
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"organisation={company.pk}"))
    expect(page.locator("#id_organisation + .ts-wrapper .item")).to_contain_text(company.name)


def test_an_open_searchable_choice_has_no_serious_accessibility_violation(
    demo, page, sign_in, live_server
):
    sign_in("national@tremplin.test")
    page.goto(f"{live_server.url}/conventions/nouvelle/")
    control = page.locator("#id_parties-ts-control")
    control.click()
    control.press_sequentially("lyon", delay=20)
    expect(page.locator("#id_parties-ts-dropdown [role=option]").first).to_be_visible()
    expect(control).to_have_attribute("aria-expanded", "true")
    assert serious_violations(page) == []
    page.locator("#id_departments-ts-control").click()
    expect(page.locator("#id_departments-ts-dropdown [role=option]").first).to_be_visible()
    assert serious_violations(page) == []
