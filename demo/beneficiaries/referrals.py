"""Demonstration referrals for ``seed_demo``, at every status, on top of the demo beneficiaries:
the Rhône coordinator refers people of the Rhône who passed through a HOPE session to the demo
operator's AGIR deployment (some waiting in its inbox, one accepted, one declined, one
withdrawn), and the demo operator refers some of the people it follows to running actions of
other organisations (waiting, one withdrawn). Answers go through the referral's own lifecycle
(``Referral.accept`` enrols the person), so they carry their history.

Idempotent: nothing is added once a demo account has referred someone (``seed_demo`` runs in
one transaction, so the referrals are all there or none).
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from beneficiaries.models import Beneficiary, Enrolment, Referral
from beneficiaries.referrals.models import DeclineReason, actions_open_to_referrals
from programmes.models import Action, ActionStatus, Programme

from ..accounts import DEMO_ACCOUNTS

COORDINATOR, OPERATOR = "rhone@tremplin.test", "operateur@tremplin.test"

#: What happens to the referrals the demo operator receives, in order, and their messages.
RECEIVED = [
    (
        "sent",
        "Fin de session HOPE en décembre ; souhaite rester dans le Rhône, logement à trouver.",
    ),
    ("sent", "Orientée par l'OFII ; besoin d'un accompagnement global (droits, logement, emploi)."),
    ("sent", "Sortie de POEC sans contrat ; mobile sur la métropole, permis B en cours d'échange."),
    ("accepted", "Hébergement en CADA jusqu'en janvier ; projet dans l'aide à la personne."),
    ("declined", "Souhaite un accompagnement vers l'emploi dans la logistique."),
    ("withdrawn", "Orientation envoyée par erreur : la personne a déménagé en Isère."),
]
#: What happens to the referrals the demo operator sends, and where: (programme, département).
SENT = [
    ("sent", "Projet dans le bâtiment confirmé par une immersion ; niveau A2 à l'oral."),
    ("sent", "Intéressé par la restauration ; prêt à s'installer en Île-de-France."),
    ("withdrawn", "La personne a trouvé un emploi avant le début de la session."),
]
SENT_TO = [(Programme.HOPE, "69"), (Programme.PIC, "75"), (Programme.HOPE, "69")]


def _people_from_hope(coordinator, operator):
    """People of the Rhône the coordinator sees and the demo operator does not, those who
    passed through a HOPE session first; in name order."""
    unseen = Beneficiary.objects.visible_to(coordinator).exclude(
        pk__in=Beneficiary.objects.visible_to(operator).values("pk")
    )
    unseen = unseen.filter(department__code="69").order_by("last_name", "first_name", "pk")
    hope = Enrolment.objects.filter(action__programme__code=Programme.HOPE)
    first = list(unseen.filter(pk__in=hope.values("beneficiary_id"))[: len(RECEIVED)])
    rest = unseen.exclude(pk__in=[person.pk for person in first])[: len(RECEIVED) - len(first)]
    return first + list(rest)


def _refer(people, action_for, plan, sender, receiver, from_organisation=None):
    """Refer each person as `plan` says, sent a few days apart; returns how many."""
    now = timezone.now()
    count = 0
    for days, (person, (status, message)) in enumerate(zip(people, plan, strict=False)):
        action = action_for(person)
        if action is None:
            continue
        referral = Referral.objects.create(
            beneficiary=person,
            from_organisation=from_organisation,
            referred_by=sender,
            action=action,
            message=message,
            sent_at=now - timedelta(days=3 + 4 * days, hours=days),
        )
        if status == "accepted":
            referral.accept(receiver)
        elif status == "declined":
            referral.decline(receiver, DeclineReason.NOT_ELIGIBLE, "Voir plutôt le PIC logistique.")
        elif status == "withdrawn":
            referral.withdraw(sender)
        count += 1
    return count


def seed(demo_operator):
    """Create the demo referrals unless a demo account has already referred someone;
    ``demo_operator`` is seed_demo's “Passerelles Emploi Rhône”. Returns the counts of created
    rows."""
    demo_users = User.objects.filter(email__in=[account[0] for account in DEMO_ACCOUNTS])
    if Referral.objects.filter(referred_by__in=demo_users).exists():
        return {}
    coordinator, operator = User.objects.get(email=COORDINATOR), User.objects.get(email=OPERATOR)
    agir = Action.objects.filter(
        operator=demo_operator, programme__code=Programme.AGIR, status=ActionStatus.RUNNING
    ).first()
    if agir is None:
        return {}
    created = _refer(
        _people_from_hope(coordinator, operator),
        lambda person: agir,
        RECEIVED,
        coordinator,
        operator,
    )
    followed = Beneficiary.objects.visible_to(operator).order_by("last_name", "first_name", "pk")
    followed = list(followed.prefetch_related("enrolments")[: len(SENT)])
    open_to_them = actions_open_to_referrals(operator).order_by("title", "pk")

    def target_of(person):
        programme, department = SENT_TO[followed.index(person)]
        enrolled = {e.action_id for e in person.enrolments.all() if e.is_open}
        actions = open_to_them.filter(programme__code=programme, departments__code=department)
        return next((action for action in actions if action.pk not in enrolled), None)

    created += _refer(followed, target_of, SENT, operator, None, from_organisation=demo_operator)
    return {"referrals": created}
