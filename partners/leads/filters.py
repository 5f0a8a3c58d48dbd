"""Filters of the lead list; they live in the URL so a filtered list can be shared."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.filters import FilterForm, ListFilterSet, OrderingFilter
from partners.models import Lead, LeadStatus
from territories.models import Department


def assignees_of(request):
    """The people following at least one of the leads the user sees."""
    if request is None:
        return User.objects.none()
    leads = Lead.objects.visible_to(request.user)
    return User.objects.filter(pk__in=leads.values("assignee")).order_by("last_name", "first_name")


class LeadFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LeadStatus.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Département"), queryset=Department.objects.all()
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assigned to"), queryset=assignees_of, null_label=_("Unassigned")
    )
    late = django_filters.BooleanFilter(
        label=_("Late only"), method="filter_late", widget=forms.CheckboxInput
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("submitted_at", "submitted_at"),
            ("organisation__name", "company"),
            ("status", "status"),
            ("department__code", "department"),
        ),
        field_labels={
            "submitted_at": _("Date submitted"),
            "organisation__name": _("Company"),
            "status": _("Status"),
            "department__code": _("Département"),
        },
    )

    class Meta:
        model = Lead
        fields = ["status", "department", "assignee", "late"]
        form = FilterForm

    def filter_late(self, queryset, name, value):
        return queryset.late() if value else queryset
