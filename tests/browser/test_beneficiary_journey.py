"""The demo operator records a new person, enrols them in a PIC action, records a diagnostic,
a French course and a CDI at the demo partner company, closes the enrolment, and reads the
person's timeline; the Paris coordinator gets a 404 on that page; the company contact reads one
more hire on its convention's objective and the name nowhere."""

import re

import pytest
from playwright.sync_api import expect

from beneficiaries.models import AccessLog, Beneficiary, PathwayStep
from partners.models import ConventionObjective

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_NAME = "Nazari-Wardak"
COMPANY = "Bâtiments du Lyonnais"
ACTION = "PIC IPR – Passerelles vers l'emploi, Lyon et Villeurbanne"


def sign_in_elsewhere(browser, live_server, email):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("tremplin-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def hires_on_convention_page(page, live_server, objective):
    """The hires the convention page shows for `objective` (int), as the company reads it."""
    page.goto(f"{live_server.url}{objective.convention.get_absolute_url()}")
    label = page.locator(f'label[for="objective-{objective.pk}-achieved"]')
    expect(label).to_contain_text(f"sur {objective.target}")
    return int(re.match(r"\s*(\d+)", label.inner_text()).group(1))


def record_person(page, live_server):
    main = page.locator("main")
    page.goto(f"{live_server.url}/beneficiaires/")
    main.get_by_test_id("beneficiary-create").click()
    main.locator("#id_last_name").fill(LAST_NAME)
    main.locator("#id_first_name").fill("Zahra")
    main.locator("#id_birth_date").fill("1993-04-02")
    main.locator("#id_sex").select_option("F")
    main.locator("#id_nationality").select_option("AF")
    main.locator("#id_protection_status").select_option("refugee")
    main.locator("#id_department").select_option(label="Rhône (69)")
    main.locator("#id_housing_at_entry").select_option("dna")
    # The operator's own organisation is chosen for them.
    expect(main.locator("#id_referent_organisation option:checked")).to_have_text(
        "Passerelles Emploi Rhône"
    )
    main.locator("#id_notice_given_on").fill("2026-09-01")
    main.locator("#id_notice_version").fill("2026-01")
    main.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beneficiaires/\d+/$"))
    return Beneficiary.objects.get(last_name=LAST_NAME)


def record_step(page, person, kind, fields):
    main = page.locator("main")
    main.get_by_test_id(f"step-{kind}").click()
    main.locator("#id_enrolment").select_option(index=1)
    for selector, value in fields.items():
        field = main.locator(selector)
        if selector == "#id_organisation":
            field.select_option(label=value)
        elif field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        elif value is True:
            field.check(force=True)
        else:
            field.fill(value)
    main.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/beneficiaires/{person.pk}/$"))


def test_operator_follows_a_person_from_referral_to_job(page, sign_in, live_server, browser, demo):
    objective = ConventionObjective.objects.get(
        convention__parties__name=COMPANY, convention__status="active", indicator="hires"
    )
    company_context, company = sign_in_elsewhere(browser, live_server, "entreprise@tremplin.test")
    hires_before = hires_on_convention_page(company, live_server, objective)
    sign_in("operateur@tremplin.test")
    main = page.locator("main")
    person = record_person(page, live_server)
    person_url = f"{live_server.url}{person.get_absolute_url()}"

    # Enrol, entered at once.
    main.get_by_test_id("enrol").click()
    main.locator("#id_action").select_option(label=f"PIC — {ACTION}")
    main.locator("#id_referral_source").select_option("ofii")
    main.locator("#id_referral_date").fill("2026-09-01")
    main.locator("#id_entry_date").fill("2026-09-07")
    main.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beneficiaires/inscriptions/\d+/$"))
    enrolment = person.enrolments.get()
    assert enrolment.status == "entered"

    # Three steps.
    page.goto(person_url)
    record_step(page, person, "diagnostic", {"#id_start_date": "2026-09-08"})
    record_step(
        page,
        person,
        "french_course",
        {
            "#id_start_date": "2026-09-15",
            "#id_end_date": "2026-10-30",
            "#id_course_hours": "200",
            "#id_french_level_reached": "A2",
            "#id_certification": "DELF A2",
            "#id_certified": True,
        },
    )
    record_step(
        page,
        person,
        "job",
        {
            "#id_start_date": "2026-11-16",
            "#id_organisation": COMPANY,
            "#id_contract_type": "cdi",
            "#id_weekly_hours": "35",
            "#id_occupation": "Maçonne",
        },
    )
    job = PathwayStep.objects.get(beneficiary=person, kind="job")
    assert (job.organisation.name, job.contract_type, job.enrolment) == (
        COMPANY,
        "cdi",
        enrolment,
    )

    # Close the enrolment: exit to a job; its follow-ups are due 6 and 12 months later.
    page.goto(f"{live_server.url}{enrolment.get_absolute_url()}")
    closing = main.get_by_test_id("close-enrolment")
    closing.locator("#id_exit_date").fill("2026-11-20")
    closing.locator("#id_exit_reason").select_option("job")
    closing.locator("button[type=submit]").click()
    page.wait_for_url(person_url)
    enrolment.refresh_from_db()
    assert enrolment.status == "exited"
    assert enrolment.follow_ups.count() == 2

    # One timeline: referral, entry, diagnostic, French course, job, exit, in date order.
    events = main.get_by_test_id("timeline").locator("li")
    expect(events).to_have_count(6)
    expect(events.nth(3)).to_contain_text("DELF A2")
    expect(events.nth(4)).to_contain_text(COMPANY)
    expect(events.nth(5)).to_contain_text("20/11/2026")
    expect(main.get_by_test_id("situation-now")).to_contain_text(COMPANY)
    assert AccessLog.objects.filter(beneficiary=person, kind="view").exists()

    # The Paris coordinator cannot open the page.
    context, paris = sign_in_elsewhere(browser, live_server, "paris@tremplin.test")
    try:
        assert paris.goto(person_url).status == 404
    finally:
        context.close()

    # The company contact reads one more hire on its convention, and the name nowhere.
    try:
        assert hires_on_convention_page(company, live_server, objective) == hires_before + 1
        for path in ("/", "/espace-entreprise/", "/conventions/"):
            company.goto(f"{live_server.url}{path}")
            expect(company.locator("body")).not_to_contain_text(LAST_NAME)
        company.goto(f"{live_server.url}/conventions/")
        company.locator("main table a").first.click()
        expect(company.locator("body")).not_to_contain_text(LAST_NAME)
        assert company.goto(f"{live_server.url}/beneficiaires/").status == 403
        assert company.goto(person_url).status == 403
    finally:
        company_context.close()
