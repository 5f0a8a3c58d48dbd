"""Filters of the convention list; they live in the URL so a filtered list can be shared."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm, ListFilterSet, OrderingFilter
from config.search import matches
from partners.models import Convention, ConventionStatus
from partners.models.convention import ConventionScope
from territories.models import Department

#: "Ending soon": active conventions ending within this many days (DESIGN.md §3; the home
#: page's to-do list counts the same).
ENDING_WITHIN_DAYS = 60


class ConventionFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Title or party"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConventionStatus.choices)
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=ConventionScope.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Department.objects.order_by("code"),
        method="filter_department",
    )
    active = django_filters.BooleanFilter(label=_("In force today"), method="filter_active")
    ending = django_filters.BooleanFilter(label=_("Ending within 60 days"), method="filter_ending")
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("title", "title"),
            ("start_date", "start_date"),
            ("end_date", "end_date"),
            ("status", "status"),
        ),
        field_labels={
            "title": _("Title"),
            "start_date": _("Start"),
            "end_date": _("End"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Convention
        fields = ["q", "status", "scope", "department", "active", "ending"]
        form = FilterForm

    # Filters on many-to-many relations go through a subquery: a join would repeat conventions.
    def search(self, queryset, name, value):
        value = value.strip()
        # The title as a subquery too: each side then reads its trigram index (partners 0009)
        # instead of normalising the title of every convention in scope.
        titled = Convention.objects.filter(matches("title", value)).values("pk")
        with_party = Convention.objects.filter(matches("parties__name", value)).values("pk")
        return queryset.filter(Q(pk__in=titled) | Q(pk__in=with_party))

    def filter_department(self, queryset, name, value):
        return queryset.filter(pk__in=Convention.objects.filter(departments=value).values("pk"))

    def filter_active(self, queryset, name, value):
        active = Convention.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)

    def filter_ending(self, queryset, name, value):
        """In force and ending within `ENDING_WITHIN_DAYS` (`ConventionQuerySet.ending_within`)."""
        ending = Convention.objects.ending_within(ENDING_WITHIN_DAYS).values("pk")
        return queryset.filter(pk__in=ending) if value else queryset.exclude(pk__in=ending)
