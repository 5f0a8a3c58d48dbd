"""Forms of the organisation registry. Everything is checked here, before anything is saved:
SIRET checksum and uniqueness, and the département a coordinator may use."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DsfrModelForm, preselect_only_choice
from territories.models import Department

from .models import Contact, Organisation, OrganisationKind


def _compact(value):
    """NAF codes are often pasted with spaces."""
    return "".join(value.split())


class OrganisationForm(DsfrModelForm):
    submit_label = _("Save")

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "siret",
            "naf_code",
            "size_band",
            "address",
            "postcode",
            "city",
            "department",
            "website",
            "opco",
        ]
        help_texts = {"naf_code": _("For example 43.99C.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        national = user.has_perm("partners.add_national_organisation")
        department = self.fields["department"]
        department.queryset = Department.objects.order_by("code")
        own_organisation = self.instance.pk in user.scope.organisation_ids
        # A coordinator places organisations in their territory; national staff anywhere (or
        # nowhere, for a national body); an operator editing their own organisation keeps the
        # field as national staff would see it.
        if not national and not own_organisation:
            department.queryset = Department.objects.assignable_by(user).order_by("code")
            department.required = True
            department.help_text = _("A département of your territory.")
            department.error_messages["invalid_choice"] = _(
                "Choose a département of your territory."
            )
            preselect_only_choice(self, "department")
        self.helper.layout = Layout(
            Fieldset(_("Identity"), "name", "kind", "siret", "naf_code", "size_band"),
            Fieldset(_("Location"), "address", "postcode", "city", "department"),
            Fieldset(_("Links"), "website", "opco"),
        )
        # The 11 OPCO are public national bodies: every editor may pick one. Only national
        # staff record one, so that no local organisation can pass for an OPCO.
        self.fields["opco"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.OPCO, department__isnull=True
        ).exclude(pk=self.instance.pk)
        if not national and self.instance.kind != OrganisationKind.OPCO:
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] != OrganisationKind.OPCO
            ]

    def clean_siret(self):
        siret = self.cleaned_data["siret"]  # normalised by the SIRET field
        if not siret:
            return siret
        others = Organisation.objects.filter(siret=siret).exclude(pk=self.instance.pk)
        existing = others.filter(pk__in=Organisation.objects.visible_to(self.user)).first()
        if existing is not None:
            raise forms.ValidationError(
                _("This SIRET is already registered for “%(name)s”."),
                code="duplicate_siret",
                params={"name": existing.name},
            )
        if others.exists():
            # Outside the user's scope: say that it exists (SIRET are public), not whose it is.
            raise forms.ValidationError(
                _("This SIRET is already registered for another organisation."),
                code="duplicate_siret",
            )
        return siret

    def clean_naf_code(self):
        naf_code = _compact(self.cleaned_data["naf_code"]).upper()
        if len(naf_code) == 5 and "." not in naf_code:
            naf_code = f"{naf_code[:2]}.{naf_code[2:]}"
        return naf_code


class ContactForm(DsfrModelForm):
    submit_label = _("Save")

    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "consents_to_contact"]
