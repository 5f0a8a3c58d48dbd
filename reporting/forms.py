"""The funnel's territory (within the user's) and period (the current year by default)."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm
from config.forms import DateInput
from programmes.models import Programme
from territories.models import Department, Region

#: The first and last days a period filter accepts: the years the year field accepts. A date
#: beyond would overflow Python's dates when the previous period or the months are counted.
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def period_date(label):
    """A form field of one end of a period: a date from `FIRST_DAY` to `LAST_DAY`, optional."""
    message = _("Enter a date from 1 January 2000 to 31 December 2100.")
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        validators=[
            MinValueValidator(FIRST_DAY, message=message),
            MaxValueValidator(LAST_DAY, message=message),
        ],
    )


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
    start = period_date(_("From"))
    end = period_date(_("To"))

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


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom dates")


#: The breakdowns of people a dashboard offers (codes of `reporting.dictionary.BREAKDOWNS`).
PEOPLE_BREAKDOWNS = [
    ("sex", _("Sex")),
    ("age_band", _("Age band")),
    ("nationality", _("Nationality")),
    ("protection", _("Protection status")),
    ("french_level", _("French level at entry")),
]


def _months_back(day, months):
    """The first day of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _current_or_first(part, year, today):
    """The month (`part` "month") or quarter ("quarter") a period of `year` shows by default:
    `today`'s in the current year, the first otherwise."""
    if year != today.year:
        return 1
    return today.month if part == "month" else (today.month - 1) // 3 + 1


def _with_defaults(data):
    """The dashboard's query (a QueryDict or dict) with the values the figures use where it
    gives none, so that the form shows them: the year period, the current year, and for a
    month or a quarter of it the current one (the first of another year)."""
    data = data.copy()
    today = timezone.localdate()
    if data.get("period") not in PeriodKind.values:
        data["period"] = PeriodKind.YEAR
    # A month or quarter no list offers falls back to the default, as the figures do.
    for name, last in (("month", 12), ("quarter", 4)):
        if data.get(name) not in (None, "", *(str(n) for n in range(1, last + 1))):
            data[name] = ""
    if not data.get("year"):
        data["year"] = str(today.year)
    year = today.year if data["year"] == str(today.year) else None  # another, or invalid
    for part in ("month", "quarter"):
        if data["period"] == part and not data.get(part):
            data[part] = str(_current_or_first(part, year, today))
    return data


class DashboardForm(FilterForm):
    """A dashboard's filters: the period (a month, a quarter, a year or two dates; the current
    year by default), a programme, a territory within the user's (départements they may follow:
    `Department.objects.assignable_by`) and the breakdown of people (each offered unless
    `territory`, `programmes` or `breakdowns` is False). Invalid input falls back to the
    defaults field by field, so that a dashboard always shows figures; the defaults used are
    filled in, so that the form shows them. Custom dates lie from 2000 to 2100, as the year.

    `dates()` and `previous_dates()` give (start, end) dates, both included (Europe/Paris
    days); `department_ids()` the territory chosen (None: none chosen)."""

    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[("", _("All"))] + [(q, f"T{q}") for q in range(1, 5)],
        required=False,
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[("", _("All"))] + [(m, m) for m in range(1, 13)],
        required=False,
    )
    start = period_date(_("From"))
    end = period_date(_("To"))
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    department = forms.ModelChoiceField(
        label=_("Département"), queryset=Department.objects.none(), required=False
    )
    breakdown = forms.ChoiceField(label=_("Breakdown"), choices=PEOPLE_BREAKDOWNS, required=False)

    def __init__(self, data, *, user, territory=True, programmes=True, breakdowns=True, **kwargs):
        super().__init__(_with_defaults(data), **kwargs)
        if not breakdowns:
            del self.fields["breakdown"]
        self.fields["month"].choices = [("", _("All"))] + [
            (m, date_format(datetime.date(2000, m, 1), "F")) for m in range(1, 13)
        ]
        self.fields["quarter"].choices = [("", _("All"))] + [
            (q, _("Q%(quarter)d") % {"quarter": q}) for q in range(1, 5)
        ]
        if programmes:
            self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("code")
        else:
            del self.fields["programme"]
        if territory:
            self.fields["department"].queryset = Department.objects.assignable_by(user).order_by(
                "code"
            )
        else:
            del self.fields["department"]

    def clean(self):
        """The filters applied, as `cleaned_data` (the active filters' tags read it): dates
        only for a custom period, and a custom period only with two valid dates in order
        (else the figures are a year's: `_period`)."""
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if cleaned_data.get("period") != PeriodKind.CUSTOM:
            cleaned_data.pop("start", None)
            cleaned_data.pop("end", None)
            return cleaned_data
        for name in ("start", "end"):
            if name not in self.errors and cleaned_data.get(name) is None:
                self.add_error(name, forms.ValidationError(_("Enter a date.")))
        if start and end and end < start:
            self.add_error("end", forms.ValidationError(_("The end must not be before the start.")))
        if {"start", "end"} & set(self.errors):
            for name in ("period", "start", "end"):
                cleaned_data.pop(name, None)
        return cleaned_data

    def _value(self, name, default=None):
        """The cleaned value of field `name`, or `default` when empty or invalid."""
        self.is_valid()  # cleans once; invalid fields are left out of cleaned_data
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def kind(self):
        return self._value("period", PeriodKind.YEAR)

    def people_breakdown(self):
        """The breakdown of people chosen (a BREAKDOWNS code), by sex unless told."""
        return self._value("breakdown", "sex")

    def _period(self):
        """(kind, start, end) of the period shown: the kind asked, or a year where custom dates
        are missing or invalid (the year's field says which, the current one by default)."""
        today = timezone.localdate()
        kind = self.kind
        if kind == PeriodKind.CUSTOM:
            start, end = self._value("start"), self._value("end")
            if start and end and start <= end:
                return kind, start, end
            kind = PeriodKind.YEAR
        year = self._value("year", today.year)
        if kind == PeriodKind.MONTH:
            month = self._value("month", _current_or_first("month", year, today))
            start = datetime.date(year, month, 1)
            return kind, start, _months_back(start, -1) - datetime.timedelta(days=1)
        if kind == PeriodKind.QUARTER:
            quarter = self._value("quarter", _current_or_first("quarter", year, today))
            start = datetime.date(year, 3 * quarter - 2, 1)
            return kind, start, _months_back(start, -3) - datetime.timedelta(days=1)
        return kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    def dates(self):
        """(start, end) of the period asked, both included."""
        return self._period()[1:]

    def previous_dates(self):
        """The period just before, of the same kind: the previous month, quarter or year; for
        custom dates, as many days just before."""
        kind, start, end = self._period()
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
        if kind in months:
            return _months_back(start, months[kind]), start - datetime.timedelta(days=1)
        length = end - start
        previous_end = start - datetime.timedelta(days=1)
        return previous_end - length, previous_end

    def programme_ids(self):
        programme = self._value("programme")
        return frozenset({programme.pk}) if programme else None

    def department_ids(self):
        department = self._value("department")
        return frozenset({department.pk}) if department else None
