"""The public indicator dictionary: /indicateurs/ documents every indicator for anyone, and
each one's page its definition in every version."""

import dataclasses
import datetime

import pytest
from django.urls import reverse

from reporting import dictionary

LIST = reverse("reporting:indicator-list")


@pytest.fixture
def english(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_anyone_reads_every_indicator_without_signing_in(english, db):
    response = english.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    for code in dictionary.DICTIONARY:
        assert f'data-code="{code}"' in page
        assert reverse("reporting:indicator-detail", args=[code]) in page
    assert "Sorties dynamiques ÷ exits of the period × 100" in page
    assert "v1, since 01/01/2026" in page


def test_the_footer_links_to_the_dictionary(english, db):
    assert f'href="{LIST}"' in english.get(reverse("legal-notice")).content.decode()


def test_an_indicator_page_documents_it(english, db):
    response = english.get(reverse("reporting:indicator-detail", args=["persons_followed"]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "People followed",
        "Distinct people accompanied at some time in the period",
        "Persons (each counted once)",
        "Version 1, valid since 1 January 2026",
        "Tremplin design (DESIGN.md §2)",
        "Programme, Action, Région, Département, Sex, Age band",
    ]:
        assert text in page


def test_an_unknown_indicator_is_not_found(client, db):
    response = client.get(reverse("reporting:indicator-detail", args=["nothing"]))
    assert response.status_code == 404


def test_a_new_version_keeps_the_former_one_listed(english, db, monkeypatch):
    former = dictionary.get("entries")
    current = dataclasses.replace(
        former,
        version=2,
        valid_from=datetime.date(2027, 1, 1),
        definition="Entries, counted in a new way.",
    )
    monkeypatch.setitem(dictionary.VERSIONS, "entries", (former, current))
    monkeypatch.setitem(dictionary.DICTIONARY, "entries", current)
    page = english.get(reverse("reporting:indicator-detail", args=["entries"])).content.decode()
    assert "Entries, counted in a new way." in page
    assert "Former versions" in page and "Version 1, valid since 1 January 2026" in page
    assert dictionary.get("entries", version=1) is former
