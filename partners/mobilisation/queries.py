"""What other pages read of mobilisation: an organisation's latest actions and contact notes
(the registry's organisation page merges them into its context)."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..models import Interaction, MobilisationAction

#: How many actions and interactions an organisation's page shows before "see all".
ORGANISATION_PAGE_LIMIT = 10

_invited = MobilisationAction.invited.through.objects
_present = MobilisationAction.attendees.through.objects


def organisation_mobilisation_context(organisation, user):
    """What an organisation's page shows of mobilisation, for `user`: the latest actions it was
    invited to or attended and the latest contact notes, each scoped by its model's
    `visible_to`; four queries at most, whatever their number."""
    invited = _invited.filter(organisation=organisation)
    present = _present.filter(organisation=organisation)
    actions = list(
        MobilisationAction.objects.visible_to(user)
        .filter(
            Q(pk__in=invited.values("mobilisationaction"))
            | Q(pk__in=present.values("mobilisationaction"))
        )
        .annotate(was_present=Exists(present.filter(mobilisationaction=OuterRef("pk"))))
        .order_by("-date", "title")[: ORGANISATION_PAGE_LIMIT + 1]
    )
    today = timezone.localdate()
    for action in actions:
        if action.was_present:
            action.participation = "present"
        elif action.date >= today:
            action.participation = "invited"
        else:
            action.participation = "absent"

    show_interactions = user.has_perm("partners.view_interactions")
    interactions = []
    if show_interactions:
        interactions = list(
            Interaction.objects.visible_to(user)
            .filter(organisation=organisation)
            .select_related("author")[: ORGANISATION_PAGE_LIMIT + 1]
        )
    return {
        "mobilisation_actions": actions[:ORGANISATION_PAGE_LIMIT],
        "more_mobilisation_actions": len(actions) > ORGANISATION_PAGE_LIMIT,
        "show_interactions": show_interactions,
        "interactions": interactions[:ORGANISATION_PAGE_LIMIT],
        "more_interactions": len(interactions) > ORGANISATION_PAGE_LIMIT,
        "can_add_interaction": user.has_perm("partners.add_interaction"),
    }
