"""The Rhône coordinator records a CTAI employment action, finds it in the filtered list,
edits it and reads the change in its history; the Paris coordinator cannot open it."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Organisation, OrganisationKind
from programmes.models import Action, TerritorialContract
from territories.models import Department

from ..programmes.factories import programme
from .widgets import choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rhone_contract(demo):
    programme("CTAI")  # a data-migration row, which an earlier transactional test may have flushed
    rhone = Department.objects.get(code="69")
    prefecture = Organisation.objects.create(
        name="Préfecture du Rhône", kind=OrganisationKind.STATE_SERVICE, department=rhone
    )
    Organisation.objects.create(
        name="Insertion Lyon Emploi", kind=OrganisationKind.OPERATOR, department=rhone
    )
    contract = TerritorialContract.objects.create(
        name="CTAI de la Métropole de Lyon", prefecture=prefecture, start_year=2025, end_year=2027
    )
    contract.departments.set([rhone])
    return contract


def test_ctai_action_from_creation_to_history_and_out_of_paris_sight(
    rhone_contract, page, sign_in, live_server, browser
):
    sign_in("rhone@tremplin.test")
    main = page.locator("main")

    # Create, from the contract's programme preselected in the address.
    page.goto(f"{live_server.url}/programmes/actions/nouvelle/?programme=CTAI")
    expect(main.locator('fieldset[data-programme="CTAI"]')).to_be_visible()
    expect(main.locator('fieldset[data-programme="HOPE"]')).to_be_hidden()
    main.locator("#id_title").fill("Cuisine et français à Vénissieux")
    choose(page, "id_operator", "Insertion Lyon", option="Insertion Lyon Emploi")
    # Rhône is the coordinator's only département: it comes already chosen.
    expect(page.locator("#id_departments + .ts-wrapper .item")).to_contain_text(["Rhône (69)"])
    main.locator("#id_status").select_option("running")
    main.locator("#id_sector").select_option("hospitality")
    main.locator("#id_start_date").fill("2026-03-02")
    main.locator("#id_end_date").fill("2026-12-18")
    main.locator("#id_capacity").fill("12")
    main.locator("#id_contract").select_option(label="CTAI de la Métropole de Lyon")
    main.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/programmes/actions/\d+/$"))
    action = Action.objects.get(title="Cuisine et français à Vénissieux")
    assert action.contract == rhone_contract
    action_url = f"{live_server.url}{action.get_absolute_url()}"

    # Find it through the filters of the action list.
    page.goto(f"{live_server.url}/programmes/actions/")
    filters = main.locator("form[role=search]")
    filters.locator("#id_programme").select_option("CTAI")
    # Their one département is no choice: the list offers no département filter.
    expect(filters.locator("#id_department")).to_have_count(0)
    filters.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"programme=CTAI"))
    # The filter in use shows as a tag that removes it.
    expect(main.locator("a.fr-tag--dismiss")).to_have_count(1)
    expect(main.locator("table")).to_contain_text("Cuisine et français à Vénissieux")
    main.get_by_role("link", name="Cuisine et français à Vénissieux").click()
    page.wait_for_url(action_url)

    # Edit its capacity and read the change in the history.
    main.locator(f'a[href="{action.get_absolute_url()}modifier/"]').click()
    main.locator("#id_capacity").fill("18")
    main.locator("button[type=submit]").click()
    page.wait_for_url(action_url)
    expect(main.locator('section[aria-labelledby="history-title"]')).to_contain_text("12 → 18")

    # The Paris coordinator, in a browser of their own, gets a 404.
    context = browser.new_context()
    try:
        paris = context.new_page()
        paris.goto(f"{live_server.url}/comptes/connexion/")
        paris.get_by_label("Adresse électronique").fill("paris@tremplin.test")
        paris.get_by_label("Mot de passe").fill("tremplin-demo")
        paris.get_by_role("button", name="Se connecter").click()
        paris.wait_for_url(f"{live_server.url}/")
        assert paris.goto(action_url).status == 404
    finally:
        context.close()
