"""Every list's pagination control (templates/includes/pagination.html): the first and last
pages, two either side of the current one and an ellipsis between, whatever the number of
pages, with the list's filters kept in each link."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from config.pagination import page_window

ELLIPSIS = Paginator.ELLIPSIS


def pages(count, current):
    return Paginator(range(count * 25), 25).page(current)


@pytest.mark.parametrize(
    ("count", "current", "shown"),
    [
        (800, 300, [1, ELLIPSIS, 298, 299, 300, 301, 302, ELLIPSIS, 800]),
        (800, 1, [1, 2, 3, ELLIPSIS, 800]),
        (800, 800, [1, ELLIPSIS, 798, 799, 800]),
        (800, 4, [1, 2, 3, 4, 5, 6, ELLIPSIS, 800]),
        (7, 4, [1, 2, 3, 4, 5, 6, 7]),
        (2, 1, [1, 2]),
    ],
)
def test_the_window_shows_the_ends_and_two_pages_around_the_current_one(count, current, shown):
    assert page_window(pages(count, current)) == shown


def render(count, current, query="kind=company"):
    request = RequestFactory().get(f"/organisations/?{query}&page={current}")
    return render_to_string(
        "includes/pagination.html",
        {"request": request, "page_obj": pages(count, current), "is_paginated": True},
    )


def test_a_deep_page_of_a_long_list_links_to_a_window_of_pages_in_dsfr_markup():
    html = render(800, 300)
    linked = [int(n) for n in re.findall(r"page=(\d+)\"", html)]
    # First, previous, 298 to 302 but the current one, next, last: nothing else.
    assert sorted(set(linked)) == [1, 298, 299, 301, 302, 800]
    assert 'aria-current="page"' in html and ">300</a>" in html
    assert html.count("…") == 2
    assert 'class="fr-pagination' in html and "fr-pagination__link--last" in html
    assert "kind=company&amp;page=800" in html


def test_the_control_stays_the_same_size_however_many_pages():
    assert render(8000, 3000).count("<li>") == render(80, 30).count("<li>") == 13
