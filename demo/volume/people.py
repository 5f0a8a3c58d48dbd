"""The generated people: beneficiaries enrolled in the volume's actions, their pathway steps
and follow-ups, with the demo's distributions (``demo.beneficiaries``: names and profile,
sequences of programmes, durations, exit classes, contract types, follow-up situations) and
the issue's counts exactly: 100,000 people, 150,000 enrolments, 1,000,000 steps and 60,000
follow-ups at national scale (issue 11, item 12).

Three choices make the counts exact where the demo's own draws would not:
- who has one, two or three enrolments is dealt so that they add up to `planned("enrolments")`,
  each sequence drawn among the demo's `SEQUENCES` of that length;
- statuses are dealt from a shuffled deck: `planned("follow-ups") / 2` exits (each with its
  6- and 12-month follow-ups), the other enrolments in the demo's mix of abandoned, referred,
  entered and in progress; a person's closed enrolments come first, in sequence, the open
  ones last (in an action running on the demo's today), at times side by side;
- the steps are those of the demo's pathway, topped up with more French modules, rights,
  appointments, immersions… (the volume's people have longer pathways than the demo's) so
  that they add up to `planned("pathway steps")`.

Rows go through ``COPY`` in chunks of `CHUNK` people (memory stays bounded); no history row
is written at this volume and the access log stays empty.
"""

import itertools
from collections import defaultdict, namedtuple
from dataclasses import dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.core.management.base import CommandError

from beneficiaries.choices import (
    EnrolmentStatus,
    HousingSituation,
    ReferralSource,
    RightsKind,
    StepKind,
)
from beneficiaries.models import AGIR_MAX_MONTHS, Beneficiary, Enrolment, FollowUp, PathwayStep
from beneficiaries.names import name_key
from demo.beneficiaries import SEQUENCES, window
from demo.beneficiaries import pathways as demo
from demo.beneficiaries.pathways import days
from demo.beneficiaries.people import person, pick
from demo.beneficiaries.pools import DEMO_COMPANY_SHARE, EMPLOYERS, TRAINERS, Pools
from partners.models import Convention, Organisation
from partners.models import OrganisationKind as Kind
from programmes.models import Action, ActionStatus, Programme

from .copying import CopyWriter, reserve_ids

#: People generated and written at a time.
CHUNK = 2_000
Org = namedtuple("Org", "pk kind department_id name")
Place = namedtuple("Place", "pk code")
Ref = namedtuple("Ref", "pk")
Code = namedtuple("Code", "code")
CLOSED = (EnrolmentStatus.EXITED, EnrolmentStatus.ABANDONED)
#: Enrolments that have not exited, in the demo's mix (seed_demo: 207 abandoned, 27 referred,
#: 28 entered, 560 in progress).
NOT_EXITED = [
    (EnrolmentStatus.ABANDONED, 207),
    (EnrolmentStatus.REFERRED, 27),
    (EnrolmentStatus.ENTERED, 28),
    (EnrolmentStatus.IN_PROGRESS, 560),
]
#: The longest an open enrolment has lasted on the demo's today, by programme (days).
LONGEST = {code: high for code, (_low, high) in demo.DURATIONS.items()}
#: The kinds of the steps added to the demo's pathway, and how often.
EXTRA_KINDS = [
    (StepKind.FRENCH_COURSE, 30),
    (StepKind.RIGHTS, 25),
    (StepKind.OTHER, 25),
    (StepKind.IMMERSION, 10),
    (StepKind.HOUSING, 5),
    (StepKind.PRE_QUALIFICATION, 5),
]
APPOINTMENTS = [
    "Entretien de suivi",
    "Atelier CV et lettre de motivation",
    "Visite d'entreprise",
    "Rendez-vous France Travail",
    "Forum de l'emploi",
    "Atelier numérique",
]


@dataclass(slots=True, eq=False)
class Act:
    """An action as the demo's pathway functions read it, without the ORM's weight."""

    pk: int
    programme: Code
    start_date: object
    end_date: object
    actual_start_date: object
    poec_start: object
    hope_opco: object
    sector: str
    capacity: int
    operator: Ref
    place: Place


