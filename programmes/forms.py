"""Forms of programmes, actions, CTAI contracts and targets.

Choices follow the user's scope (départements of their territory, their own organisation as
operator) and every rule is checked before anything is saved; the database constraints stay
the last word.
"""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete, AutocompleteMultiple, SearchableSelectMultiple
from config.forms import DateInput, DsfrModelForm
from partners.models import Organisation, OrganisationKind
from territories.models import Department

from .models import (
    Action,
    ActionStatus,
    ContractDomain,
    Programme,
    Target,
    TargetUnit,
    TerritorialContract,
)

#: The autocomplete of organisations (`config.choices`), and of those that are not companies.
ORGANISATIONS = ("partners:organisation-choices",)
NOT_COMPANIES = (*ORGANISATIONS, {"not_kind": OrganisationKind.COMPANY})

#: Path segments of the programmes app that a programme code would shadow.
RESERVED_CODES = {"actions", "ctai", "objectifs", "agir", "nouveau"}

#: The fields that only mean something for one programme, shown in its own fieldset.
PROGRAMME_FIELDS = {
    Programme.HOPE: [
        "hope_centre",
        "hope_opco",
        "french_start",
        "french_end",
        "poec_start",
        "poec_end",
        "work_study_start",
        "work_study_end",
        "housing_provided",
    ],
    Programme.AGIR: ["agir_department", "agir_wave", "actual_start_date"],
    Programme.CTAI: ["contract"],
}

#: Fields required for their programme (and ignored for the others), with what is missing.
REQUIRED_FOR_PROGRAMME = {
    "hope_centre": _("A HOPE session takes place in an AFPA centre."),
    "agir_department": _("An AGIR deployment is run in one département."),
    "contract": _("A CTAI employment action belongs to a territorial contract."),
}

#: HOPE phases follow each other: French, then POEC, then work-study.
HOPE_PHASES = [
    "french_start",
    "french_end",
    "poec_start",
    "poec_end",
    "work_study_start",
    "work_study_end",
]


def _operator_organisation_ids(user):
    return user.scope.operator_organisation_ids


def _names(objects):
    return ", ".join(str(obj) for obj in objects)


class AtomicModelForm(DsfrModelForm):
    """The object and its many-to-many relations are saved together or not at all."""

    submit_label = _("Save")

    def save(self, commit=True):
        with transaction.atomic():
            return super().save(commit)


