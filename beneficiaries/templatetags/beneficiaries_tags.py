"""Template tags other apps' pages use to show beneficiaries without importing this app's
views: the enrolments of an action on the action page."""

from django import template
from django.db.models import Count, Q

from ..models import Enrolment

register = template.Library()

#: The most recent enrolments listed on an action's page; the beneficiaries list has them all.
SHOWN_ENROLMENTS = 20


@register.inclusion_tag("beneficiaries/includes/action_enrolments.html", takes_context=True)
def action_enrolments(context, action):
    """The enrolments of `action` (a programmes.Action) the reader accompanies, the latest
    `SHOWN_ENROLMENTS` of them with their person, and the action's capacity against the
    number who entered. Two queries."""
    user = context["request"].user
    enrolments = Enrolment.objects.accompanied_by(user).filter(action=action)
    counts = enrolments.aggregate(
        total=Count("pk"),
        entered=Count("pk", filter=Q(entry_date__isnull=False)),
        open=Count("pk", filter=Q(status__in=["entered", "in_progress"])),
    )
    latest = []
    if counts["total"]:
        latest = list(
            enrolments.select_related("beneficiary", "action__programme").order_by(
                "-referral_date", "-pk"
            )[:SHOWN_ENROLMENTS]
        )
    return {
        "action": action,
        "enrolments": latest,
        "counts": counts,
        "accompanied": {enrolment.pk for enrolment in latest},
    }
