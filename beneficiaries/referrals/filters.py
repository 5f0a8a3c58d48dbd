"""Filters of the referrals inbox (received and sent), kept in the URL like every list's."""

import django_filters
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm, ListFilterSet, OrderingFilter
from programmes.models import Programme

from .models import Referral, ReferralStatus


class ReferralFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReferralStatus.choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="action__programme",
        queryset=Programme.objects.all(),
        to_field_name="code",
    )
    ordering = OrderingFilter(
        label=_("Sort by"),
        fields=(("sent_at", "sent"),),
        field_labels={"sent": _("Sent on")},
    )

    class Meta:
        model = Referral
        fields = ["status"]
        form = FilterForm
