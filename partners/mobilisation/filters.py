"""Filters of the mobilisation lists; they live in the URL so a filtered list can be shared.

Filters on many-to-many relations go through `pk__in` subqueries: no join repeats an action
or multiplies its counts."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete
from config.filters import OrderingFilter
from config.forms import DsfrForm
from territories.models import Department, Region

from ..models import Interaction, InteractionKind, MobilisationAction, Organisation
from ..models.mobilisation import MobilisationFormat, MobilisationKind
from .forms import DateInput


def involved_organisations(request):
    """Organisations the user may see that organised, were invited to or attended an action
    the user may see: the choices of the organisation filter."""
    actions = MobilisationAction.objects.visible_to(request.user).values("pk")
    invited = MobilisationAction.invited.through.objects.filter(mobilisationaction__in=actions)
    present = MobilisationAction.attendees.through.objects.filter(mobilisationaction__in=actions)
    # One subquery per relation, each on its link table (config/relations.py).
    return Organisation.objects.visible_to(request.user).filter(
        Q(pk__in=MobilisationAction.objects.filter(pk__in=actions).values("organiser"))
        | Q(pk__in=invited.values("organisation"))
        | Q(pk__in=present.values("organisation"))
    )


class MobilisationActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="matches")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MobilisationKind.choices)
    format = django_filters.ChoiceFilter(label=_("Format"), choices=MobilisationFormat.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Department.objects.all(),
        to_field_name="code",
        method="in_departments",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="code",
        method="in_region",
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=involved_organisations,
        method="involving",
        widget=Autocomplete("mobilisation:organisation-choices"),
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("date", "date"),
            ("title", "title"),
            ("kind", "kind"),
            ("participants", "participants"),
        ),
        field_labels={
            "date": _("Date"),
            "title": _("Title"),
            "kind": _("Kind"),
            "participants": _("Participants"),
        },
    )

    class Meta:
        model = MobilisationAction
        fields = ["q", "kind", "format", "department", "region", "date_from", "date_to"]
        form = DsfrForm

    def _with_departments(self, queryset, departments):
        through = MobilisationAction.departments.through.objects
        return queryset.filter(
            pk__in=through.filter(department__in=departments).values("mobilisationaction")
        )

    def in_departments(self, queryset, name, value):
        return self._with_departments(queryset, [value])

    def in_region(self, queryset, name, value):
        return self._with_departments(queryset, value.departments.all())

    def involving(self, queryset, name, value):
        invited = MobilisationAction.invited.through.objects.filter(organisation=value)
        present = MobilisationAction.attendees.through.objects.filter(organisation=value)
        return queryset.filter(
            Q(organiser=value)
            | Q(pk__in=invited.values("mobilisationaction"))
            | Q(pk__in=present.values("mobilisationaction"))
        )


class InteractionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InteractionKind.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(("date", "date"), ("kind", "kind")),
        field_labels={"date": _("Date"), "kind": _("Kind")},
    )

    class Meta:
        model = Interaction
        fields = ["kind", "date_from", "date_to"]
        form = DsfrForm