class ProgrammeForm(AtomicModelForm):
    class Meta:
        model = Programme
        fields = [
            "code",
            "name",
            "scope",
            "lead_body",
            "description",
            "start_date",
            "end_date",
            "is_active",
        ]
        widgets = {"start_date": DateInput, "end_date": DateInput}
        help_texts = {"code": _("Short and without spaces, for example HOPE or PIC.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Codes are in URLs and in the code (HOPE, AGIR, CTAI…): they never change.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = ""

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.instance.pk:
            return code
        if code.lower() in RESERVED_CODES:
            raise forms.ValidationError(
                _("“%(code)s” is a reserved word of Tremplin's addresses; choose another code."),
                code="reserved",
                params={"code": code},
            )
        return code.upper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        return cleaned


class ActionForm(AtomicModelForm):
    """One form for every programme: the common facts, then one fieldset per programme whose
    fields are validated and kept only when that programme is chosen."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), to_field_name="code"
    )

    class Meta:
        model = Action
        fields = [
            "programme",
            "title",
            "operator",
            "departments",
            "status",
            "sector",
            "description",
            "start_date",
            "end_date",
            "capacity",
            "budget",
            "funders",
            "partners",
            *PROGRAMME_FIELDS[Programme.HOPE],
            *PROGRAMME_FIELDS[Programme.AGIR],
            *PROGRAMME_FIELDS[Programme.CTAI],
        ]
        widgets = {
            **dict.fromkeys(
                ["start_date", "end_date", "actual_start_date", *HOPE_PHASES], DateInput
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
            "departments": SearchableSelectMultiple,
            **dict.fromkeys(["operator", "hope_centre"], Autocomplete(*NOT_COMPANIES)),
            **dict.fromkeys(["funders", "partners"], AutocompleteMultiple(*ORGANISATIONS)),
        }
        help_texts = {
            "start_date": _("Planned start."),
            "actual_start_date": _("When the deployment really started."),
            "agir_department": _("One of the départements covered."),
            "contract": _("The contract must cover every département of the action."),
            "sector": _("Required for a HOPE session."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = self._current_links()
        self.current_department_ids = current.get("departments", set())
        self._limit_programmes()
        self._limit_departments()
        self._limit_organisations(current)
        self._set_requirements()
        self.helper.layout = self._layout()

    def _current_links(self):
        """The many-to-many choices the action already has, kept even when out of scope."""
        instance = self.instance
        if not instance.pk:
            return {}
        self.initial["programme"] = instance.programme.code
        return {
            "departments": set(instance.departments.values_list("pk", flat=True)),
            "funders": set(instance.funders.values_list("pk", flat=True)),
            "partners": set(instance.partners.values_list("pk", flat=True)),
        }

    def _limit_programmes(self):
        programmes = Q(is_active=True) | Q(pk=self.instance.programme_id)
        field = self.fields["programme"]
        field.queryset = Programme.objects.visible_to(self.user).filter(programmes)
        field.label_from_instance = lambda programme: programme.name

    def _limit_departments(self):
        # Coordinators cover their territory; operators act for their organisation, anywhere
        # (`_check_territory` keeps a coordinator's other actions in their territory).
        if _operator_organisation_ids(self.user):
            departments = Department.objects.all()
        else:
            departments = Department.objects.assignable_by(
                self.user, keep=self.current_department_ids
            )
            outside = _("Choose only départements of your territory.")
            self.fields["departments"].error_messages["invalid_choice"] = outside
            self.fields["agir_department"].error_messages["invalid_choice"] = outside
        departments = departments.select_related("region")
        self.fields["departments"].queryset = departments
        self.fields["departments"].widget.attrs["size"] = 8
        self.fields["agir_department"].queryset = departments

    def _limit_organisations(self, current):
        """Operators, HOPE centres and OPCO, funders, partners and contracts the user may
        choose, plus those the action already has."""
        user, instance = self.user, self.instance
        organisations = Organisation.objects.visible_to(user)
        # Any organisation the user sees that is not a company, and their own.
        self.fields["operator"].queryset = Organisation.objects.filter(
            Q(pk__in=organisations.exclude(kind=OrganisationKind.COMPANY))
            | Q(pk__in=_operator_organisation_ids(user))
            | Q(pk=instance.operator_id)
        )
        self.fields["hope_centre"].queryset = Organisation.objects.filter(
            Q(pk__in=organisations.exclude(kind=OrganisationKind.COMPANY))
            | Q(pk=instance.hope_centre_id)
        )
        self.fields["hope_opco"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.OPCO, department__isnull=True
        )
        for name in ["funders", "partners"]:
            self.fields[name].queryset = Organisation.objects.filter(
                Q(pk__in=organisations) | Q(pk__in=current.get(name, ()))
            )
        self.fields["contract"].queryset = TerritorialContract.objects.filter(
            Q(pk__in=TerritorialContract.objects.visible_to(user)) | Q(pk=instance.contract_id)
        )

    def _set_requirements(self):
        for name, message in REQUIRED_FOR_PROGRAMME.items():
            # Required in its programme's fieldset; clean() drops the error for the others.
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["budget"].validators.append(MinValueValidator(0))
        self.fields["budget"].widget.attrs["min"] = 0
        self.fields["agir_wave"].validators += [MinValueValidator(2022), MaxValueValidator(2100)]
        self.fields["agir_wave"].widget.attrs["min"] = 2022

    def _layout(self):
        """The common facts, then one fieldset per programme (shown for that programme only)."""
        return Layout(
            Fieldset(
                _("The action"),
                "programme",
                "title",
                "operator",
                "departments",
                "status",
                "sector",
                "description",
            ),
            Fieldset(
                _("Period and means"),
                "start_date",
                "end_date",
                "capacity",
                "budget",
                "funders",
                "partners",
            ),
            Fieldset(
                _("HOPE session"),
                *PROGRAMME_FIELDS[Programme.HOPE],
                data_programme=Programme.HOPE,
            ),
            Fieldset(
                _("AGIR deployment"),
                *PROGRAMME_FIELDS[Programme.AGIR],
                data_programme=Programme.AGIR,
            ),
            Fieldset(
                _("CTAI employment action"),
                *PROGRAMME_FIELDS[Programme.CTAI],
                data_programme=Programme.CTAI,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        programme = cleaned.get("programme")
        self._ignore_other_programmes_fields(programme.code if programme else None)
        if programme is None:
            return cleaned

        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        self._check_territory()
        if programme.code == Programme.HOPE:
            self._clean_hope()
        elif programme.code == Programme.AGIR:
            self._clean_agir()
        elif programme.code == Programme.CTAI:
            self._clean_ctai()
        return cleaned

    def _ignore_other_programmes_fields(self, code):
        """What was typed in another programme's fieldset is neither checked nor kept."""
        for other, names in PROGRAMME_FIELDS.items():
            if other == code:
                continue
            for name in names:
                self._errors.pop(name, None)
                self.cleaned_data[name] = None

    def _check_territory(self):
        """Coordinators act in their territory, unless their own organisation runs the action."""
        departments, operator = (
            self.cleaned_data.get("departments"),
            self.cleaned_data.get("operator"),
        )
        if not departments or operator is None:
            return
        if operator.pk in _operator_organisation_ids(self.user):
            return
        allowed = Department.objects.assignable_by(self.user, keep=self.current_department_ids)
        outside = list(departments.exclude(pk__in=allowed.values("pk")))
        if outside:
            self.add_error(
                "departments",
                gettext("Outside your territory: %(names)s.") % {"names": _names(outside)},
            )

    def _clean_hope(self):
        cleaned = self.cleaned_data
        if not cleaned.get("sector"):
            self.add_error("sector", _("A HOPE session prepares for the jobs of one sector."))
        previous = None
        for name in HOPE_PHASES:
            value = cleaned.get(name)
            if value is None:
                continue
            if previous is not None and value < cleaned[previous]:
                self.add_error(
                    name,
                    gettext("This date must not be before “%(previous)s”.")
                    % {"previous": self.fields[previous].label},
                )
            else:
                previous = name

    def _clean_agir(self):
        cleaned = self.cleaned_data
        department = cleaned.get("agir_department")
        departments = cleaned.get("departments")
        if department is None:
            return
        if departments is not None and department not in departments:
            self.add_error(
                "agir_department", _("Choose one of the départements covered by the action.")
            )
            return
        running = Action.objects.filter(
            agir_department=department, status=ActionStatus.RUNNING
        ).exclude(pk=self.instance.pk)
        if cleaned.get("status") == ActionStatus.RUNNING and running.exists():
            # The same rule as the database constraint, said on the field it concerns.
            constraint = next(
                c
                for c in Action._meta.constraints
                if c.name == "one_running_agir_deployment_per_department"
            )
            self.add_error("agir_department", constraint.violation_error_message)

    def _clean_ctai(self):
        cleaned = self.cleaned_data
        contract = cleaned.get("contract")
        if contract is None:
            return
        departments = cleaned.get("departments")
        if departments is None:
            return
        missing = set(departments) - set(contract.departments.all())
        if missing:
            self.add_error(
                "contract",
                gettext("This contract does not cover %(names)s.")
                % {"names": _names(sorted(missing, key=lambda d: d.code))},
            )


class ContractForm(AtomicModelForm):
    domains = forms.MultipleChoiceField(
        label=_("Domains"),
        choices=ContractDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_year = forms.IntegerField(
        label=_("First year"), validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    end_year = forms.IntegerField(
        label=_("Last year"), validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )

    class Meta:
        model = TerritorialContract
        fields = [
            "name",
            "prefecture",
            "signatories",
            "departments",
            "signed_on",
            "start_year",
            "end_year",
            "budget",
            "domains",
        ]
        widgets = {
            "signed_on": DateInput,
            "prefecture": Autocomplete(
                *ORGANISATIONS, params={"kind": OrganisationKind.STATE_SERVICE}
            ),
            "signatories": AutocompleteMultiple(
                *ORGANISATIONS, params={"kind": OrganisationKind.COLLECTIVITE}
            ),
            "departments": SearchableSelectMultiple,
        }
        help_texts = {
            "prefecture": _("The préfecture (a State service) that signs for the State."),
            "signatories": _("The métropole, intercommunality, département or région."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        current_departments, current_signatories = set(), set()
        if instance.pk:
            current_departments = set(instance.departments.values_list("pk", flat=True))
            current_signatories = set(instance.signatories.values_list("pk", flat=True))

        self.fields["departments"].queryset = Department.objects.assignable_by(
            user, keep=current_departments
        )
        self.fields["departments"].error_messages["invalid_choice"] = _(
            "Choose only départements of your territory."
        )
        self.fields["departments"].widget.attrs["size"] = 8

        organisations = Organisation.objects.visible_to(user)
        self.fields["prefecture"].queryset = Organisation.objects.filter(
            Q(pk__in=organisations.filter(kind=OrganisationKind.STATE_SERVICE))
            | Q(pk=instance.prefecture_id)
        )
        self.fields["signatories"].queryset = Organisation.objects.filter(
            Q(pk__in=organisations.filter(kind=OrganisationKind.COLLECTIVITE))
            | Q(pk__in=current_signatories)
        )
        self.fields["budget"].validators.append(MinValueValidator(0))
        self.fields["budget"].widget.attrs["min"] = 0

        self.helper.layout = Layout(
            Fieldset(_("The contract"), "name", "prefecture", "signatories", "departments"),
            Fieldset(_("Period and means"), "signed_on", "start_year", "end_year", "budget"),
            "domains",
        )

    def clean_domains(self):
        chosen = set(self.cleaned_data["domains"])
        return [value for value, _label in ContractDomain.choices if value in chosen]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        signed_on = cleaned.get("signed_on")
        if signed_on and end and signed_on.year > end:
            self.add_error("signed_on", _("A contract is signed before its last year."))
        return cleaned


class TargetForm(AtomicModelForm):
    submit_label = _("Save the target")

    class Meta:
        model = Target
        fields = ["indicator", "value", "unit", "period_start", "period_end"]
        widgets = {"period_start": DateInput, "period_end": DateInput}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        value = cleaned.get("value")
        if cleaned.get("unit") == TargetUnit.PERCENT and value is not None and value > 100:
            self.add_error("value", _("A percentage is at most 100."))
        return cleaned