class VolumePools(Pools):
    """The demo's employers and training bodies (same kinds, same weight for a convention's
    party, the demo company's share in the Rhône), drawn in O(log n) from cumulative weights;
    a département without any falls back to the whole country."""

    def __init__(self, demo_company, departments):
        self.demo_company = demo_company
        self.employers, self.trainers = defaultdict(dict), defaultdict(dict)
        orgs = {}
        kinds = EMPLOYERS + TRAINERS + (Kind.OPERATOR, Kind.BRANCH)
        for row in Organisation.objects.filter(kind__in=kinds).values_list(
            "pk", "kind", "department_id", "name"
        ):
            orgs[row[0]] = Org(*row)
            self._add_local(orgs[row[0]], departments)
        covered = defaultdict(set)
        for convention, department in Convention.objects.values_list("pk", "departments"):
            if department:
                covered[convention].add(department)
        parties = Convention.objects.values_list("pk", "parties").order_by("pk", "parties")
        for convention, party in parties:
            if party in orgs:
                party = orgs[party]
                where = covered[convention] or departments
                where = {party.department_id} & where if party.department_id else where
                for department in sorted(where):
                    self._add_party(party, department)
        self.employers = {pk: weighted(pool) for pk, pool in self.employers.items()}
        self.trainers = {pk: weighted(pool) for pk, pool in self.trainers.items()}
        self.anywhere = weighted({o: 1 for o in orgs.values() if o.kind in EMPLOYERS})

    @staticmethod
    def department_of(action):
        return action.place

    def employer(self, rng, department, sector=None):
        if self.demo_company.department_id == department.pk and rng.random() < DEMO_COMPANY_SHARE:
            return self.demo_company
        return draw(rng, self.employers.get(department.pk) or self.anywhere)

    def training_body(self, rng, department):
        return draw(rng, self.trainers.get(department.pk) or self.anywhere)


def weighted(pool):
    """(values, cumulative weights) of a {value: weight} dict, or None when empty."""
    if not pool:
        return None
    return list(pool), list(itertools.accumulate(pool.values()))


def draw(rng, pool):
    """One value of a `weighted` pool (None for none)."""
    if pool is None:
        return None
    values, cumulative = pool
    return rng.choices(values, cum_weights=cumulative)[0]


def load_actions(volume):
    """The volume's and the demo's actions that take referrals (`window`), as `Act`s, each
    placed in the first département it covers (by code), as in the demo."""
    places = {pk: Place(pk, code) for code, pk in volume.departments.items()}
    first = {}
    for action, department in Action.objects.values_list("pk", "departments"):
        if department and (action not in first or places[department].code < first[action].code):
            first[action] = places[department]
    fields = ["pk", "programme__code", "start_date", "end_date", "actual_start_date"]
    fields += ["poec_start", "hope_opco_id", "sector", "capacity", "operator_id"]
    rows = Action.objects.exclude(status=ActionStatus.PLANNED).order_by("pk").values_list(*fields)
    actions = []
    for pk, code, start, end, actual, poec, opco, sector, capacity, operator in rows:
        action = Act(
            pk, Code(code), start, end, actual, poec, opco and Ref(opco), sector,
            capacity or 1, Ref(operator), first.get(pk),
        )  # fmt: skip
        if action.place and window(action):
            actions.append(action)
    return actions


class Catalogue:
    """The actions a person may be enrolled in, by programme and by (programme, département),
    all of them or only those running on the demo's today (for open enrolments)."""

    def __init__(self, actions, today):
        self.today = today
        self.all, self.running = defaultdict(list), defaultdict(list)
        for action in actions:
            keys = (action.programme.code, (action.programme.code, action.place.pk), None)
            is_running = action.end_date is None or action.end_date >= today
            for key in keys:
                self.all[key].append(action)
                if is_running:
                    self.running[key].append(action)
        self.by_capacity = {
            key: weighted({a: a.capacity for a in acts}) for key, acts in self.all.items()
        }
        self.running_by_capacity = {
            key: weighted({a: a.capacity for a in acts}) for key, acts in self.running.items()
        }

    def first(self, rng, code, is_open):
        """An action of programme `code`, by capacity (running when `is_open`)."""
        pools = self.running_by_capacity if is_open else self.by_capacity
        return draw(rng, pools.get(code) or pools.get(None) or self.by_capacity[None])

    def next(self, rng, code, place, is_open, used):
        """An action of programme `code` near `place`, else anywhere, not in `used`."""
        lists = self.running if is_open else self.all
        for key in ((code, place.pk), code, None):
            candidates = [a for a in lists.get(key, ()) if a.pk not in used]
            if candidates:
                return rng.choice(candidates)
        return rng.choice([a for a in self.all[None] if a.pk not in used] or self.all[None])


