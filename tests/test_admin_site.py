"""The Django admin, for technical staff: Tremplin's apps first, then the technical ones under
headings that say so."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Organisation

from .factories import OrganisationFactory


def test_technical_apps_come_last_under_a_technical_heading(client, national_user):
    client.force_login(national_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    labels = [app["app_label"] for app in response.context["app_list"]]
    technical = ["django_celery_beat", "django_celery_results", "axes", "dsfr", "auth"]
    assert labels[-len(technical) :] == technical
    assert {"accounts", "programmes", "partners"} <= set(labels[: -len(technical)])
    names = {app["app_label"]: str(app["name"]) for app in response.context["app_list"]}
    for label in technical[:-1]:
        assert names[label].startswith(("Technical:", "Technique")), names[label]


def test_deep_pages_of_a_long_admin_list_are_read_by_key(client, national_user):
    """The organisations' changelist pages by key (`config.paginators.KeysFirstPaginator`):
    each page holds the rows of the same page of the admin's own order, every organisation
    once, none twice, searches included."""
    OrganisationFactory.create_batch(130)
    client.force_login(national_user)
    url = reverse("admin:partners_organisation_changelist")
    seen = []
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"p": page})
        assert response.status_code == 200
        changelist = response.context["cl"]
        seen.extend(row.pk for row in changelist.result_list)
        # The page's rows come from its keys, read as a subquery in the list's order.
        assert any(" IN (SELECT " in q["sql"] and "LIMIT" in q["sql"] for q in queries)
    ordering = changelist.get_ordering(response.wsgi_request, changelist.queryset)
    expected = list(Organisation.objects.order_by(*ordering).values_list("pk", flat=True))
    assert seen == expected
    assert len(seen) == Organisation.objects.count()


def test_the_admin_searches_names_as_the_pages_do(client, national_user):
    """Accents, apostrophes and dashes ignored (`matches`), each word of the search once."""
    wanted = OrganisationFactory(name="Épicerie solidaire de la Côte-d’Or")
    OrganisationFactory(name="Épicerie du Nord")
    client.force_login(national_user)
    url = reverse("admin:partners_organisation_changelist")
    for typed in ("cote d'or", "EPICERIE cote-d’or", "solidaire COTE"):
        response = client.get(url, {"q": typed})
        assert list(response.context["cl"].result_list) == [wanted], typed


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:partners_organisation_changelist",
        "admin:partners_contact_changelist",
        "admin:partners_lead_changelist",
        "admin:partners_convention_changelist",
        "admin:partners_mobilisationaction_changelist",
        "admin:partners_interaction_changelist",
        "admin:programmes_action_changelist",
        "admin:beneficiaries_enrolment_changelist",
        "admin:beneficiaries_pathwaystep_changelist",
        "admin:beneficiaries_referral_changelist",
        "admin:accounts_membership_changelist",
    ],
)
def test_every_admin_search_answers(client, national_user, changelist):
    client.force_login(national_user)
    response = client.get(reverse(changelist), {"q": "côte d’or 12"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
