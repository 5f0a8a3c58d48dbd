"""The public partnership-interest form: a company becomes a lead, its coordinators and its
contact are e-mailed, and hostile or robotic submissions store nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutgoingMessage
from partners.leads.forms import RESUBMISSION_WINDOW, InterestForm
from partners.models import Contact, Lead, Organisation

from ..factories import MembershipFactory, OrganisationFactory, valid_siret

URL = reverse("leads:interest-form")
THANKS = reverse("leads:interest-thanks")


def form_data(departments, **overrides):
    return {
        "siret": valid_siret(700),
        "company_name": "Brasserie des Canuts",
        "department": departments["69"].pk,
        "first_name": "Camille",
        "last_name": "Martin",
        "job_title": "Responsable RH",
        "email": "camille.martin@brasserie.test",
        "phone": "04 72 00 00 00",
        "sectors": ["hospitality", "cleaning"],
        "jobs_offered": "Commis de cuisine, plongeurs",
        "positions": "3",
        "hires_planned": "6",
        "help_wanted": ["recruitment", "training"],
        "consent": "on",
        **overrides,
    }


def stored():
    """Everything a submission may write, history included."""
    return (
        Organisation.objects.count(),
        Organisation.history.count(),
        Contact.objects.count(),
        Contact.history.count(),
        Lead.objects.count(),
        Lead.history.count(),
        OutgoingMessage.objects.count(),
    )


def submit(client, data, capture, address="192.0.2.10"):
    with capture(execute=True):
        return client.post(URL, data, REMOTE_ADDR=address)


def test_the_form_is_public_french_and_explains_personal_data(client, departments):
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in page
    assert 'id="personal-data"' in page
    assert "mailto:" in page
    honeypot = page[page.index('name="website"') - 200 : page.index('name="website"') + 200]
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert 'aria-hidden="true"' in honeypot
    assert "fr-sr-only" in honeypot
    assert "style=" not in page


def test_a_new_company_becomes_a_lead_and_its_coordinator_is_told(
    client,
    departments,
    rhone_user,
    paris_user,
    national_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    siret = valid_siret(700)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    response = submit(
        client, form_data(departments, siret=spaced), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert response.url == THANKS
    organisation = Organisation.objects.get(siret=siret)
    assert organisation.name == "Brasserie des Canuts"
    assert organisation.kind == "company"
    assert organisation.department == departments["69"]
    assert organisation.needs_sectors == ["hospitality", "cleaning"]
    assert organisation.needs_jobs == "Commis de cuisine, plongeurs"
    assert organisation.needs_hires == 6
    assert organisation.needs_updated_at is not None
    contact = organisation.contacts.get()
    assert (contact.first_name, contact.last_name, contact.job_title) == (
        "Camille",
        "Martin",
        "Responsable RH",
    )
    assert contact.email == "camille.martin@brasserie.test"
    assert contact.consents_to_contact
    lead = Lead.objects.get()
    assert lead.organisation == organisation
    assert lead.contact == contact
    assert lead.department == departments["69"]
    assert lead.status == "new"
    assert lead.assignee is None
    assert lead.sectors == ["hospitality", "cleaning"]
    assert lead.help_wanted == ["recruitment", "training"]
    assert (lead.positions, lead.hires_planned) == (3, 6)

    recipients = sorted(tuple(mail.to) for mail in mailoutbox)
    assert recipients == sorted([(rhone_user.email,), ("camille.martin@brasserie.test",)])
    notification = next(mail for mail in mailoutbox if mail.to == [rhone_user.email])
    assert "Brasserie des Canuts" in notification.body
    assert lead.get_absolute_url() in notification.body
    acknowledgement = next(mail for mail in mailoutbox if mail.to == [contact.email])
    assert "Rhône (69)" in acknowledgement.body
    # Nothing the visitor typed goes back out: the form is no relay for someone else's text.
    assert "Brasserie des Canuts" not in acknowledgement.body
    assert "Camille" not in acknowledgement.body

    thanks = client.get(THANKS)
    assert thanks.status_code == 200
    assert "fr-alert--success" in thanks.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "627.252.521.00018",
        "627-252-521-00018",
        "627\u00a0252\u00a0521\u00a000018",
        "627\u202f252\u202f521\u202f00018",
        "627 252 521 00018 ",
    ],
)
def test_a_siret_with_separators_is_kept_as_digits_and_matched(
    client, departments, rhone_user, django_capture_on_commit_callbacks, typed
):
    """Field case: a dotted SIRET stored as typed, then a second organisation for the same
    company typed without separators; a dashed one refused."""
    response = submit(
        client, form_data(departments, siret=typed), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.siret, organisation.siren) == ("62725252100018", "627252521")

    data = form_data(departments, siret="62725252100018", email="autre@brasserie.test")
    response = submit(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Organisation.objects.get() == organisation
    assert Lead.objects.filter(organisation=organisation).count() == 2


@pytest.mark.parametrize(
    "typed",
    [
        "06\u00a012\u00a034\u00a056\u00a078",
        "06\u202f12\u202f34\u202f56\u202f78",
        "06\u201312\u201334\u201356\u201378",
        "06.12.34.56.78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
    ],
)
def test_a_phone_number_as_pasted_is_stored_once_and_shown_formatted(
    client, departments, rhone_user, django_capture_on_commit_callbacks, typed
):
    """Field case: `06 12 34 56 78` copied from a web page (non-breaking spaces) was refused
    with a message saying spaces are allowed."""
    response = submit(
        client, form_data(departments, phone=typed), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.phone.as_e164 == "+33612345678"
    assert Contact.objects.filter(phone="+33612345678").exists()
    client.force_login(rhone_user)
    page = client.get(Lead.objects.get().get_absolute_url()).content.decode()
    assert "+33 6 12 34 56 78" in page


def test_a_phone_number_that_is_not_one_is_refused(client, departments):
    response = client.post(URL, form_data(departments, phone="06 12 34"))
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert Contact.objects.count() == 0


def test_a_siret_with_a_letter_is_refused_not_trimmed(client, departments):
    response = client.post(URL, form_data(departments, siret="627.252.521.0001B"))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["siret"][0].code == "invalid_siret"
    assert Organisation.objects.count() == 0


def test_a_known_siret_is_matched_to_its_organisation(
    client, departments, rhone_user, django_capture_on_commit_callbacks
):
    siret = valid_siret(701)
    known = OrganisationFactory(
        name="Canuts SAS", siret=siret, department=departments["69"], needs_jobs="Serveurs"
    )
    data = form_data(departments, siret=siret, company_name="Autre nom", jobs_offered="")
    response = submit(client, data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Organisation.objects.count() == 1
    known.refresh_from_db()
    # Anyone may type a known SIRET: the registry's entry and its needs stay as they were,
    # and the lead keeps what was sent.
    assert known.name == "Canuts SAS"
    assert known.needs_sectors == []
    assert known.needs_jobs == "Serveurs"
    assert known.needs_hires is None
    lead = Lead.objects.get()
    assert lead.organisation == known
    assert (lead.sectors, lead.hires_planned) == (["hospitality", "cleaning"], 6)
    assert known.contacts.count() == 1
    # The same person sending it again within minutes (Back then Send) is the same lead…
    submit(client, data, django_capture_on_commit_callbacks)
    assert Lead.objects.count() == 1
    # …and writing again later is a new lead of the same contact.
    Lead.objects.update(submitted_at=timezone.now() - RESUBMISSION_WINDOW)
    submit(client, data, django_capture_on_commit_callbacks)
    assert Lead.objects.count() == 2
    assert known.contacts.count() == 1


def test_a_region_coordinator_is_told_of_a_lead_of_their_region(
    client, departments, auvergne_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    submit(
        client,
        form_data(departments, department=departments["01"].pk),
        django_capture_on_commit_callbacks,
    )
    assert [auvergne_coordinator.email] in [mail.to for mail in mailoutbox]


def test_national_staff_are_told_when_the_departement_has_no_coordinator(
    client, departments, rhone_user, national_user, mailoutbox, django_capture_on_commit_callbacks
):
    submit(
        client,
        form_data(departments, department=departments["13"].pk),
        django_capture_on_commit_callbacks,
    )
    recipients = [mail.to for mail in mailoutbox]
    assert [national_user.email] in recipients
    assert [rhone_user.email] not in recipients
    assert len(mailoutbox) == 2  # national staff, and the acknowledgement


def test_inactive_coordinators_are_not_told(
    client, departments, national_user, mailoutbox, django_capture_on_commit_callbacks
):
    invited = MembershipFactory(role="territorial", departments=[departments["69"]]).user
    invited.is_active = False
    invited.save()
    submit(client, form_data(departments), django_capture_on_commit_callbacks)
    assert [invited.email] not in [mail.to for mail in mailoutbox]
    assert [national_user.email] in [mail.to for mail in mailoutbox]


SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("field", ["company_name", "jobs_offered"])
def test_script_tags_are_stored_as_text_and_shown_escaped(
    client, departments, national_user, field, django_capture_on_commit_callbacks
):
    response = submit(
        client, form_data(departments, **{field: SCRIPT}), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    lead = Lead.objects.get()
    stored_value = lead.organisation.name if field == "company_name" else lead.jobs_offered
    assert stored_value == SCRIPT

    client.force_login(national_user)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


LONG_TEXT_FIELDS = [
    name
    for name, field in InterestForm.base_fields.items()
    if getattr(field, "max_length", None) is not None
]


def test_every_text_field_has_a_maximum_length():
    assert set(LONG_TEXT_FIELDS) >= {
        "siret",
        "company_name",
        "first_name",
        "last_name",
        "job_title",
        "email",
        "phone",
        "jobs_offered",
    }


@pytest.mark.parametrize("field", LONG_TEXT_FIELDS)
def test_ten_thousand_characters_are_a_field_error_and_nothing_is_stored(
    client, departments, rhone_user, field, mailoutbox, django_capture_on_commit_callbacks
):
    before = stored()
    value = "a" * 9990 + "@example.fr" if field == "email" else "1" * 10000
    response = submit(
        client, form_data(departments, **{field: value}), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(field)
    assert "fr-error-text" in response.content.decode()
    assert stored() == before
    assert mailoutbox == []


def test_the_jobs_offered_may_take_two_thousand_characters(
    client, departments, django_capture_on_commit_callbacks
):
    response = submit(
        client, form_data(departments, jobs_offered="x" * 2000), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    response = submit(
        client, form_data(departments, jobs_offered="x" * 2001), django_capture_on_commit_callbacks
    )
    assert response.context["form"].has_error("jobs_offered", "max_length")


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"siret": "12345678901234"}, "siret", "invalid_siret"),
        ({"siret": "not a siret"}, "siret", "invalid_siret"),
        ({"consent": ""}, "consent", "required"),
        ({"sectors": []}, "sectors", "required"),
        ({"sectors": ["mining"]}, "sectors", "invalid_choice"),
        ({"email": "pas-une-adresse"}, "email", "invalid"),
        ({"positions": "0"}, "positions", "min_value"),
        ({"department": "999999"}, "department", "invalid_choice"),
    ],
)
def test_invalid_answers_are_field_errors_and_nothing_is_stored(
    client,
    departments,
    rhone_user,
    overrides,
    field,
    code,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    before = stored()
    response = submit(
        client, form_data(departments, **overrides), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(field, code)
    assert "fr-error-text" in response.content.decode()
    assert stored() == before
    assert mailoutbox == []


def test_a_filled_honeypot_shows_thanks_but_stores_and_sends_nothing(
    client, departments, rhone_user, mailoutbox, django_capture_on_commit_callbacks
):
    before = stored()
    data = form_data(departments, website="https://spam.example")
    response = submit(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == THANKS
    assert stored() == before
    assert mailoutbox == []


def test_one_address_is_limited_to_five_submissions_a_minute(
    client, departments, django_capture_on_commit_callbacks
):
    statuses = []
    for _ in range(30):
        response = client.post(URL, form_data(departments), REMOTE_ADDR="203.0.113.7")
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429] * 25
    assert Lead.objects.count() == 1  # the same form sent again keeps its first lead
    assert Organisation.objects.count() == 1
    assert Contact.objects.count() == 1  # the same person, five times
    page = response.content.decode()
    assert "fr-alert--warning" in page
    assert 'href="/partenariat/"' in page
    # Someone else is not held back by that address.
    other = client.post(
        URL, form_data(departments, email="sacha.roux@brasserie.test"), REMOTE_ADDR="198.51.100.20"
    )
    assert other.status_code == 302
    assert Lead.objects.count() == 2
