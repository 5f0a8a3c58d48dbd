"""The pages the DSFR and French law require: open to everyone, in French and English, linked
from every page's footer; the site map follows the menu of whoever reads it."""

import pytest
from django.urls import reverse

from .html import outline

LEGAL_PAGES = {
    "accessibility": ("non conforme", "not compliant"),
    "legal-notice": ("Directeur de la publication", "Director of publication"),
    "personal-data": ("art. 6-1-e", "art. 6(1)(e)"),
    "cookies": ("csrftoken", "csrftoken"),
    "site-map": ("Mentions", "Legal notice"),
}


def read_in(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url)


@pytest.mark.parametrize("name", LEGAL_PAGES)
@pytest.mark.parametrize(("language", "index"), [("fr", 0), ("en", 1)])
def test_anonymous_visitors_read_each_page(
    client, db, django_assert_num_queries, name, language, index
):
    with django_assert_num_queries(0):
        response = read_in(client, reverse(name), language)
    assert response.status_code == 200
    assert LEGAL_PAGES[name][index] in response.content.decode()
    page = outline(response)
    assert page.breadcrumb[0] == ("Accueil" if language == "fr" else "Home", reverse("home"))
    assert page.breadcrumb[-1] == (page.h1, None)


@pytest.mark.parametrize("name", LEGAL_PAGES)
@pytest.mark.parametrize("role", ["national_user", "company_user", "user_without_role"])
def test_signed_in_users_read_each_page(client, request, django_assert_num_queries, name, role):
    client.force_login(request.getfixturevalue(role))
    # Session, user, their memberships and (when they have some) the départements of them.
    with django_assert_num_queries(3 if role == "user_without_role" else 4):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert LEGAL_PAGES[name][0] in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/partenariat/", "/comptes/connexion/", "/plan-du-site/"])
def test_the_footer_links_to_every_page(client, db, url):
    links = {href for _text, href in outline(client.get(url)).footer_links}
    assert {reverse(name) for name in LEGAL_PAGES} <= links


def test_the_footer_states_the_accessibility_status_and_links_to_the_statement(client, db):
    links = outline(client.get("/")).footer_links
    assert ("Accessibilité : non conforme", reverse("accessibility")) in links


def test_the_site_map_lists_the_menu_of_the_reader(client, national_user, company_user):
    anonymous = client.get(reverse("site-map")).content.decode()
    assert reverse("leads:interest-form") in anonymous
    assert reverse("programmes:action-list") not in anonymous

    client.force_login(national_user)
    national = client.get(reverse("site-map")).content.decode()
    assert reverse("programmes:action-list") in national
    assert reverse("admin:index") in national

    client.force_login(company_user)
    company = client.get(reverse("site-map")).content.decode()
    assert reverse("company:home") in company
    assert reverse("programmes:action-list") not in company
    assert reverse("admin:index") not in company


def test_the_operator_sets_the_host_of_the_legal_notice(client, db, settings):
    placeholder = "HOSTING_PROVIDER"
    assert placeholder in client.get(reverse("legal-notice")).content.decode()
    settings.HOSTING_PROVIDER = "Hébergeur Exemple SAS\n1 rue de l'Exemple, 75001 Paris"
    page = client.get(reverse("legal-notice")).content.decode()
    assert placeholder not in page
    assert "Hébergeur Exemple SAS<br>1 rue de l&#x27;Exemple" in page