def deal(rng, volume):
    """The number of enrolments of each person and the deck of statuses, shuffled: two lists
    adding up to `planned("enrolments")`. Raises CommandError when the counts cannot fit."""
    people, enrolments = volume.planned("beneficiaries"), volume.planned("enrolments")
    exited = -(-volume.planned("follow-ups") // 2)
    extra = enrolments - people
    threes = extra // 10
    twos = extra - 2 * threes
    if extra < 0 or people - twos - threes < 0 or exited > enrolments:
        raise CommandError("The planned people, enrolments and follow-ups do not fit.")
    counts = [1] * (people - twos - threes) + [2] * twos + [3] * threes
    rng.shuffle(counts)
    rest = enrolments - exited
    total = sum(weight for _status, weight in NOT_EXITED)
    deck = [EnrolmentStatus.EXITED] * exited
    for status, weight in NOT_EXITED[1:]:
        deck += [status] * round(rest * weight / total)
    deck += [NOT_EXITED[0][0]] * (enrolments - len(deck))
    deck = deck[:enrolments]  # at a tiny factor, rounding may overshoot
    rng.shuffle(deck)
    return counts, deck


class Generator:
    """Draws the people of one run; `pathway(count, statuses)` returns one demo `Person` with
    its enrolments (demo `Enrolment`s, steps and follow-ups included). `steps` is (steps to
    write, enrolments with an entry date to draw, follow-ups to write)."""

    def __init__(self, volume, catalogue, pools, steps):
        self.rng, self.today = volume.rng, volume.today
        self.catalogue, self.pools = catalogue, pools
        #: Steps still to write, and enrolments with an entry date still to draw.
        self.steps_left, self.entered_left, self.follow_ups_left = steps

    def pathway(self, count, statuses):
        rng = self.rng
        sequence = pick(rng, [(s, w) for s, w in SEQUENCES if len(s) == count])
        statuses = sorted(statuses, key=lambda status: status not in CLOSED)
        action = self.catalogue.first(rng, sequence[0], statuses[0] not in CLOSED)
        place, used, after = action.place, set(), None
        enrolments = []
        for position, (code, status) in enumerate(zip(sequence, statuses, strict=True)):
            if position:
                action = self.catalogue.next(rng, code, place, status not in CLOSED, used)
            used.add(action.pk)
            last = position == count - 1
            closed_after = sum(1 for s in statuses[position + 1 :] if s in CLOSED)
            enrolment = self.enrolment(action, status, after, last, closed_after)
            enrolments.append(enrolment)
            fields = enrolment.fields
            after = (fields.get("exit_date") or fields.get("entry_date") or self.today) + days(
                rng, 5, 60
            )
        first_referral = min(e.fields["referral_date"] for e in enrolments)
        someone = person(rng, place, first_referral, enrolments[0].action.operator)
        someone.enrolments = enrolments
        return someone

    def enrolment(self, action, status, after, last, closed_after):
        """A demo `Enrolment` in `action` with `status`, referred after `after` (a date or
        None) when it can be, leaving room for `closed_after` closed enrolments."""
        rng, code = self.rng, action.programme.code
        source = ReferralSource.OFII if code in (Programme.AGIR, Programme.HOPE) else None
        source = source or pick(rng, [(s, 1) for s in ReferralSource])
        if status == EnrolmentStatus.REFERRED:
            first, _last = window(action)
            referral = max(first, self.today - days(rng, 0, 60))
            fields = {"referral_date": referral, "referral_source": source, "status": status}
            return demo.Enrolment(action, fields)
        if status in CLOSED:
            referral, entry, planned_exit = self.closed_dates(action, after, last, closed_after)
        else:
            referral, entry = self.open_dates(action, status, after)
            planned_exit = self.today
        fields = {"referral_date": referral, "referral_source": source, "entry_date": entry}
        result = demo.Enrolment(action, fields)
        if status == EnrolmentStatus.ABANDONED:
            demo._abandoned(rng, result, entry, planned_exit, self.pools)
        elif status == EnrolmentStatus.EXITED:
            self.exit(result, entry, planned_exit, last)
        else:
            fields["status"] = status
            result.steps = demo.accompaniment(rng, action, entry, self.today, self.pools)
        end = result.fields.get("exit_date") or self.today
        self.fit(result, entry, end)
        return result

    def exit(self, result, entry, exit_date, last):
        rng, action, code = self.rng, result.action, result.action.programme.code
        result.outcome = pick(
            rng, demo.OUTCOMES[code] if last else [(demo.POSITIVE, 1), (demo.OTHER, 2)]
        )
        result.fields.update(status=EnrolmentStatus.EXITED, exit_date=exit_date)
        result.fields["exit_reason"] = demo.exit_reason(rng, result.outcome, code)
        result.steps = demo.accompaniment(rng, action, entry, exit_date, self.pools)
        result.steps += demo.outcome_steps(
            rng, result.outcome, action, entry, exit_date, self.pools
        )
        follow_ups = demo.follow_ups(rng, result.outcome, exit_date, result.steps)
        result.follow_ups = follow_ups[: self.follow_ups_left]  # odd count: one 6-month only
        self.follow_ups_left -= len(result.follow_ups)

    def closed_dates(self, action, after, last, closed_after):
        """(referral, entry, planned exit) of an enrolment that has ended by the demo's today:
        the demo's durations, within the action and before today."""
        rng, code, today = self.rng, action.programme.code, self.today
        first, latest = window(action)
        if after and after <= latest:
            first = after
        if code == Programme.HOPE:
            entry = max(action.start_date, first)
            referral = entry - days(rng, 10, 40)
            planned_exit = action.end_date or entry + timedelta(days=120)
        else:
            span = (latest - first).days // (closed_after + 1)
            referral = first + days(rng, 0, span)
            entry = min(referral + days(rng, 5, 35), today)
            planned_exit = entry + days(rng, *(demo.DURATIONS[code] if last else (60, 150)))
            if code == Programme.AGIR:
                planned_exit = min(planned_exit, entry + relativedelta(months=AGIR_MAX_MONTHS))
        ends = [today, planned_exit] + ([action.end_date] if action.end_date else [])
        return referral, entry, max(entry, min(ends))

    def open_dates(self, action, status, after):
        """(referral, entry) of an enrolment entered (in the last 30 days) or in progress on
        the demo's today, within the programme's longest duration."""
        rng, code, today = self.rng, action.programme.code, self.today
        first, _latest = window(action)
        if code == Programme.HOPE:
            entry = min(action.start_date, today)
            return entry - days(rng, 10, 40), entry
        if status == EnrolmentStatus.ENTERED:
            low, high = today - timedelta(days=29), today
        else:
            low = today - timedelta(days=LONGEST[code] - 1)
            high = today - timedelta(days=30)
        low = max(low, first, after or first)
        entry = max(first, min(high, low + days(rng, 0, max(0, (high - low).days))))
        entry = min(entry, today)
        return entry - days(rng, 5, 35), entry

    def fit(self, result, entry, end):
        """Bring the steps of `result` to its share of the steps left: drop some (jobs last)
        or add `extra` ones between `entry` and `end` (dates)."""
        average = self.steps_left / self.entered_left
        if self.entered_left == 1:
            target = self.steps_left
        elif self.entered_left > 100:
            target = round(average * self.rng.uniform(0.5, 1.5))
        else:
            target = round(average)
        target = max(0, min(target, self.steps_left))
        steps = result.steps
        if len(steps) > target:
            jobs = [step for step in steps if step.fields["kind"] == StepKind.JOB]
            steps = (jobs + [step for step in steps if step.fields["kind"] != StepKind.JOB])[
                :target
            ]
        while len(steps) < target:
            steps.append(self.extra(result.action, entry, end))
        result.steps = steps
        self.steps_left -= len(steps)
        self.entered_left -= 1

    def extra(self, action, entry, end):
        """One more step between `entry` and `end` (dates), of a kind of `EXTRA_KINDS`."""
        rng, place = self.rng, action.place
        start = entry + days(rng, 0, max(0, (end - entry).days))
        kind = pick(rng, EXTRA_KINDS)
        if kind == StepKind.FRENCH_COURSE:
            return demo.french_course(rng, start, end)
        length, fields = 0, {}
        if kind == StepKind.RIGHTS:
            fields["rights"] = pick(rng, [(right, 1) for right in RightsKind])
        elif kind == StepKind.OTHER:
            fields["notes"] = rng.choice(APPOINTMENTS)
        elif kind == StepKind.HOUSING:
            fields["housing"] = pick(rng, [(h, 1) for h in HousingSituation])
        elif kind == StepKind.IMMERSION:
            length = 14
            fields["organisation"] = self.pools.employer(rng, place, action.sector)
            fields["occupation"] = demo.occupation(rng, action.sector)
        else:
            length = 60
            fields["organisation"] = self.pools.training_body(rng, place)
        return demo._step(kind, start, end, length=length, **fields)


def write(people, writers):
    """COPY one chunk of `people` (demo `Person`s) with their enrolments, steps and
    follow-ups; `writers` holds a CopyWriter per model. Returns the counts written."""
    enrolments = [(p, e) for p in people for e in p.enrolments]
    for someone, pk in zip(people, reserve_ids(Beneficiary, len(people)), strict=True):
        someone.fields["id"] = pk
        someone.fields["name_key"] = name_key(
            someone.fields["first_name"], someone.fields["last_name"]
        )
    for (_someone, enrolment), pk in zip(
        enrolments, reserve_ids(Enrolment, len(enrolments)), strict=True
    ):
        enrolment.fields["id"] = pk
    counts = {"beneficiaries": writers[Beneficiary].write(p.fields for p in people)}
    counts["enrolments"] = writers[Enrolment].write(
        {**e.fields, "beneficiary_id": p.fields["id"], "action_id": e.action.pk}
        for p, e in enrolments
    )
    counts["pathway steps"] = writers[PathwayStep].write(
        {**step.fields, "beneficiary_id": p.fields["id"], "enrolment_id": e.fields["id"]}
        for p, e in enrolments
        for step in e.steps
    )
    counts["follow-ups"] = writers[FollowUp].write(
        {**row, "enrolment_id": e.fields["id"]} for _p, e in enrolments for row in e.follow_ups
    )
    return counts


def beneficiaries(volume):
    """Write `planned("beneficiaries")` people with `planned("enrolments")` enrolments in the
    actions that take referrals, `planned("pathway steps")` steps and `planned("follow-ups")`
    follow-ups, `CHUNK` people at a time. Returns the counts written; raises CommandError
    when no action takes referrals."""
    actions = load_actions(volume)
    if not actions:
        raise CommandError("No action takes referrals: nobody can be enrolled.")
    demo_company = Organisation.objects.values_list("pk", "kind", "department_id", "name")
    pools = VolumePools(
        Org(*demo_company.get(pk=volume.demo_company)), {a.place.pk for a in actions}
    )
    counts, deck = deal(volume.rng, volume)
    entered = sum(1 for status in deck if status != EnrolmentStatus.REFERRED)
    budget = (volume.planned("pathway steps"), entered, volume.planned("follow-ups"))
    generator = Generator(volume, Catalogue(actions, volume.today), pools, budget)
    writers = {model: CopyWriter(model) for model in (PathwayStep, FollowUp)}
    writers.update({model: CopyWriter(model, with_id=True) for model in (Beneficiary, Enrolment)})
    totals = dict.fromkeys(["beneficiaries", "enrolments", "pathway steps", "follow-ups"], 0)
    dealt = 0
    for start in range(0, len(counts), CHUNK):
        chunk = []
        for count in counts[start : start + CHUNK]:
            chunk.append(generator.pathway(count, deck[dealt : dealt + count]))
            dealt += count
        for kind, number in write(chunk, writers).items():
            totals[kind] += number
    return totals
