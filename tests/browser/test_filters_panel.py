"""The filter panel of a list: open on a desktop, behind its button on a phone unless a filter
is in use; and the invitation form's scope fields follow the chosen role."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("width", "query", "open_"),
    [(1280, "", True), (390, "", False), (390, "?kind=company", True)],
    ids=["desktop", "phone", "phone-with-a-filter"],
)
def test_the_filter_panel_is_open_on_a_desktop_and_folded_on_a_phone(
    demo, page, sign_in, live_server, width, query, open_
):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in("national@tremplin.test")
    page.goto(f"{live_server.url}{reverse('partners:organisation-list')}{query}")
    button = page.locator('main [aria-controls="filters-panel"]')
    kind = page.locator("main #id_kind")
    expect(button).to_have_attribute("aria-expanded", "true" if open_ else "false")
    if open_:
        expect(kind).to_be_visible()
    else:
        expect(kind).to_be_hidden()
        button.click()
        expect(kind).to_be_visible()


def test_the_invitation_form_shows_the_scope_of_the_chosen_role(demo, page, sign_in, live_server):
    sign_in("national@tremplin.test")
    page.goto(f"{live_server.url}{reverse('accounts:user-invite')}")
    main = page.locator("main")
    expect(main.locator("#id_departments")).to_be_hidden()
    expect(main.locator("#id_organisation")).to_be_hidden()
    main.locator('input[name="role"][value="territorial"]').check(force=True)
    expect(main.locator("#id_departments")).to_be_visible()
    expect(main.locator("#id_organisation")).to_be_hidden()
    main.locator('input[name="role"][value="operator"]').check(force=True)
    expect(main.locator("#id_organisation")).to_be_visible()
    expect(main.locator("#id_departments")).to_be_hidden()
