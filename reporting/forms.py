"""The funnel's territory (within the user's) and period (the current year by default)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm
from config.forms import DateInput
from territories.models import Department, Region


def current_year():
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


class FunnelForm(FilterForm):
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
        widget=DateInput(),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, data, *, user, **kwargs):
        start, end = current_year()
        data = {"start": start.isoformat(), "end": end.isoformat(), **data.dict()}
        super().__init__(data, **kwargs)
        self.scope = user.scope
        self.national = user.has_perm("reporting.view_national_funnel")
        departments = Department.objects.assignable_by(user)
        self.fields["department"].queryset = departments.order_by("code")
        self.fields["region"].queryset = Region.objects.filter(
            pk__in=departments.values("region")
        ).order_by("name")
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
        elif self.national:
            return None
        else:
            ids = set(self.scope.department_ids)
        if not self.national:
            ids &= self.scope.department_ids
        return ids
