"""Helpers that drive Tremplin's widgets in Playwright as a person does."""

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect


def choose(page, field_id, typed, option=None):
    """Picks a value in a searchable choice (Tom Select, config/choices.py) the way a person
    does: types `typed` in the field, waits for the server's answer when the choice is
    searched remotely, then clicks the option containing `option` (default: `typed`); the
    list is then closed with Escape."""
    wrapper = page.locator(f"#{field_id} + .ts-wrapper")
    wrapper.locator(".ts-control").click()
    if page.locator(f"#{field_id}").get_attribute("data-choices") == "remote":

        def answers_typed(response):
            return parse_qs(urlparse(response.url).query).get("q") == [typed]

        with page.expect_response(answers_typed):
            page.keyboard.type(typed, delay=20)
        expect(wrapper).not_to_have_class(re.compile(r"\bloading\b"))
    else:
        page.keyboard.type(typed, delay=20)
    page.locator(f"#{field_id}-ts-dropdown [role=option]", has_text=option or typed).first.click()
    page.keyboard.press("Escape")
