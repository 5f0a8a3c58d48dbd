"""Filters of the organisation list; they live in the URL so a filtered list can be shared."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from config.filters import OrderingFilter
from config.forms import DsfrForm
from config.search import matches
from programmes.models import Action, ActionStatus
from territories.models import Department, Region

from . import naf
from .models import Convention, Organisation, OrganisationKind, SizeBand, normalise_siret


def running_action_exists(user):
    """True when the organisation runs or joins a running action the user may see: one EXISTS
    per relation, each served by its foreign key's index (an OR across the partners join
    would re-join every action for each organisation, pages skipped by the offset included)."""
    running = Action.objects.visible_to(user).filter(status=ActionStatus.RUNNING)
    partnered = Action.partners.through.objects.filter(
        organisation=OuterRef("pk"), action__in=running.values("pk")
    )
    return Exists(running.filter(operator=OuterRef("pk"))) | Exists(partnered)


def active_convention_exists(user):
    """True when the organisation is a party to a convention in force that the user may see."""
    return Exists(Convention.objects.visible_to(user).active().filter(parties=OuterRef("pk")))


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or SIRET"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Département"), queryset=Department.objects.order_by("code")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), field_name="department__region", queryset=Region.objects.all()
    )
    naf_section = django_filters.ChoiceFilter(label=_("NAF section"), choices=naf.SECTION_CHOICES)
    size_band = django_filters.ChoiceFilter(label=_("Size"), choices=SizeBand.choices)
    has_active_action = django_filters.BooleanFilter(
        label=_("Has a running action"),
        method="filter_active_action",
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )
    has_active_convention = django_filters.BooleanFilter(
        label=_("Party to a convention in force"),
        method="filter_active_convention",
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("department__code", "department"),
            ("created_at", "created_at"),
        ),
        field_labels={
            "name": _("Name"),
            "kind": _("Kind"),
            "department__code": _("Département"),
            "created_at": _("Date added"),
        },
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "department", "region", "naf_section", "size_band"]
        form = DsfrForm

    def search(self, queryset, name, value):
        terms = matches("name", value)
        digits = normalise_siret(value)
        if digits.isdigit():
            terms |= Q(siret__startswith=digits) | Q(siren__startswith=digits)
        return queryset.filter(terms)

    def filter_active_convention(self, queryset, name, value):
        active = active_convention_exists(self.request.user)
        return queryset.filter(active if value else ~active)

    def filter_active_action(self, queryset, name, value):
        running = running_action_exists(self.request.user)
        return queryset.filter(running if value else ~running)
