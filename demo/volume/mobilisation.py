"""Generated mobilisation actions (with the organisations invited and present) and contact
notes with organisations."""

from collections import Counter
from datetime import timedelta

from partners.models import Interaction, InteractionKind, MobilisationAction, MobilisationKind
from partners.models import OrganisationKind as Kind
from partners.models.mobilisation import MobilisationFormat

from .context import DEPARTMENTS, insert, link
from .leads import FIRST_DAY

#: Days after the reference day over which upcoming actions are planned.
AHEAD = 60
NATIONAL_SHARE = 0.15
ATTENDANCE_RATE = 0.55
ORGANISERS = (Kind.STATE_SERVICE, Kind.FRANCE_TRAVAIL, Kind.COLLECTIVITE, Kind.ASSOCIATION)
INVITED = (Kind.COMPANY, Kind.GEIQ)
TOPICS = [
    "recruter des personnes réfugiées",
    "job dating logistique",
    "job dating hôtellerie-restauration",
    "les métiers du BTP",
    "immersions en entreprise (PMSMP)",
    "apprentissage et alternance",
    "accueillir un salarié allophone",
]
SUMMARIES = {
    InteractionKind.CALL: "Point téléphonique sur les besoins de recrutement.",
    InteractionKind.MEETING: "Rencontre dans les locaux : présentation des dispositifs.",
    InteractionKind.EMAIL: "Envoi de la plaquette et des dates des prochaines sessions.",
    InteractionKind.EVENT: "Échange lors d'un job dating.",
}


def mobilisation(volume):
    """Write `planned("mobilisation actions")` actions from 2022 to two months ahead, national
    or in a département; about `planned("invitations")` companies invited and, for past
    actions, about `ATTENDANCE_RATE` of them present."""
    rng = volume.rng
    codes, weights = volume.weights()
    total = volume.planned("mobilisation actions")
    span = (volume.today - FIRST_DAY).days + AHEAD
    rows, places = [], []
    for _index in range(total):
        national = rng.random() < NATIONAL_SHARE
        code = None if national else rng.choices(codes, weights)[0]
        department = volume.departments.get(code)
        kind = rng.choice(MobilisationKind.values)
        where = DEPARTMENTS[code][0] if code else "national"
        rows.append(
            MobilisationAction(
                title=f"{MobilisationKind(kind).label} – {where} – {rng.choice(TOPICS)}",
                kind=kind,
                date=FIRST_DAY + timedelta(days=rng.randint(0, span)),
                format=MobilisationFormat.ONLINE if national else MobilisationFormat.ON_SITE,
                organiser_id=(volume.pick(ORGANISERS, department) or [None])[0],
                created_by=volume.author(department),
                notes="Action générée pour les mesures de volume.",
            )
        )
        places.append(department)
    guests = _guests(volume, rows, places)
    saved = insert(MobilisationAction, rows, default_user=volume.national_user)
    invited = {
        (a.pk, pk) for a, (came, absent) in zip(saved, guests, strict=True) for pk in came + absent
    }
    present = {(a.pk, pk) for a, (came, _absent) in zip(saved, guests, strict=True) for pk in came}
    link(
        MobilisationAction,
        "departments",
        [(a.pk, d) for a, d in zip(saved, places, strict=True) if d],
    )
    link(MobilisationAction, "invited", sorted(invited))
    link(MobilisationAction, "attendees", sorted(present))
    return {
        "mobilisation actions": len(saved),
        "invitations": len(invited),
        "attendances": len(present),
    }


def _guests(volume, actions, places):
    """Per action (unsaved), the organisation ids (present, invited but absent); sets each
    action's `participants`. The demo company is invited to a fifth of the actions in Rhône."""
    rng = volume.rng
    share = Counter(rng.choices(range(len(actions)), k=volume.planned("invitations")))
    rhone = volume.departments["69"]
    guests = []
    for index, (action, department) in enumerate(zip(actions, places, strict=True)):
        invited = volume.pick(INVITED, department, share[index])
        if department == rhone and volume.demo_company not in invited and rng.random() < 0.2:
            invited.append(volume.demo_company)
        past = action.date <= volume.today
        came = [pk for pk in invited if past and rng.random() < ATTENDANCE_RATE]
        guests.append((came, [pk for pk in invited if pk not in came]))
        action.participants = len(came) * rng.randint(1, 3)
    return guests


def interactions(volume):
    """Write `planned("interactions")` dated contact notes, mostly with companies, by the
    coordinator of the organisation's département (else the national account)."""
    rng = volume.rng
    companies = volume.by_kind[Kind.COMPANY]
    everyone = list(volume.department_of)
    span = (volume.today - FIRST_DAY).days
    rows = []
    for _ in range(volume.planned("interactions")):
        organisation = rng.choice(companies if rng.random() < 0.8 else everyone)
        kind = rng.choice(InteractionKind.values)
        rows.append(
            Interaction(
                organisation_id=organisation,
                date=FIRST_DAY + timedelta(days=rng.randint(0, span)),
                kind=kind,
                author=volume.author(volume.department_of[organisation]),
                summary=SUMMARIES[kind],
            )
        )
    saved = insert(Interaction, rows, default_user=volume.national_user)
    return {"interactions": len(saved)}
