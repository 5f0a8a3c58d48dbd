"""Filters of the user list; they live in the URL so a filtered list can be shared."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm, ListFilterSet, OrderingFilter
from config.search import matches

from .models import Role, User


class UserFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Name or e-mail"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, field_name="memberships__role", distinct=True
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(("last_name", "name"), ("email", "email"), ("date_joined", "date_joined")),
        field_labels={
            "last_name": _("Name"),
            "email": _("E-mail"),
            "date_joined": _("Date joined"),
        },
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]
        form = FilterForm

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= (
                matches("first_name", word) | matches("last_name", word) | matches("email", word)
            )
        return queryset.filter(terms)
