"""Generated leads at every status over five years, the conventions they led to (and others,
national and territorial) with their objectives, and the history of each lead's steps."""

import copy
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from config.vocabularies import OBJECTIVE_INDICATORS, Sector
from partners.models import Convention, ConventionObjective, ConventionStatus, HelpWanted, Lead
from partners.models import LeadStatus as Status
from partners.models import OrganisationKind as Kind
from partners.models.convention import ConventionScope

from .context import BATCH_SIZE, CHANGE_REASON, DEPARTMENTS, insert, link

FIRST_DAY = date(2022, 1, 1)
#: Share of each final status among the generated leads.
STATUS_WEIGHTS = {
    Status.NEW: 20,
    Status.CONTACTED: 20,
    Status.QUALIFIED: 20,
    Status.CONVENTION: 15,
    Status.NOT_PURSUED: 25,
}
#: The steps a lead went through to reach its final status, with the days each took.
STEPS = {
    Status.NEW: [],
    Status.CONTACTED: [(Status.CONTACTED, 1, 10)],
    Status.QUALIFIED: [(Status.CONTACTED, 1, 10), (Status.QUALIFIED, 5, 40)],
    Status.CONVENTION: [
        (Status.CONTACTED, 1, 10),
        (Status.QUALIFIED, 5, 40),
        (Status.CONVENTION, 20, 120),
    ],
    Status.NOT_PURSUED: [(Status.NOT_PURSUED, 3, 60)],
}
REASONS = [
    "Pas de recrutement prévu cette année.",
    "L'entreprise ne donne pas suite après le premier échange.",
    "Besoin couvert par une autre structure.",
]
PARTNERS = (Kind.OPERATOR, Kind.FRANCE_TRAVAIL, Kind.GEIQ, Kind.ASSOCIATION)
NATIONAL_PARTIES = (Kind.OPCO, Kind.BRANCH, Kind.GEIQ)


def moment(rng, day, hour_from=8, hour_to=18):
    """An aware datetime on `day` at a random working hour."""
    at = time(rng.randint(hour_from, hour_to - 1), rng.randrange(0, 60, 5))
    return timezone.make_aware(datetime.combine(day, at))


def leads(volume):
    """Write `planned("leads")` leads of companies, their conventions (with objectives) and
    their history rows (created as new, then one row per step, dated)."""
    rng = volume.rng
    companies = [pk for pk in volume.by_kind[Kind.COMPANY] if volume.department_of[pk]]
    total = volume.planned("leads")
    statuses = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()), k=total)
    specs = [_lead(volume, rng.choice(companies), status) for status in statuses]
    counts = conventions(volume, [lead for lead in specs if lead.status == Status.CONVENTION])
    saved = Lead.objects.bulk_create(specs, batch_size=BATCH_SIZE)
    first, later = [], []
    for lead in saved:
        for state in lead._history_states:
            state.pk = lead.pk
        first.append(lead._history_states[0])
        later += lead._history_states[1:]
    history = {"batch_size": BATCH_SIZE, "default_change_reason": CHANGE_REASON}
    Lead.history.bulk_history_create(first, **history)
    Lead.history.bulk_history_create(later, update=True, **history)
    return {"leads": len(saved), "lead history rows": len(first) + len(later), **counts}


def _lead(volume, company, status):
    """An unsaved lead reaching `status`; its `_history_states` are its state when submitted
    and after each step (copies whose `_history_date` and `_history_user` date and sign its
    history rows)."""
    rng, department = volume.rng, volume.department_of[company]
    span = (volume.today - FIRST_DAY).days
    days_ago = rng.randint(0, 90) if status == Status.NEW else rng.randint(30, span)
    submitted = moment(rng, volume.today - timedelta(days=days_ago))
    contacts = volume.contacts_of.get(company)
    lead = Lead(
        organisation_id=company,
        department_id=department,
        contact_id=contacts[0] if contacts else None,
        sectors=rng.sample(Sector.values, rng.randint(1, 2)),
        jobs_offered="Agents de production, préparateurs de commandes",
        positions=rng.randint(1, 12),
        hires_planned=rng.randint(1, 20),
        help_wanted=rng.sample(HelpWanted.values, rng.randint(1, 3)),
        submitted_at=submitted,
    )
    limit = moment(rng, volume.today, 17, 18)
    lead._history_date, lead._history_user = submitted, None
    states, when = [copy.copy(lead)], submitted
    author = volume.author(department)
    for step, shortest, longest in STEPS[status]:
        when = min(when + timedelta(days=rng.randint(shortest, longest)), limit)
        lead.assignee = author
        if step == Status.NOT_PURSUED:
            lead.not_pursued_reason = rng.choice(REASONS)
        lead.set_status(step, when)
        lead._history_date, lead._history_user = when, author
        states.append(copy.copy(lead))
    lead._history_states = states
    return lead


