"""Filters of the notification centre: by kind of reminder and read or not."""

import django_filters
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm, ListFilterSet

from .kinds import ReminderKind
from .models import Notification


class NotificationFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReminderKind.choices)
    read = django_filters.BooleanFilter(label=_("Read"), method="filter_read")

    class Meta:
        model = Notification
        fields = ["kind", "read"]
        form = FilterForm

    def filter_read(self, queryset, name, value):
        return queryset.filter(read_at__isnull=not value)
