"""The list of mobilisation actions: filters in the URL, sorting, pagination, and a number of
queries that does not grow with the page."""

import datetime

import pytest
from django.urls import reverse

from .factories import MobilisationActionFactory

URL = reverse("mobilisation:action-list")


def listed(response):
    return [action.title for action in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=job_dating", {"Job dating Lyon"}),
        ("format=online", {"Webinaire national"}),
        ("department=69", {"Job dating Lyon", "Réunion réseau Villeurbanne"}),
        ("department=75", {"Sensibilisation Paris", "Forum Paris Est"}),
        ("region=84", {"Job dating Lyon", "Réunion réseau Villeurbanne"}),  # Auvergne-Rhône-Alpes
        ("date_from=2026-03-13&date_to=2026-03-25", {"Réunion réseau Villeurbanne"}),
        ("q=forum", {"Forum Paris Est"}),
    ],
)
def test_filters_narrow_the_list(client, national_user, actions, query, expected):
    client.force_login(national_user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert set(listed(response)) == expected


def test_the_organisation_filter_finds_invitations_walk_ins_and_organisers(
    client, national_user, actions, orgs
):
    organised = MobilisationActionFactory(
        title="Organisé par l'entreprise", organiser=orgs["company"]
    )
    client.force_login(national_user)
    response = client.get(f"{URL}?organisation={orgs['company'].pk}")
    assert set(listed(response)) == {"Job dating Lyon", "Forum Paris Est", organised.title}


def test_the_organisation_filter_offers_only_organisations_one_may_see(
    client, rhone_user, actions, orgs
):
    client.force_login(rhone_user)
    response = client.get(f"{URL}?organisation={orgs['paris_company'].pk}")
    assert response.context["filter"].form.has_error("organisation", "invalid_choice")
    choices = response.context["filter"].form.fields["organisation"].queryset
    assert set(choices) == {orgs["rhone_operator"], orgs["company"]}


def test_sorting_by_title_and_by_date(client, national_user, actions):
    client.force_login(national_user)
    titles = listed(client.get(f"{URL}?ordering=title"))
    assert titles == sorted(titles)
    dates = [a.date for a in client.get(f"{URL}?ordering=date").context["object_list"]]
    assert dates == sorted(dates)
    newest_first = client.get(URL).context["object_list"]
    assert newest_first[0].date >= newest_first[len(newest_first) - 1].date


def test_a_multi_departement_action_is_listed_once_with_its_right_counts(
    client, national_user, departments, orgs
):
    MobilisationActionFactory(
        title="Tournée régionale",
        departments=[departments["69"], departments["01"]],
        attendees=[orgs["company"], orgs["rhone_company"]],
    )
    client.force_login(national_user)
    response = client.get(f"{URL}?region=84")
    assert listed(response) == ["Tournée régionale"]
    assert response.context["object_list"][0].present_count == 2
    assert "Rhône (69)" in response.content.decode()


def test_the_list_paginates_by_25(client, national_user, departments):
    for day in range(1, 28):
        MobilisationActionFactory(date=datetime.date(2026, 4, day))
    client.force_login(national_user)
    response = client.get(URL)
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 27


@pytest.mark.parametrize(
    ("viewer", "queries"), [("national_user", 10), ("rhone_user", 9), ("company_user", 9)]
)
def test_the_number_of_queries_does_not_grow_with_the_page(
    client, request, viewer, queries, departments, orgs, django_assert_num_queries
):
    user = request.getfixturevalue(viewer)
    client.force_login(user)

    def add_actions(n):
        for _ in range(n):
            MobilisationActionFactory(
                departments=[departments["69"], departments["01"]],
                organiser=orgs["rhone_operator"],
                invited=[orgs["company"], orgs["rhone_company"]],
                attendees=[orgs["company"]],
            )

    add_actions(2)
    with django_assert_num_queries(queries):
        client.get(f"{URL}?region=84&ordering=-participants")
    add_actions(23)
    with django_assert_num_queries(queries):
        response = client.get(f"{URL}?region=84&ordering=-participants")
    assert len(response.context["object_list"]) == 25


def test_a_search_pages_as_the_list_does_reading_its_keys_once(
    client, rhone_user, departments, django_assert_num_queries
):
    """A search reads the matching keys once (`config.paginators.KeysListPaginator`): the
    count and every page are those of the same list without it, with the organisations
    present counted on each row, and the same number of queries on every page."""
    from django.core.paginator import Paginator

    from partners.models import MobilisationAction

    for day in range(1, 28):
        for title in ("Job dating", "Forum"):
            MobilisationActionFactory(title=f"{title} {day}", date=datetime.date(2026, 4, day))
    MobilisationActionFactory(title="Job dating Paris", departments=[departments["75"]])
    client.force_login(rhone_user)
    visible = MobilisationAction.objects.visible_to(rhone_user).filter(title__contains="Job")
    expected = Paginator(visible.order_by("-date", "title"), 25)
    pages = []
    for number in (1, 2):
        response = client.get(f"{URL}?q=job&page={number}")
        assert response.context["paginator"].count == expected.count == 27
        pages.append(listed(response))
        assert pages[-1] == [action.title for action in expected.page(number)]
        assert all(action.present_count == 0 for action in response.context["object_list"])
    assert "Job dating Paris" not in pages[0] + pages[1]
    with django_assert_num_queries(9):
        client.get(f"{URL}?q=job&page=1")
    with django_assert_num_queries(9):
        client.get(f"{URL}?q=job&page=2")
