"""Forms of a beneficiary's record, their enrolments in actions, pathway steps and follow-ups.

Choices follow the user's scope: the actions a user may enrol into (`Action.objects.
editable_by`), the referent organisations they work for, the départements of their territory.
No form has a field for a social-security, AGDREF or residence-permit number, and free text
refuses them (`beneficiaries.identifiers`). The database constraints stay the last word.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import DateInput, DsfrForm, DsfrModelForm
from partners.models import Convention, Organisation, OrganisationKind
from programmes.models import Action
from territories.models import Department

from .choices import (
    CHOSEN_REFERRAL_SOURCES,
    AbandonReason,
    ExitReason,
    FollowUpSituation,
    StepKind,
)
from .models import PERSON_FIELDS, Beneficiary, Enrolment, FollowUp, PathwayStep

#: The fields of a pathway step that mean something for each kind, after the common ones
#: (enrolment, status, start, end, notes).
STEP_KIND_FIELDS = {
    StepKind.DIAGNOSTIC: [],
    StepKind.FRENCH_COURSE: [
        "organisation",
        "course_hours",
        "french_level_reached",
        "certification",
        "certified",
    ],
    StepKind.PRE_QUALIFICATION: ["organisation", "certification", "certified"],
    StepKind.TRAINING: ["organisation", "certification", "certified"],
    StepKind.POEC: ["organisation", "certification", "certified"],
    StepKind.IMMERSION: ["organisation", "occupation"],
    StepKind.JOB: ["organisation", "contract_type", "weekly_hours", "occupation"],
    StepKind.HOUSING: ["housing"],
    StepKind.RIGHTS: ["rights"],
    StepKind.OTHER: [],
}
STEP_COMMON_FIELDS = ["enrolment", "status", "start_date", "end_date"]

#: What the organisation of a step is, by kind.
STEP_ORGANISATION_LABELS = {
    StepKind.FRENCH_COURSE: _("Course provider"),
    StepKind.PRE_QUALIFICATION: _("Training body"),
    StepKind.TRAINING: _("Training body"),
    StepKind.POEC: _("Training body"),
    StepKind.IMMERSION: _("Host company"),
    StepKind.JOB: _("Employer"),
}


def not_in_future(value):
    """Validator: raises ValidationError when `value` (a date) is after today (Europe/Paris)."""
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")


class BeneficiaryForm(DsfrModelForm):
    """A person's record. `user` limits the referent organisation (an operator's own, chosen
    for them) and the département of residence (a coordinator's territory)."""

    submit_label = _("Save")

    class Meta:
        model = Beneficiary
        fields = PERSON_FIELDS
        widgets = {
            "birth_date": DateInput,
            "protection_granted_on": DateInput,
            "notice_given_on": DateInput,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("birth_date", "protection_granted_on", "notice_given_on"):
            self.fields[name].validators.append(not_in_future)
        self._limit_referents()
        self._limit_departments()

    def _limit_referents(self):
        field = self.fields["referent_organisation"]
        own = Organisation.objects.filter(pk__in=self.user.scope.operator_organisation_ids)
        if self.user.scope.operator_organisation_ids and not self.user.scope.department_ids:
            choices = Q(pk__in=own.values("pk"))
        else:
            visible = Organisation.objects.visible_to(self.user).exclude(
                kind=OrganisationKind.COMPANY
            )
            choices = Q(pk__in=visible.values("pk"))
        field.queryset = Organisation.objects.filter(
            choices | Q(pk=self.instance.referent_organisation_id)
        )
        if not self.instance.pk and len(self.user.scope.operator_organisation_ids) == 1:
            field.initial = next(iter(self.user.scope.operator_organisation_ids))

    def _limit_departments(self):
        scope = self.user.scope
        field = self.fields["department"]
        if scope.department_ids and not scope.is_national:
            field.queryset = Department.objects.assignable_by(
                self.user, keep=[self.instance.department_id] if self.instance.pk else ()
            )
        else:
            # Operators act through their organisation: the people they accompany may live
            # anywhere.
            field.queryset = Department.objects.all()


class EnrolmentForm(DsfrModelForm):
    """Enrols `beneficiary` in an action `user` may change; entered at once when an entry date
    is given."""

    submit_label = _("Enrol")

    class Meta:
        model = Enrolment
        fields = ["action", "referral_source", "referral_date", "entry_date", "notes"]
        widgets = {
            "referral_date": DateInput,
            "entry_date": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"entry_date": _("Leave empty while the person has not started.")}

    def __init__(self, *args, user, beneficiary, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.beneficiary = beneficiary
        self.fields["action"].queryset = (
            Action.objects.editable_by(user)
            .exclude(status="closed")
            .select_related("programme")
            .order_by("programme__code", "title")
        )
        self.fields["action"].label_from_instance = lambda a: f"{a.programme.code} — {a.title}"
        self.fields["referral_source"].choices = [
            ("", "---------"),
            *((source.value, source.label) for source in CHOSEN_REFERRAL_SOURCES),
        ]
        for name in ("referral_date", "entry_date"):
            self.fields[name].validators.append(not_in_future)

    def clean(self):
        cleaned = super().clean()
        referral, entry = cleaned.get("referral_date"), cleaned.get("entry_date")
        if referral and entry and entry < referral:
            self.add_error("entry_date", _("The entry date cannot precede the referral date."))
        action = cleaned.get("action")
        beneficiary = self.instance.beneficiary
        if action and Enrolment.objects.open().filter(beneficiary=beneficiary, action=action):
            self.add_error("action", _("This person is already enrolled in this action."))
        return cleaned

    def save(self, commit=True):
        if self.instance.entry_date:
            self.instance.status = "entered"
        return super().save(commit)


class EntryForm(DsfrForm):
    submit_label = _("Record the entry")
    entry_date = forms.DateField(
        label=_("Entry date"), widget=DateInput, validators=[not_in_future]
    )

    def apply(self, enrolment):
        """Record the entry on `enrolment`; False (with the errors on the form) if refused."""
        return _apply(self, lambda: enrolment.enter(self.cleaned_data["entry_date"]))


class CloseForm(DsfrForm):
    submit_label = _("Record the exit")
    exit_date = forms.DateField(label=_("Exit date"), widget=DateInput, validators=[not_in_future])
    exit_reason = forms.ChoiceField(label=_("Exit reason"), choices=ExitReason.choices)

    def apply(self, enrolment):
        """Close `enrolment`; False (with the errors on the form) if refused."""
        data = self.cleaned_data
        return _apply(self, lambda: enrolment.close(data["exit_date"], data["exit_reason"]))


class AbandonForm(DsfrForm):
    submit_label = _("Record the abandonment")
    exit_date = forms.DateField(
        label=_("Date the person left"), widget=DateInput, validators=[not_in_future]
    )
    abandon_reason = forms.ChoiceField(label=_("Reason"), choices=AbandonReason.choices)

    def apply(self, enrolment):
        """Record that the person abandoned; False (with the errors on the form) if refused."""
        data = self.cleaned_data
        return _apply(self, lambda: enrolment.abandon(data["abandon_reason"], on=data["exit_date"]))


def _apply(form, change):
    """Run `change` in a transaction; its ValidationError becomes the form's errors."""
    try:
        with transaction.atomic():
            change()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error)
        return False
    return True


class StepForm(DsfrModelForm):
    """A pathway step of `kind` for `beneficiary`, with the fields that fit the kind. The
    enrolment is one `user` accompanies; the organisation one the user may see, a party of an
    active partnership convention, or any organisation named by its SIRET."""

    submit_label = _("Save")
    siret = forms.CharField(
        label=_("Or the organisation's SIRET"),
        required=False,
        max_length=20,
        help_text=_("When the organisation is not in the list: it must be known to Tremplin."),
    )

    class Meta:
        model = PathwayStep
        fields = [*STEP_COMMON_FIELDS, *sorted({f for v in STEP_KIND_FIELDS.values() for f in v})]
        fields += ["notes"]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, beneficiary, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.beneficiary, self.instance.kind = beneficiary, kind
        kept = {*STEP_COMMON_FIELDS, *STEP_KIND_FIELDS[kind], "notes"}
        if "organisation" in kept:
            kept.add("siret")
        for name in [name for name in self.fields if name not in kept]:
            del self.fields[name]
        self.fields["enrolment"].queryset = (
            Enrolment.objects.accompanied_by(user)
            .filter(beneficiary=beneficiary)
            .select_related("action__programme")
        )
        self.fields["enrolment"].label_from_instance = lambda e: (
            f"{e.action.programme.code} — {e.action.title}"
        )
        if "organisation" in self.fields:
            self._limit_organisations(user, kind)
        if kind == StepKind.JOB:
            self.fields["contract_type"].required = True
        self.fields["start_date"].validators.append(not_in_future)
        self.helper.layout = None
        self.helper.form_tag = True

    def _limit_organisations(self, user, kind):
        field = self.fields["organisation"]
        field.label = STEP_ORGANISATION_LABELS[kind]
        partners = Organisation.objects.filter(
            conventions__in=Convention.objects.active().values("pk")
        ).values("pk")
        field.queryset = Organisation.objects.filter(
            Q(pk__in=Organisation.objects.visible_to(user).values("pk")) | Q(pk__in=partners)
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        siret = "".join((cleaned.get("siret") or "").split())
        if siret:
            organisation = Organisation.objects.filter(siret=siret).first()
            if organisation is None:
                self.add_error("siret", _("No organisation with this SIRET is known to Tremplin."))
            else:
                cleaned["organisation"] = self.instance.organisation = organisation
        return cleaned


class FollowUpForm(DsfrModelForm):
    """The person's situation 6 or 12 months after their exit."""

    submit_label = _("Save")

    class Meta:
        model = FollowUp
        fields = ["recorded_on", "situation", "contract_type"]
        widgets = {"recorded_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].required = True
        self.fields["recorded_on"].validators.append(not_in_future)
        self.fields["situation"].required = True
        self.fields["contract_type"].help_text = _("When the person is employed.")

    def clean(self):
        # A contract type left from an earlier choice goes with "employed" only (the model's
        # clean asks for it when employed).
        cleaned = super().clean()
        if cleaned.get("situation") != FollowUpSituation.EMPLOYED:
            cleaned["contract_type"] = ""
        return cleaned
