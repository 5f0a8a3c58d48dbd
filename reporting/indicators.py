"""Every indicator Tremplin shows, defined once: dashboards, reports, convention objectives and
the API call these functions, so two numbers that should agree come from the same code.

Convention objectives count what the parties achieved over a period, optionally in one
département. Hires, trainings, immersions and apprenticeships will be counted from the
beneficiaries' recorded pathway steps; until pathways are recorded they are 0, and the pages
that show them will not change when the real figures arrive.
"""

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _


class ObjectiveIndicator(models.TextChoices):
    HIRES = "hires", _("Hires")
    DURABLE_HIRES = "durable_hires", _("Hires, of which durable")
    TRAINING_ENTRIES = "training_entries", _("Entries into training")
    IMMERSIONS = "immersions", _("Work immersions (PMSMP)")
    APPRENTICESHIPS = "apprenticeships", _("Apprenticeships")
    EVENT_PARTICIPANTS = "event_participants", _("Participants at events")


def _no_pathways_yet(organisations, start, end, departments=None):
    """Counted from beneficiaries' pathway steps (job, training, PMSMP…) with these
    organisations; no pathway is recorded in Tremplin yet."""
    return 0


def event_participants(organisations, start, end, departments=None):
    """Participants of the mobilisation actions the organisations attended in the period, in
    the given départements or national (None: anywhere)."""
    from partners.models import MobilisationAction

    actions = MobilisationAction.objects.filter(
        attendees__in=organisations, date__gte=start, date__lte=end
    )
    if departments is not None:
        actions = actions.filter(Q(departments__in=departments) | Q(departments__isnull=True))
    total = (
        MobilisationAction.objects.filter(pk__in=actions.values("pk"))
        .aggregate(total=Sum("participants"))
        .get("total")
    )
    return total or 0


OBJECTIVE_INDICATORS = {
    ObjectiveIndicator.HIRES: _no_pathways_yet,
    ObjectiveIndicator.DURABLE_HIRES: _no_pathways_yet,
    ObjectiveIndicator.TRAINING_ENTRIES: _no_pathways_yet,
    ObjectiveIndicator.IMMERSIONS: _no_pathways_yet,
    ObjectiveIndicator.APPRENTICESHIPS: _no_pathways_yet,
    ObjectiveIndicator.EVENT_PARTICIPANTS: event_participants,
}


def objective_value(indicator, organisations, start, end, departments=None):
    """The achieved value of a convention objective's indicator."""
    return OBJECTIVE_INDICATORS[indicator](organisations, start, end, departments)
