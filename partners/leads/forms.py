"""Forms of the lead pipeline: the public partnership-interest form, the follow-up form of a
lead and the funnel's territory and period. Everything is checked before anything is saved."""

import datetime
from functools import partial

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.forms import DsfrForm, DsfrModelForm
from config.phones import PhoneNumberFormField
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
from programmes.models import Sector
from territories.models import Department, Region

from . import tasks
from .coordinators import possible_assignees

#: The name of the field people never see and robots fill in.
HONEYPOT_FIELD = "website"


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
        nothing; the coordinators and the visitor are e-mailed once it is committed."""
        data = self.cleaned_data
        now = timezone.now()
        with transaction.atomic():
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
            contact, _created = Contact.objects.get_or_create(
                organisation=organisation,
                email__iexact=data["email"],
                defaults={
                    "email": data["email"],
                    "first_name": data["first_name"],
                    "last_name": data["last_name"],
                    "job_title": data["job_title"],
                    "phone": data["phone"],
                    "consents_to_contact": data["consent"],
                },
            )
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
            transaction.on_commit(partial(tasks.notify_new_lead.delay, lead.pk))
            transaction.on_commit(
                partial(
                    tasks.acknowledge_interest.delay, lead.pk, translation.get_language() or "fr"
                )
            )
        return lead


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


def current_year():
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


class FunnelForm(DsfrForm):
    """The funnel's territory (within the user's) and period (the current year by default)."""

    department = forms.ModelChoiceField(
        label=_("Département"), queryset=Department.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.none(), required=False
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data, *, user, **kwargs):
        start, end = current_year()
        data = {"start": start.isoformat(), "end": end.isoformat(), **data.dict()}
        super().__init__(data, **kwargs)
        self.scope = user.scope
        departments = Department.objects.order_by("code")
        regions = Region.objects.order_by("name")
        if not self.scope.is_national:
            departments = departments.filter(pk__in=self.scope.department_ids)
            regions = regions.filter(
                pk__in=Department.objects.filter(pk__in=self.scope.department_ids).values("region")
            )
        self.fields["department"].queryset = departments
        self.fields["region"].queryset = regions
        for name in ("start", "end"):
            self.fields[name].error_messages["required"] = _("Enter a date.")

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        default_start, default_end = current_year()
        cleaned_data["start"] = start = start or default_start
        cleaned_data["end"] = end = end or default_end
        if end < start:
            self.add_error("end", forms.ValidationError(_("The end must not be before the start.")))
        department, region = cleaned_data.get("department"), cleaned_data.get("region")
        if department and region and department.region_id != region.pk:
            self.add_error(
                "department",
                forms.ValidationError(_("This département is not in the chosen région.")),
            )
        return cleaned_data

    def department_ids(self):
        """The départements counted: None for all France (national staff only)."""
        department = self.cleaned_data.get("department")
        region = self.cleaned_data.get("region")
        if department:
            return {department.pk}
        if region:
            ids = set(region.departments.values_list("pk", flat=True))
        elif self.scope.is_national:
            return None
        else:
            ids = set(self.scope.department_ids)
        if not self.scope.is_national:
            ids &= self.scope.department_ids
        return ids
