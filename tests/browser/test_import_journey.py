"""An operator imports last year's workbook of 200 people into their action: the preview shows
the two rows in error on their line and column, nothing is written; they correct the workbook,
send it again, confirm, and find the people in their list."""

import re

import pytest
from playwright.sync_api import expect

from beneficiaries.models import Beneficiary, Enrolment

from ..beneficiaries.factories import department
from ..beneficiaries.imports.files import rows, xlsx_bytes
from ..factories import PASSWORD, MembershipFactory, OrganisationFactory
from ..programmes.factories import ActionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page, live_server, path, action):
    main = page.locator("main")
    page.goto(f"{live_server.url}/beneficiaires/")
    main.get_by_test_id("import-create").click()
    main.locator("#id_action").select_option(str(action.pk))
    main.locator("#id_file").set_input_files(str(path))
    main.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beneficiaires/imports/\d+/$"))
    return main


def test_an_operator_imports_a_workbook_after_correcting_it(page, live_server, sign_in, tmp_path):
    rhone = department("69")
    operator = OrganisationFactory(
        kind="operator", name="Passerelles Emploi Rhône", department=rhone
    )
    user = MembershipFactory(role="operator", organisation=operator).user
    action = ActionFactory(operator=operator, departments=[rhone], title="Passerelles Lyon")
    sign_in(user.email, PASSWORD)

    data = rows(200)
    data[49]["Date d'entrée"] = "31/02/2025"
    data[149]["Statut de protection"] = "touriste"
    workbook = tmp_path / "suivi-2025.xlsx"
    workbook.write_bytes(xlsx_bytes(data))
    main = send(page, live_server, workbook, action)
    counts = main.get_by_test_id("import-counts")
    expect(counts).to_contain_text("198")
    errors = main.get_by_test_id("import-errors")
    expect(errors).to_contain_text("« 31/02/2025 »")
    expect(errors.locator("tr", has_text="31/02/2025").locator("td").first).to_have_text("51")
    expect(errors).to_contain_text("« touriste »")
    expect(errors.locator("tr", has_text="touriste").locator("td").first).to_have_text("151")
    assert not Beneficiary.objects.exists()

    data[49]["Date d'entrée"] = "28/02/2026"
    data[149]["Statut de protection"] = "Réfugié"
    workbook.write_bytes(xlsx_bytes(data))
    main = send(page, live_server, workbook, action)
    expect(main.get_by_test_id("import-counts")).to_contain_text("200")
    expect(main.get_by_test_id("import-errors")).to_have_count(0)
    main.get_by_test_id("import-confirm").click()
    expect(main.get_by_test_id("import-status")).to_contain_text("200")
    main.get_by_role("link", name=re.compile("people|personnes", re.I)).first.click()

    page.wait_for_url(re.compile(r"/beneficiaires/$"))
    expect(page.locator("main")).to_contain_text("200")
    page.goto(f"{live_server.url}/beneficiaires/?q=Rahimi-149")
    expect(page.locator("main table")).to_contain_text("RAHIMI-149")
    assert Enrolment.objects.filter(action=action).count() == 200
