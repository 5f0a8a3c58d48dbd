"""Counts and totals of programme actions, as programme pages show them."""

from django.db.models import Count, Q, Sum

from programmes.models import ActionStatus
from territories.models import Department


def action_figures(actions):
    """How many actions (and running), planned places, budget and départements covered, for a
    queryset of actions: two queries."""
    figures = actions.order_by().aggregate(
        actions=Count("pk"),
        running=Count("pk", filter=Q(status=ActionStatus.RUNNING)),
        capacity=Sum("capacity"),
        budget=Sum("budget"),
    )
    figures["departments"] = Department.objects.filter(actions__in=actions).distinct().count()
    return figures