def conventions(volume, signed_leads):
    """Write a convention for each lead of `signed_leads` (linking them), then national and
    territorial ones up to `planned("conventions")`, with `planned("objectives")` objectives
    over them. Returns the counts."""
    specs = [_from_lead(volume, lead) for lead in signed_leads]
    others = max(0, volume.planned("conventions") - len(specs))
    specs += [_other(volume, index) for index in range(others)]
    rhone = volume.departments["69"]
    territorial = [s for s in specs if s[2] == [rhone] and s[0].status != ConventionStatus.DRAFT]
    for spec in territorial[:5]:
        spec[1].append(volume.demo_company)
    for spec in territorial[5:8]:
        spec[1].append(volume.demo_operator)
    saved = insert(Convention, [spec[0] for spec in specs], default_user=volume.national_user)
    for lead, convention in zip(signed_leads, saved[: len(signed_leads)], strict=True):
        lead.convention_id = convention.pk
        lead._history_states[-1].convention_id = convention.pk
    parties = {(c.pk, party) for c, spec in zip(saved, specs, strict=True) for party in spec[1]}
    places = {
        (c.pk, department) for c, spec in zip(saved, specs, strict=True) for department in spec[2]
    }
    link(Convention, "parties", sorted(parties))
    link(Convention, "departments", sorted(places))
    objectives = _objectives(volume, [(c, spec[2]) for c, spec in zip(saved, specs, strict=True)])
    return {"conventions": len(saved), "objectives": objectives}


def _dates(rng, today, signed_on):
    """Start, end and status of a convention signed on `signed_on`."""
    start = signed_on + timedelta(days=rng.randint(0, 30))
    end = start + timedelta(days=365 * rng.randint(1, 3))
    if start > today:
        return start, end, ConventionStatus.SIGNED
    if end < today:
        return start, end, rng.choice([ConventionStatus.ENDED, ConventionStatus.RENEWED])
    return start, end, ConventionStatus.ACTIVE


def _from_lead(volume, lead):
    """(convention, party ids, département ids) for a lead whose convention is signed."""
    rng, department = volume.rng, lead.department_id
    signed_on = timezone.localtime(lead.closed_at).date()
    start, end, status = _dates(rng, volume.today, signed_on)
    code = volume.codes[department]
    convention = Convention(
        title=f"Convention {volume.org_names[lead.organisation_id]} – {volume.names[code]}",
        scope=ConventionScope.TERRITORIAL,
        signed_on=signed_on,
        start_date=start,
        end_date=end,
        status=status,
        owner=volume.author(department),
    )
    parties = [lead.organisation_id] + volume.pick(PARTNERS, department, rng.randint(0, 1))
    return convention, parties, [department]


def _other(volume, index):
    """(convention, party ids, département ids) of a convention without a lead: national
    with branch bodies, OPCO and GEIQ, or territorial with local partners; some drafts."""
    rng = volume.rng
    signed_on = FIRST_DAY + timedelta(days=rng.randint(0, (volume.today - FIRST_DAY).days))
    start, end, status = _dates(rng, volume.today, signed_on)
    draft = rng.random() < 0.15
    if rng.random() < 0.4:
        parties, places, where = volume.pick(NATIONAL_PARTIES, None, 2), [], "nationale"
    else:
        codes, weights = volume.weights()
        code = rng.choices(codes, weights)[0]
        places = [volume.departments[code]]
        parties, where = volume.pick(PARTNERS, places[0], 2), DEPARTMENTS[code][0]
    convention = Convention(
        title=f"Convention de partenariat {where} n° {index + 1}",
        scope=ConventionScope.TERRITORIAL if places else ConventionScope.NATIONAL,
        signed_on=None if draft else signed_on,
        start_date=start,
        end_date=end,
        status=ConventionStatus.DRAFT if draft else status,
        owner=volume.national_user,
    )
    return convention, parties, places


def _objectives(volume, conventions):
    """Write `planned("objectives")` objectives: one per convention, the rest drawn among
    them. Returns how many were written."""
    rng = volume.rng
    chosen = list(conventions)
    extra = max(0, volume.planned("objectives") - len(chosen))
    chosen += rng.choices(conventions, k=extra) if conventions else []
    rows = []
    for convention, places in chosen:
        end = convention.end_date or convention.start_date + timedelta(days=365)
        rows.append(
            ConventionObjective(
                convention_id=convention.pk,
                indicator=rng.choice(OBJECTIVE_INDICATORS)[0],
                target=rng.randint(5, 200),
                period_start=convention.start_date,
                period_end=end,
                department_id=rng.choice(places) if places and rng.random() < 0.5 else None,
            )
        )
    insert(ConventionObjective, rows, default_user=volume.national_user)
    return len(rows)
