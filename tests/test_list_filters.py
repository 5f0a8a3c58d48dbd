"""What every list's filters share (config/filters.py, config/lists.py): territory choices
limited to what the user follows, labels without "(optional)", "All" as the empty choice,
yes/no without "Unknown", active filters as removable tags, sortable column headers, and
sorting that ignores case and accents."""

import re

import pytest
from django.urls import reverse

from territories.models import Department, Region

from .factories import MembershipFactory, OrganisationFactory

ORGANISATIONS = reverse("partners:organisation-list")
MOBILISATION = reverse("mobilisation:action-list")
CONVENTIONS = reverse("conventions:convention-list")


def filter_fields(client, url):
    return set(client.get(url).context["filter"].form.fields)


@pytest.fixture
def region_user(departments):
    """A coordinator of a whole région (Auvergne-Rhône-Alpes, 12 départements)."""
    return MembershipFactory(role="territorial", region=departments["69"].region).user


@pytest.mark.parametrize("url", [ORGANISATIONS, MOBILISATION])
def test_national_staff_filter_on_every_departement_and_region(client, national_user, url):
    client.force_login(national_user)
    form = client.get(url).context["filter"].form
    assert form.fields["department"].queryset.count() == 101
    assert form.fields["region"].queryset.count() == Region.objects.count()


@pytest.mark.parametrize("url", [ORGANISATIONS, MOBILISATION, CONVENTIONS])
@pytest.mark.parametrize("viewer", ["rhone_user", "company_user"])
def test_one_departement_is_no_filter(client, request, viewer, url):
    client.force_login(request.getfixturevalue(viewer))
    fields = filter_fields(client, url)
    assert "department" not in fields
    assert "region" not in fields


def test_a_region_coordinator_chooses_among_its_departements_only(client, region_user):
    client.force_login(region_user)
    form = client.get(MOBILISATION).context["filter"].form
    codes = [d.code for d in form.fields["department"].queryset]
    assert codes == sorted(
        Department.objects.filter(region__code="84").values_list("code", flat=True)
    )
    assert "69" in codes and "75" not in codes
    assert "region" not in form.fields  # their one région


def test_regions_sort_ignoring_accents(national_user, departments):
    names = [region.name for region in Region.objects.all().filterable_by(national_user)]
    assert names.index("Île-de-France") == names.index("Hauts-de-France") + 1
    assert names.index("Île-de-France") < names.index("Normandie")


def test_filter_labels_have_no_optional_mark_and_empty_choices_read_all(client, national_user):
    client.force_login(national_user)
    page = client.get(ORGANISATIONS).content.decode()
    start = page.index('id="filters-panel"')
    panel = page[start : page.index("</form>", start)]
    assert "Optionnel" not in panel and "Optional" not in panel
    assert "---------" not in panel
    assert ">Tous</option>" in panel


def test_yes_no_filters_offer_all_yes_and_no(client, national_user):
    client.force_login(national_user)
    form = client.get(CONVENTIONS).context["filter"].form
    assert [value for value, _label in form.fields["active"].widget.choices] == [
        "",
        "true",
        "false",
    ]
    page = client.get(f"{CONVENTIONS}?active=true").content.decode()
    assert "Inconnu" not in page
    assert (
        client.get(f"{CONVENTIONS}?active=false").context["filter"].form.cleaned_data["active"]
        is False
    )


def test_active_filters_show_as_tags_that_remove_them(client, national_user, departments):
    OrganisationFactory(name="Bâtir Lyon", kind="company", department=departments["69"])
    client.force_login(national_user)
    response = client.get(
        f"{ORGANISATIONS}?kind=company&department={departments['69'].pk}&ordering=name&page=1"
    )
    page = response.content.decode()
    tags = re.findall(r'<a class="fr-tag fr-tag--dismiss" href="([^"]*)"[^>]*>([^<]*)</a>', page)
    assert len(tags) == 2
    links = {text.split(":")[0].strip(): href for href, text in tags}
    # Removing one filter keeps the other and the sort, and goes back to the first page.
    assert links["Département"] == "?kind=company&amp;ordering=name"
    assert "Rhône (69)" in page
    assert 'data-filters-active="true"' in page
    assert 'data-filters-active="false"' in client.get(ORGANISATIONS).content.decode()


def test_no_tag_without_a_filter(client, national_user):
    client.force_login(national_user)
    assert "fr-tag--dismiss" not in client.get(f"{ORGANISATIONS}?ordering=name").content.decode()


def test_column_headers_sort_the_list(client, national_user):
    client.force_login(national_user)
    page = client.get(f"{ORGANISATIONS}?kind=company").content.decode()
    assert 'href="?kind=company&amp;ordering=name"' in page
    assert "aria-sort" not in page
    page = client.get(f"{ORGANISATIONS}?kind=company&ordering=name").content.decode()
    assert '<th scope="col" aria-sort="ascending">' in page
    assert 'href="?kind=company&amp;ordering=-name"' in page
    page = client.get(f"{ORGANISATIONS}?ordering=-name").content.decode()
    assert '<th scope="col" aria-sort="descending">' in page


def test_sorting_ignores_case_and_accents(client, national_user, departments):
    for name in ["Zèbre", "école du bâtiment", "Ébénisterie", "Dupont"]:
        OrganisationFactory(name=name, department=departments["69"])
    client.force_login(national_user)
    response = client.get(f"{ORGANISATIONS}?ordering=name")
    names = [organisation.name for organisation in response.context["object_list"]]
    assert names == ["Dupont", "Ébénisterie", "école du bâtiment", "Zèbre"]
