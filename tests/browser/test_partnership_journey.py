"""A company registers its interest; the Rhône coordinator qualifies the lead and signs a
convention with two objectives; the company contact follows it; Paris sees none of it."""

import pytest
from playwright.sync_api import expect

from partners.models import Convention, Lead, Organisation

from .widgets import choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPANY = "Bâtiments du Lyonnais"


def sign_in_on(page, live_server, email):
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.locator("main #id_username").fill(email)
    page.locator("main #id_password").fill("tremplin-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def test_company_interest_becomes_a_convention_followed_by_the_company(demo, browser, live_server):
    company = Organisation.objects.get(name=COMPANY)

    # 1. An anonymous company in Rhône registers its interest.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/")
    visitor.locator("main").get_by_role("link", name="Mon entreprise veut s’engager").click()
    visitor.locator("#id_siret").fill(company.siret)
    visitor.locator("#id_company_name").fill(COMPANY)
    visitor.locator("#id_department").select_option(label="Rhône (69)")
    visitor.locator("#id_first_name").fill("Claire")
    visitor.locator("#id_last_name").fill("Fontaine")
    visitor.locator("#id_email").fill("claire.fontaine@batiments-lyonnais.exemple.fr")
    visitor.locator("input[name=sectors][value=construction]").check(force=True)
    visitor.locator("#id_jobs_offered").fill("Maçons et coffreurs-bancheurs en CDI")
    visitor.locator("#id_hires_planned").fill("6")
    visitor.locator("#id_consent").check(force=True)
    visitor.locator("main button[type=submit]").click()
    expect(visitor.locator("main h1")).to_be_visible()
    assert visitor.url.endswith("/partenariat/merci/")
    lead = Lead.objects.get(organisation=company)

    # 2. The Rhône coordinator finds the lead and qualifies it.
    rhone = browser.new_context().new_page()
    sign_in_on(rhone, live_server, "rhone@tremplin.test")
    rhone.goto(f"{live_server.url}/partenariat/pistes/?status=new")
    rhone.locator("main").get_by_role("link", name=COMPANY).first.click()
    expect(rhone.locator("main")).to_contain_text("Maçons et coffreurs-bancheurs en CDI")
    rhone.locator("#id_status").select_option("qualified")
    rhone.locator("main form button[type=submit]").last.click()
    expect(rhone.locator("main")).to_contain_text("Qualifié")
    lead.refresh_from_db()
    assert lead.status == "qualified" and lead.qualified_at is not None

    # 3. …and creates a convention with two objectives.
    rhone.goto(f"{live_server.url}/conventions/nouvelle/")
    rhone.locator("#id_title").fill("Convention Bâtiments du Lyonnais – Rhône 2027")
    choose(rhone, "id_parties", COMPANY)
    rhone.locator("input[name=scope][value=territorial]").check(force=True)
    # Rhône is the coordinator's only département: it comes already chosen.
    expect(rhone.locator("#id_departments + .ts-wrapper .item")).to_contain_text(["Rhône (69)"])
    rhone.locator("#id_status").select_option("active")
    rhone.locator("#id_signed_on").fill("2026-11-20")
    rhone.locator("#id_start_date").fill("2026-11-20")
    rhone.locator("#id_end_date").fill("2027-12-31")
    rhone.locator("main form button[type=submit]").click()
    expect(rhone.locator("main h1")).to_contain_text("Convention Bâtiments du Lyonnais")
    convention = Convention.objects.get(title__startswith="Convention Bâtiments du Lyonnais")

    for indicator, target in [("hires", "12"), ("event_participants", "40")]:
        rhone.locator("main").get_by_role("link", name="Ajouter un objectif").click()
        rhone.locator("#id_indicator").select_option(indicator)
        rhone.locator("#id_target").fill(target)
        rhone.locator("#id_period_start").fill("2027-01-01")
        rhone.locator("#id_period_end").fill("2027-12-31")
        rhone.locator("main form button[type=submit]").click()
        rhone.wait_for_url(f"**{convention.get_absolute_url()}*")
    assert convention.objectives.count() == 2
    # Each objective: what is achieved (hires from the pathways, events attended) and the pace.
    expect(rhone.locator("main progress")).to_have_count(4)

    # 4. The company contact sees the convention in their space.
    company_page = browser.new_context().new_page()
    sign_in_on(company_page, live_server, "entreprise@tremplin.test")
    company_page.goto(f"{live_server.url}/espace-entreprise/")
    expect(company_page.locator("main")).to_contain_text(convention.title)

    # 5. The Paris coordinator sees none of it.
    paris = browser.new_context().new_page()
    sign_in_on(paris, live_server, "paris@tremplin.test")
    paris.goto(f"{live_server.url}/partenariat/pistes/")
    expect(paris.locator("main")).not_to_contain_text(COMPANY)
    for url in [lead.get_absolute_url(), convention.get_absolute_url()]:
        response = paris.goto(f"{live_server.url}{url}")
        assert response.status == 404
