"""A refused form shows a summary at the top linking each error to its field, the page title
says "Error: ", and messages say what to do instead of the generic "This field is required."."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from config.forms import DsfrForm
from config.templatetags import short_names

pytestmark = pytest.mark.django_db

EMPTY_SUBMISSIONS = [
    ("national_user", "partners:organisation-create", ["name", "kind"]),
    ("national_user", "conventions:convention-create", ["title", "parties"]),
    ("national_user", "mobilisation:action-create", ["title", "date"]),
    ("rhone_user", "programmes:action-create", ["title", "programme"]),
]


def in_english(user):
    """The pages of `user` in English (their language preference wins over the request's)."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.mark.parametrize(("user_fixture", "url_name", "fields"), EMPTY_SUBMISSIONS)
def test_an_empty_submission_shows_a_summary_linking_to_each_field(
    client, request, user_fixture, url_name, fields
):
    client.force_login(in_english(request.getfixturevalue(user_fixture)))
    response = client.post(reverse(url_name), {})
    assert response.status_code == 200
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Error: "), title
    summary = re.search(
        r'<div class="fr-alert fr-alert--error[^"]*"[^>]*id="form-errors".*?</div>', html, re.S
    )
    assert summary, "no error summary"
    main = html.index('<main id="content"')
    assert html.index('id="form-errors"') < html.index("fr-label", main), "the summary comes first"
    for field in fields:
        link = re.search(rf'<a href="#(id_{field}(?:_0)?)">([^<]*)</a>', summary.group(0))
        assert link, f"no link to {field}"
        assert f'id="{link.group(1)}"' in html, f"the link to {field} leads nowhere"
        assert "This field is required" not in link.group(2)
        assert "“" in link.group(2), link.group(2)


def test_a_page_shown_before_any_submission_has_no_summary_and_no_error_title(
    client, national_user
):
    client.force_login(in_english(national_user))
    response = client.get(reverse("partners:organisation-create"))
    html = response.content.decode()
    assert 'id="form-errors"' not in html
    assert "<title>Error: " not in html


class DatesAndAddresses(DsfrForm):
    starts_on = forms.DateField(label="Start date")
    email = forms.EmailField(label="E-mail address")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")])


def test_messages_name_the_field_and_give_the_expected_format():
    with translation.override("en"):
        empty = DatesAndAddresses(data={})
        assert empty.errors == {
            "starts_on": ["Enter “Start date”, in the format DD/MM/YYYY, for example 31/12/2025."],
            "email": ["Enter “E-mail address”, in the format name@example.fr."],
            "kind": ["Choose “Kind”."],
        }
        wrong = DatesAndAddresses(data={"starts_on": "31/31/2025", "email": "nobody", "kind": "a"})
        assert wrong.errors == {
            "starts_on": ["Enter a date in the format DD/MM/YYYY, for example 31/12/2025."],
            "email": ["Enter an e-mail address in the format name@example.fr."],
        }


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], "—"),
        (["Akto"], "Akto"),
        (["Akto", "DIAIR"], "Akto, DIAIR"),
    ],
)
def test_short_lists_of_names_are_shown_whole(names, expected):
    assert short_names(names) == expected


def test_long_lists_of_names_are_shortened_with_the_whole_list_for_screen_readers():
    with translation.override("en"):
        html = short_names(["Akto", "DIAIR", "AFPA", "OFII", "Adecco"])
    assert (
        '<span title="Akto, DIAIR, AFPA, OFII, Adecco" aria-hidden="true">Akto, DIAIR… + 3</span>'
        in html
    )
    assert '<span class="fr-sr-only">Akto, DIAIR, AFPA, OFII, Adecco</span>' in html
