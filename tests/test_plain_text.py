"""Subjects and plain-text bodies of e-mails are not HTML: what people typed reaches them as
typed (field case: a subject reading `Côte-d&#x27;Or (21)`)."""

from pathlib import Path

import pytest
from django.utils import translation

from config.vocabularies import Sector
from partners.leads.signals import lead_submitted
from partners.models import Lead

from .factories import MembershipFactory, UserFactory
from .leads.factories import LeadFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
AWKWARD = """L'Atelier "Côté" Jardin & <Fils>"""


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.txt")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_every_plain_text_template_turns_html_escaping_off(template):
    text = template.read_text()
    assert "{% autoescape off %}" in text
    assert text.rstrip().endswith("{% endautoescape %}")


@pytest.mark.parametrize("code", ["21", "95", "22"])
def test_lead_e_mails_keep_apostrophes_quotes_ampersands_and_brackets(
    departments, code, mailoutbox, django_capture_on_commit_callbacks
):
    from territories.models import Department

    department = Department.objects.get(code=code)
    coordinator = MembershipFactory(role="territorial", departments=[department]).user
    lead = LeadFactory(department=department, organisation__name=AWKWARD)
    with django_capture_on_commit_callbacks(execute=True):
        lead_submitted.send(Lead, lead=lead, language="fr")

    notification = next(mail for mail in mailoutbox if mail.to == [coordinator.email])
    assert "'" in str(department)
    assert notification.subject.endswith(f" {department}")
    assert AWKWARD in notification.body
    acknowledgement = next(mail for mail in mailoutbox if mail.to == [lead.contact.email])
    assert str(department) in acknowledgement.body
    for mail in mailoutbox:
        assert "&#x27;" not in mail.subject + mail.body
        assert "&amp;" not in mail.subject + mail.body
        assert "&quot;" not in mail.subject + mail.body
        assert "&lt;" not in mail.subject + mail.body


def test_the_invitation_keeps_the_inviters_name_as_typed(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    inviter = UserFactory(first_name="Anne-Marie", last_name="""O'Neil "Nan" & <Co>""")
    invited = UserFactory(first_name="Zoé", is_active=False, invited_by=inviter)
    invited.set_unusable_password()
    invited.save()
    with django_capture_on_commit_callbacks(execute=True):
        invited.invite_again()
    assert """Anne-Marie O'Neil "Nan" & <Co> """ in mailoutbox[0].body


def test_the_new_lead_e_mail_lists_sector_labels(
    departments, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory(role="territorial", departments=[departments["69"]]).user
    lead = LeadFactory(department=departments["69"], sectors=["construction", "logistics"])
    with django_capture_on_commit_callbacks(execute=True):
        lead_submitted.send(Lead, lead=lead, language="en")
    notification = next(mail for mail in mailoutbox if mail.to == [coordinator.email])
    with translation.override(coordinator.language):
        labels = f"{Sector.CONSTRUCTION.label}, {Sector.LOGISTICS.label}"
    assert labels in notification.body
    assert "['" not in notification.body
