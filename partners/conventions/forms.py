"""Forms of partnership conventions, their amendments and objectives. Everything is checked
here, before anything is saved: dates, the scope a coordinator may use, and the PDF."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from config.choices import AutocompleteMultiple, SearchableSelectMultiple
from config.forms import DateInput, DsfrModelForm
from partners.models import Convention, ConventionAmendment, ConventionObjective, Organisation
from partners.models.convention import ConventionScope, ConventionStatus
from territories.models import Department


class PdfInput(forms.FileInput):
    """A DSFR upload field that only offers PDF files. Not Django's clearable input: it would
    print the file's storage URL, and private files have none."""

    group_class = "fr-upload-group"

    def __init__(self, attrs=None):
        super().__init__({"class": "fr-upload", "accept": "application/pdf,.pdf", **(attrs or {})})


class PartyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.department_id:
            return f"{obj.name} ({obj.department.code})"
        return obj.name


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.email} — {obj.email}"


def _document_help_text(instance):
    size = settings.PDF_MAX_SIZE // (1024 * 1024)
    if instance.pk and instance.document:
        return _(
            "PDF only, %(size)s MB at most. Choose a file only to replace the current one."
        ) % {"size": size}
    return _("PDF only, %(size)s MB at most.") % {"size": size}


class ConventionForm(DsfrModelForm):
    submit_label = _("Save")

    parties = PartyChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.none(),
        widget=AutocompleteMultiple("partners:organisation-choices"),
        help_text=_("One or more organisations: type part of a name to find them."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Départements"),
        queryset=Department.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("For a territorial convention: the départements it covers."),
    )
    owner = OwnerChoiceField(
        label=_("Owner at DIAIR"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Convention
        fields = [
            "title",
            "parties",
            "scope",
            "departments",
            "status",
            "signed_on",
            "start_date",
            "end_date",
            "owner",
            "document",
            "description",
        ]
        widgets = {
            "scope": forms.RadioSelect,
            "signed_on": DateInput,
            "start_date": DateInput,
            "end_date": DateInput,
            "document": PdfInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        existing_parties = instance.parties.all() if instance.pk else Organisation.objects.none()
        existing_departments = (
            instance.departments.all() if instance.pk else Department.objects.none()
        )
        # Parties already on the convention stay selectable, even when the editor could not
        # pick them: saving must not silently drop what someone else recorded.
        self.fields["parties"].queryset = (
            Organisation.objects.filter(
                Q(pk__in=Organisation.objects.visible_to(user).values("pk"))
                | Q(pk__in=existing_parties.values("pk"))
            )
            .select_related("department")
            .order_by("name")
        )
        self.restrict_territory = not user.has_perm("partners.add_national_convention")
        departments = Department.objects.assignable_by(
            user, keep=existing_departments.values("pk")
        ).order_by("code")
        if self.restrict_territory:
            self.fields["departments"].help_text = _("Départements of your territory.")
            self.fields["departments"].error_messages["invalid_choice"] = _(
                "Choose départements of your territory."
            )
        self.fields["departments"].queryset = departments
        self.fields["owner"].queryset = (
            User.objects.filter(
                Q(memberships__role=Role.NATIONAL, is_active=True) | Q(pk=instance.owner_id)
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        if not instance.pk and not self.restrict_territory:
            self.initial.setdefault("owner", user.pk)
        self.fields["document"].help_text = _document_help_text(instance)
        self.helper.layout = Layout(
            Fieldset(_("Convention"), "title", "parties", "description"),
            Fieldset(_("Scope"), "scope", "departments"),
            Fieldset(_("Dates and status"), "status", "signed_on", "start_date", "end_date"),
            Fieldset(_("Follow-up"), "owner", "document"),
        )

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        if self.restrict_territory and value == ConventionScope.NATIONAL:
            raise forms.ValidationError(
                _("Only national staff sign national conventions: choose “Départements”."),
                code="national_scope_forbidden",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        departments = cleaned.get("departments")
        if scope == ConventionScope.TERRITORIAL and departments is not None and not departments:
            self.add_error(
                "departments",
                forms.ValidationError(
                    _("Choose at least one département for a territorial convention."),
                    code="departments_required",
                ),
            )
        if scope == ConventionScope.NATIONAL and departments:
            self.add_error(
                "departments",
                forms.ValidationError(
                    _("A national convention covers every département: leave this empty."),
                    code="departments_with_national_scope",
                ),
            )
        if (
            self.restrict_territory
            and scope == ConventionScope.TERRITORIAL
            and departments
            and not any(d.pk in self.user.scope.department_ids for d in departments)
        ):
            self.add_error(
                "departments",
                forms.ValidationError(
                    _("Keep at least one département of your territory."),
                    code="departments_outside_territory",
                ),
            )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                forms.ValidationError(
                    _("The end cannot be before the start."), code="end_before_start"
                ),
            )
        status = cleaned.get("status")
        if status and status != ConventionStatus.DRAFT and not cleaned.get("signed_on"):
            self.add_error(
                "signed_on",
                forms.ValidationError(
                    _("Give the signing date of a convention that is no longer a draft."),
                    code="signing_date_required",
                ),
            )
        return cleaned


class AmendmentForm(DsfrModelForm):
    submit_label = _("Add the amendment")

    class Meta:
        model = ConventionAmendment
        fields = ["signed_on", "summary", "document"]
        widgets = {
            "signed_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "document": PdfInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _document_help_text(self.instance)


class ObjectiveForm(DsfrModelForm):
    submit_label = _("Save")

    class Meta:
        model = ConventionObjective
        fields = ["indicator", "target", "period_start", "period_end", "department"]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        convention = self.instance.convention
        department = self.fields["department"]
        if convention.scope == ConventionScope.TERRITORIAL:
            department.queryset = convention.departments.order_by("code")
            department.help_text = _("Empty for every département of the convention.")
            department.error_messages["invalid_choice"] = _(
                "Choose a département the convention covers."
            )
        else:
            department.queryset = Department.objects.order_by("code")
        if not self.instance.pk:
            self.initial.setdefault("period_start", convention.start_date)
            self.initial.setdefault("period_end", convention.end_date)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                forms.ValidationError(
                    _("The end of the period cannot be before its start."),
                    code="period_end_before_start",
                ),
            )
        return cleaned
