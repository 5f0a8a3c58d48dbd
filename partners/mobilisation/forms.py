"""Forms of mobilisation actions and interactions. Every rule is checked before anything is
saved: a coordinator works in their territory (never nationally), attendance is recorded once
an action has taken place, and an interaction is noted once the contact happened."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete, AutocompleteMultiple, SearchableSelectMultiple
from config.forms import DateInput, DsfrModelForm
from territories.models import Department

from ..models import Interaction, MobilisationAction, Organisation


def _names(objects):
    return ", ".join(str(obj) for obj in objects)


class MobilisationActionForm(DsfrModelForm):
    submit_label = _("Save")

    class Meta:
        model = MobilisationAction
        fields = [
            "title",
            "kind",
            "date",
            "format",
            "departments",
            "organiser",
            "invited",
            "attendees",
            "participants",
            "notes",
            "follow_up",
        ]
        widgets = {
            "date": DateInput,
            "departments": SearchableSelectMultiple,
            "organiser": Autocomplete("partners:organisation-choices"),
            "invited": AutocompleteMultiple("partners:organisation-choices"),
            "attendees": AutocompleteMultiple("partners:organisation-choices"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "invited": _("Type part of a name to find an organisation; choose as many as needed."),
            "attendees": _("Organisations that came, invited or not: type part of a name."),
            "participants": _("People present, all organisations together."),
            "follow_up": _("What was agreed and who does what next."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        current = {"departments": set(), "invited": set(), "attendees": set()}
        if instance.pk:
            for name in current:
                current[name] = set(getattr(instance, name).values_list("pk", flat=True))
        self.current_department_ids = current["departments"]

        departments = self.fields["departments"]
        departments.queryset = Department.objects.assignable_by(
            user, keep=self.current_department_ids
        )
        self.limited_to_territory = not user.has_perm("partners.add_national_mobilisationaction")
        if self.limited_to_territory:
            departments.required = True
            departments.help_text = _(
                "Départements of your territory; only national staff record national actions."
            )
            departments.error_messages["invalid_choice"] = _(
                "Choose only départements of your territory."
            )
            departments.error_messages["required"] = _(
                "Only national staff may record a national action: choose at least one "
                "département of your territory."
            )
        else:
            departments.help_text = _("Leave empty for a national action.")
        departments.widget.attrs["size"] = 8

        # Organisations the user may see, and those already recorded (kept when editing).
        visible = Organisation.objects.visible_to(user)
        self.fields["organiser"].queryset = Organisation.objects.filter(
            Q(pk__in=visible) | Q(pk=instance.organiser_id)
        )
        for name in ["invited", "attendees"]:
            self.fields[name].queryset = Organisation.objects.filter(
                Q(pk__in=visible) | Q(pk__in=current[name])
            )
            self.fields[name].widget.attrs["size"] = 8

        self.helper.layout = Layout(
            Fieldset(_("The action"), "title", "kind", "date", "format", "departments"),
            Fieldset(_("Organisations"), "organiser", "invited", "attendees", "participants"),
            Fieldset(_("Notes"), "notes", "follow_up"),
        )

    def clean_departments(self):
        departments = self.cleaned_data["departments"]
        if self.limited_to_territory:
            # The choices already say so; kept as the rule itself, should the choices change.
            allowed = self.user.scope.department_ids | self.current_department_ids
            outside = [department for department in departments if department.pk not in allowed]
            if outside:
                raise forms.ValidationError(
                    gettext("Outside your territory: %(names)s.") % {"names": _names(outside)},
                    code="outside_territory",
                )
        return departments

    def clean(self):
        cleaned = super().clean()
        attendees = cleaned.get("attendees")
        participants = cleaned.get("participants")
        date = cleaned.get("date")
        if attendees and date and date > timezone.localdate():
            self.add_error(
                "attendees",
                forms.ValidationError(
                    _("Attendance is recorded once the action has taken place."),
                    code="attendance_in_future",
                ),
            )
        elif attendees and participants is not None and participants < 1:
            self.add_error(
                "participants",
                forms.ValidationError(
                    _("Organisations were present: count at least one participant."),
                    code="no_participant",
                ),
            )
        return cleaned


class InteractionForm(DsfrModelForm):
    submit_label = _("Save")

    class Meta:
        model = Interaction
        fields = ["date", "kind", "summary"]
        widgets = {"date": DateInput, "summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"summary": _("What was said, and what comes next.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                _("An interaction is recorded once the contact has taken place."),
                code="future",
            )
        return date
