"""Forms of the lead pipeline: the public partnership-interest form and the follow-up form of
a lead. Everything is checked before anything is saved."""

import datetime

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete
from config.forms import DsfrForm, DsfrModelForm
from config.phones import PhoneNumberFormField
from config.vocabularies import Sector
from partners.models import (
    Contact,
    Convention,
    HelpWanted,
    Lead,
    LeadStatus,
    Organisation,
    OrganisationKind,
    SiretFormField,
    validate_siret,
)
from territories.models import Department

from .coordinators import possible_assignees
from .signals import lead_submitted

#: The name of the field people never see and robots fill in.
HONEYPOT_FIELD = "website"
#: A second lead of the same contact within this delay is the same form sent again (Back then
#: Send, a reload): the first one is kept and nobody is told twice.
RESUBMISSION_WINDOW = datetime.timedelta(minutes=30)


class InterestForm(DsfrForm):
    """What a company tells DIAIR when it wants to hire refugees; it becomes a lead."""

    submit_label = _("Send")

    siret = SiretFormField(label=_("SIRET"), help_text=_("14 digits, on your company's invoices."))
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    department = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Department.objects.order_by("code"),
        empty_label=_("Choose a département"),
        help_text=_("Where the jobs are."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    phone = PhoneNumberFormField(label=_("Phone"), max_length=40, required=False)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors you recruit in"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    jobs_offered = forms.CharField(
        label=_("Jobs you could offer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: 3 kitchen assistants, 1 forklift driver (2,000 characters)."),
    )
    positions = forms.IntegerField(
        label=_("Number of positions"), min_value=1, max_value=10000, required=False
    )
    hires_planned = forms.IntegerField(
        label=_("Hires considered in the next 12 months"),
        min_value=0,
        max_value=100000,
        required=False,
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("Help you would like"),
        choices=HelpWanted.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that DIAIR and the coordinators of my département process these data "
            "to contact me about hiring refugees."
        ),
        error_messages={"required": _("Tick this box so that we may contact you.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(_("Your company"), "siret", "company_name", "department"),
            Fieldset(_("Contact person"), "first_name", "last_name", "job_title", "email", "phone"),
            Fieldset(
                _("Your needs"),
                "sectors",
                "jobs_offered",
                "positions",
                "hires_planned",
                "help_wanted",
            ),
            HTML('{% include "partners/leads/includes/honeypot.html" %}'),
            HTML('{% include "partners/leads/includes/gdpr_notice.html" %}'),
            "consent",
        )

    def clean_siret(self):
        siret = self.cleaned_data["siret"]  # separators already dropped
        validate_siret(siret)
        return siret

    def save(self):
        """Match or create the company, record its contact, needs and the lead, all or
        nothing; the notices it calls for (coordinators, visitor) are recorded with it.
        Returns the lead: the one just created, or the same contact's lead of the last
        RESUBMISSION_WINDOW when the form is sent again."""
        data = self.cleaned_data
        now = timezone.now()
        with transaction.atomic():
            organisation = self._match_organisation(now)
            contact = self._record_contact(organisation)
            # Back then Send re-fetches the page (a fresh one-time token) with the fields
            # filled in: the same person's lead from the last minutes is that submission.
            resent = (
                Lead.objects.filter(contact=contact, submitted_at__gte=now - RESUBMISSION_WINDOW)
                .order_by("-submitted_at")
                .first()
            )
            if resent is not None:
                return resent
            lead = Lead.objects.create(
                organisation=organisation,
                department=data["department"],
                contact=contact,
                sectors=data["sectors"],
                jobs_offered=data["jobs_offered"],
                positions=data["positions"],
                hires_planned=data["hires_planned"],
                help_wanted=data["help_wanted"],
                submitted_at=now,
            )
            lead_submitted.send(Lead, lead=lead, language=translation.get_language() or "fr")
        return lead

    def _match_organisation(self, now):
        """The registry's company of this SIRET, or a new one with the needs it states."""
        data = self.cleaned_data
        organisation, created = Organisation.objects.get_or_create(
            siret=data["siret"],
            defaults={
                "name": data["company_name"],
                "kind": OrganisationKind.COMPANY,
                "department": data["department"],
            },
        )
        # Anyone may type a known SIRET: an anonymous form never rewrites what the registry
        # holds. A new company starts with the needs it states; a known one keeps its own
        # (the lead records what was sent, and its contacts update needs in their space).
        if created:
            organisation.needs_sectors = data["sectors"]
            organisation.needs_jobs = data["jobs_offered"]
            organisation.needs_hires = data["hires_planned"]
            organisation.needs_updated_at = now
            organisation.save()
        return organisation

    def _record_contact(self, organisation):
        """The person who wrote, one contact per address and organisation.

        The same person sending the form twice at once: the second insert hits the
        contact_email_unique_per_organisation constraint, and get_or_create, which inserts in
        a savepoint, then reads the contact the first one made."""
        data = self.cleaned_data
        email = data["email"].lower()
        contact, _created = Contact.objects.get_or_create(
            organisation=organisation,
            email__iexact=email,
            defaults={
                "email": email,
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "job_title": data["job_title"],
                "phone": data["phone"],
                "consents_to_contact": data["consent"],
            },
        )
        return contact


class LeadForm(DsfrModelForm):
    """The follow-up of a lead: where it stands in the pipeline, who follows it, and why."""

    submit_label = _("Save")

    not_pursued_reason = forms.CharField(
        label=_("Reason for not pursuing"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the lead is not pursued."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Lead
        fields = ["status", "assignee", "not_pursued_reason", "notes", "convention"]
        widgets = {"convention": Autocomplete("conventions:convention-choices")}
        help_texts = {
            "convention": _("Once the convention is signed, the convention it led to."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        lead = self.instance
        self.initial_status = lead.status
        self.helper.form_action = reverse("leads:lead-update", args=[lead.pk])
        assignees = possible_assignees(lead.department)
        if lead.assignee_id:
            # Someone who has since left the territory stays selectable until replaced.
            assignees = assignees.model.objects.filter(
                Q(pk__in=assignees.values("pk")) | Q(pk=lead.assignee_id)
            )
        self.fields["assignee"].queryset = assignees.order_by("last_name", "first_name")
        self.fields["convention"].queryset = Convention.objects.visible_to(user).order_by("title")

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if status == LeadStatus.NOT_PURSUED and not cleaned_data.get("not_pursued_reason"):
            self.add_error(
                "not_pursued_reason",
                forms.ValidationError(
                    _("Say why the lead is not pursued."), code="reason_required"
                ),
            )
        if cleaned_data.get("convention") and status != LeadStatus.CONVENTION:
            self.add_error(
                "convention",
                forms.ValidationError(
                    _("Link a convention only to a lead whose convention is signed."),
                    code="convention_not_signed",
                ),
            )
        return cleaned_data

    def save(self, commit=True):
        lead = super().save(commit=False)
        if lead.status != self.initial_status:
            lead.set_status(lead.status)
        if commit:
            with transaction.atomic():
                lead.save()
        return lead
