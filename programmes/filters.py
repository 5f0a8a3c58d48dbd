"""Filters of the programme, action and contract lists; they live in the URL so that a
filtered list can be shared."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete
from config.filters import OrderingFilter
from config.forms import DsfrForm
from config.search import matches
from config.vocabularies import Sector
from partners.models import Organisation
from territories.models import Department, Region

from .models import Action, ActionStatus, Programme, ProgrammeScope, TerritorialContract


def visible_operators(request):
    """The organisations operating an action the user may see (the operator filter's choices,
    and its autocomplete's)."""
    return Organisation.objects.filter(
        pk__in=Action.objects.visible_to(request.user).values("operator")
    )


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or name"), method="search")
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=ProgrammeScope.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(("code", "code"), ("name", "name"), ("start_date", "start")),
        field_labels={"code": _("Code"), "name": _("Name"), "start": _("Start")},
    )

    class Meta:
        model = Programme
        fields = ["q", "scope", "is_active"]
        form = DsfrForm

    def search(self, queryset, name, value):
        return queryset.filter(matches("code", value) | matches("name", value))


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="matches")
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.all(), to_field_name="code"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="departments",
        queryset=Department.objects.all(),
        to_field_name="code",
        distinct=True,
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        field_name="departments__region",
        queryset=Region.objects.all(),
        to_field_name="code",
        distinct=True,
    )
    operator = django_filters.ModelChoiceFilter(
        label=_("Operator"),
        queryset=visible_operators,
        widget=Autocomplete("programmes:operator-choices"),
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), method="running_in_year", min_value=2000, max_value=2100
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("start_date", "start"),
            ("title", "title"),
            ("programme__code", "programme"),
            ("capacity", "capacity"),
            ("status", "status"),
        ),
        field_labels={
            "start": _("Start"),
            "title": _("Title"),
            "programme": _("Programme"),
            "capacity": _("Capacity"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Action
        fields = ["q", "programme", "status", "department", "region", "operator", "sector"]
        form = DsfrForm

    def running_in_year(self, queryset, name, value):
        """Actions whose period overlaps the year."""
        return queryset.filter(
            Q(start_date__year__lte=value)
            & (Q(end_date__isnull=True) | Q(end_date__year__gte=value))
        )


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="matches")
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="departments",
        queryset=Department.objects.all(),
        to_field_name="code",
        distinct=True,
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="covering_year", min_value=2000, max_value=2100
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(("start_year", "start"), ("name", "name"), ("signed_on", "signed")),
        field_labels={"start": _("First year"), "name": _("Name"), "signed": _("Signing date")},
    )

    class Meta:
        model = TerritorialContract
        fields = ["q", "department"]
        form = DsfrForm

    def covering_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)
