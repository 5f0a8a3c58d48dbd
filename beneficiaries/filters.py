"""Filters of the beneficiaries and follow-ups lists; they live in the URL so that a filtered
list can be shared with someone who may see the same people. Choices offered (actions,
départements) are limited to the user's scope."""

import datetime

import django_filters
from dateutil.relativedelta import relativedelta
from django.db.models import F, Q, lookups
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete
from config.filters import FilterForm, ListFilterSet, OrderingFilter
from config.relations import any_of
from config.search import names_match
from programmes.models import Action, Programme
from territories.models import Department

from .choices import EnrolmentStatus, FrenchLevel, ProtectionStatus, Sex
from .models import (
    Beneficiary,
    DuplicateCandidate,
    DuplicateSource,
    DuplicateStatus,
    Enrolment,
    FollowUp,
)

#: Filters that apps above the domain add to the beneficiaries list, name → a callable making a
#: django-filter `Filter`: `reporting` adds the exit class, whose definition is its own (a
#: domain app never imports `reporting`; `ReportingConfig.ready()` registers it).
EXTRA_FILTERS = {}

#: "Quiet": enrolments in progress with no pathway step for this many days (DESIGN.md §3; the
#: home page's to-do list counts the same).
QUIET_DAYS = 90


class AmongKeys(lookups.In):
    """`lhs IN (subquery)`, written `lhs = ANY(ARRAY(subquery))` on PostgreSQL (a Lookup, used
    as `filter(AmongKeys(F("pk"), ids))` with `ids` a one-column values queryset). PostgreSQL
    computes the array first, on its own (an InitPlan), then reads the rows whose key is in it
    through the primary key, testing the other conditions on those rows only; `IN (subquery)`
    is a semi-join, whose other side (the scope, for a coordinator) PostgreSQL may rather read
    whole (see `BeneficiaryFilter.search`). Elsewhere (SQLite), `IN`."""

    def as_postgresql(self, compiler, connection):
        lhs_sql, params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} = ANY(ARRAY{rhs_sql})", (*params, *rhs_params)


#: Age bands of the published profiles (code: (label, youngest age, oldest age or None)).
AGE_BANDS = {
    "under_26": (_("Under 26"), 0, 25),
    "26_35": (_("26 to 35"), 26, 35),
    "36_45": (_("36 to 45"), 36, 45),
    "46_55": (_("46 to 55"), 46, 55),
    "over_55": (_("Over 55"), 56, None),
}


def birth_dates_for_ages(youngest, oldest, today):
    """The range of birth dates (earliest or None, latest) of people aged `youngest` to
    `oldest` (None: no limit) on `today`."""
    latest = today - relativedelta(years=youngest)
    earliest = None
    if oldest is not None:
        earliest = today - relativedelta(years=oldest + 1) + datetime.timedelta(days=1)
    return earliest, latest


def _visible_actions(request):
    return (
        Action.objects.visible_to(request.user)
        .select_related("programme")
        .order_by("programme__code", "title")
    )


def _departments(request):
    """Every département for national staff; else those where people the user may see live."""
    user = request.user
    if user.scope.is_national:
        return Department.objects.all()
    # The départements of each relation's people, combined (`any_of`): the same set as those of
    # `visible_to`'s people, without reading every person to test the whole scope on each.
    conditions = Beneficiary.objects.scope_conditions(user)
    return Department.objects.filter(
        any_of(*(Beneficiary.objects.filter(c).values("department") for c in conditions))
    )


class BeneficiaryFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search")
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="enrolments__action__programme",
        method="enrolled",
        queryset=Programme.objects.all(),
        to_field_name="code",
    )
    action = django_filters.ModelChoiceFilter(
        label=_("Action"),
        field_name="enrolments__action",
        method="enrolled",
        queryset=_visible_actions,
        widget=Autocomplete("programmes:action-choices"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Enrolment status"),
        field_name="enrolments__status",
        method="enrolled",
        choices=EnrolmentStatus.choices,
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Département"), queryset=_departments, to_field_name="code"
    )
    protection_status = django_filters.ChoiceFilter(
        label=_("Protection status"), choices=ProtectionStatus.choices
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices)
    age_band = django_filters.ChoiceFilter(
        label=_("Age"),
        choices=[(code, label) for code, (label, _y, _o) in AGE_BANDS.items()],
        method="in_age_band",
    )
    french_level_at_entry = django_filters.ChoiceFilter(
        label=_("French level at entry"), choices=FrenchLevel.choices
    )
    quiet = django_filters.BooleanFilter(
        label=_("No step recorded for 90 days"), method="without_recent_step"
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("last_name", "name"),
            ("birth_date", "birth_date"),
            ("department__code", "department"),
            ("created_at", "created"),
        ),
        field_labels={
            "name": _("Name"),
            "birth_date": _("Birth date"),
            "department": _("Département"),
            "created": _("Date recorded"),
        },
    )

    class Meta:
        model = Beneficiary
        fields = ["q"]
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, make_filter in EXTRA_FILTERS.items():
            self.filters[name] = make_filter()
            self.filters[name].model = self._meta.model
            self.filters[name].parent = self
        self.filters["action"].field.label_from_instance = lambda action: (
            f"{action.programme.code} — {action.title}"
        )

    def search(self, queryset, name, value):
        """Names in either order, ignoring case, accents, apostrophes and hyphens."""
        # The ids whose names match, read through the trigram index alone and computed first,
        # as an array (`AmongKeys`); then those people through the primary key, the scope
        # tested on each of them (a few hundred). Filtering the rows directly, PostgreSQL may
        # walk the list's sort index normalising each name until 25 match (half a second when
        # the matches sort far down); as `IN (subquery)`, a semi-join, it read every person to
        # test the scope on each (100,000 for a coordinator at national volume), then joined
        # the matches to them.
        matching = Beneficiary.objects.filter(names_match("first_name", "last_name", value))
        return queryset.filter(AmongKeys(F("pk"), matching.order_by().values("pk")))

    def enrolled(self, queryset, name, value):
        """The people with at least one enrolment whose `name` (`enrolments__<lookup>`) is
        `value`, each filter on its own enrolment as a join would: `pk IN (their ids)`, a
        semi-join, rather than a join made DISTINCT over every column for the page and for its
        count (at national scale, 40,000 joined rows sorted and de-duplicated twice)."""
        lookup = name.removeprefix("enrolments__")
        enrolments = Enrolment.objects.filter(**{lookup: value})
        return queryset.filter(pk__in=enrolments.values("beneficiary_id"))

    def without_recent_step(self, queryset, name, value):
        """The people with an enrolment the user accompanies that is in progress with no step
        for `QUIET_DAYS` (`EnrolmentQuerySet.without_step_for`), or (No) the others."""
        quiet = Enrolment.objects.accompanied_by(self.request.user).without_step_for(QUIET_DAYS)
        people = quiet.values("beneficiary_id")
        return queryset.filter(pk__in=people) if value else queryset.exclude(pk__in=people)

    def in_age_band(self, queryset, name, value):
        _label, youngest, oldest = AGE_BANDS[value]
        earliest, latest = birth_dates_for_ages(youngest, oldest, timezone.localdate())
        condition = Q(birth_date__lte=latest)
        if earliest:
            condition &= Q(birth_date__gte=earliest)
        return queryset.filter(condition)


FOLLOW_UP_STATES = {
    "due": _("Due (overdue included)"),
    "overdue": _("Overdue by more than 30 days"),
    "coming": _("Due within 30 days"),
    "pending": _("All not yet recorded"),
    "recorded": _("Recorded"),
}


class FollowUpFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=list(FOLLOW_UP_STATES.items()),
        method="in_state",
        empty_label=None,
    )
    months = django_filters.ChoiceFilter(
        label=_("Months after exit"), choices=[(6, _("6 months")), (12, _("12 months"))]
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="enrolment__action__programme",
        queryset=Programme.objects.all(),
        to_field_name="code",
    )
    action = django_filters.ModelChoiceFilter(
        label=_("Action"),
        field_name="enrolment__action",
        queryset=_visible_actions,
        widget=Autocomplete("programmes:action-choices"),
    )

    class Meta:
        model = FollowUp
        fields = ["state", "months"]
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Without a choice, the page opens on what is late or due soon.
        data = data.copy() if data is not None else {}
        data.setdefault("state", "due")
        super().__init__(data, *args, **kwargs)
        self.filters["action"].field.label_from_instance = lambda action: (
            f"{action.programme.code} — {action.title}"
        )

    def in_state(self, queryset, name, value):
        """Follow-ups by state; what is due and overdue as `FollowUpQuerySet` defines it."""
        today = timezone.localdate()
        if value == "recorded":
            return queryset.recorded().order_by("-recorded_on", "pk")
        if value == "due":
            return queryset.due(today)
        if value == "overdue":
            return queryset.overdue(today)
        if value == "coming":
            return queryset.pending().filter(
                due_date__gt=today, due_date__lte=today + datetime.timedelta(days=30)
            )
        return queryset.pending()


class DuplicateCandidateFilter(ListFilterSet):
    """The review queue's filters: what is still to review by default, by how each pair was
    found, by the département where either person lives."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DuplicateStatus.choices, empty_label=None
    )
    source = django_filters.ChoiceFilter(label=_("Found by"), choices=DuplicateSource.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Département"), queryset=Department.objects.all(), method="living_in"
    )
    order = OrderingFilter(
        fields=[("found_at", "found_at")],
        field_labels={"found_at": _("Date found")},
        label=_("Sort by"),
    )

    class Meta:
        model = DuplicateCandidate
        fields = ["status", "source"]
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Without a choice, the queue opens on the pairs still to review.
        data = data.copy() if data is not None else {}
        data.setdefault("status", DuplicateStatus.PENDING)
        super().__init__(data, *args, **kwargs)

    def living_in(self, queryset, name, value):
        return queryset.filter(Q(first__department=value) | Q(second__department=value))
