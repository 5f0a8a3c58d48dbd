"""Demonstration beneficiaries for ``seed_demo``, on top of the demo actions
(``demo.programmes``) and partnerships (``demo.partnerships``): about 2,000 people with the
published AGIR entry profile (``people``), enrolled in the demo actions — some in two or three
programmes in sequence (HOPE, then PIC, then AGIR) — with their pathway steps, exits of every
class and follow-ups at every state (``pathways``). Hires, trainings and immersions happen at
the demo partner companies and training bodies, the parties of the demo conventions first, so
that convention objectives show progress; the demo company “Bâtiments du Lyonnais” hires in
the Rhône.

Every choice comes from a seeded ``random.Random`` and dates are fixed around
``REFERENCE_DAY``, so a re-run builds the same people and inserts only those missing, found by
(last name, first name, birth date) — with everything of theirs. Rows are bulk-inserted
without their history, as elsewhere in the demo.
"""

import random
from collections import Counter
from datetime import date, timedelta

from beneficiaries.models import Beneficiary, Enrolment, FollowUp, PathwayStep
from programmes.models import Action, ActionStatus, Programme

from ..partnerships.dates import REFERENCE_DAY
from . import pathways
from .people import person, pick
from .pools import Pools

PEOPLE = 2000
SEED = 20261127
#: The programmes a person passes through, in order, and how often.
SEQUENCES = [
    ((Programme.AGIR,), 52),
    ((Programme.PIC,), 18),
    ((Programme.HOPE,), 7),
    ((Programme.CTAI,), 6),
    ((Programme.PIC, Programme.AGIR), 8),
    ((Programme.HOPE, Programme.AGIR), 4),
    ((Programme.HOPE, Programme.PIC, Programme.AGIR), 3),
    ((Programme.CTAI, Programme.AGIR), 2),
]
#: People are referred from this day on (earlier PIC projects are left empty).
FIRST_DAY = date(2021, 1, 4)


def window(action):
    """The days (first, last) an action takes referrals in the demo, or None."""
    first = max(action.actual_start_date or action.start_date, FIRST_DAY)
    last = min(action.end_date or REFERENCE_DAY, REFERENCE_DAY) - timedelta(days=20)
    return (first, last) if first < last else None


class Seeder:
    def __init__(self, demo_company):
        self.rng = random.Random(SEED)
        actions = (
            Action.objects.exclude(status=ActionStatus.PLANNED)
            .select_related("programme", "operator", "hope_opco")
            .prefetch_related("departments")
            .order_by("title")
        )
        self.actions = [action for action in actions if window(action)]
        self.pools = Pools(demo_company, self.actions)
        self.created = Counter()

    def first_action(self, code, sequence_length):
        """An action of the programme, by capacity; for a sequence, one that leaves time for
        the next programmes before the demo's today."""
        candidates = [a for a in self.actions if a.programme.code == code]
        if sequence_length > 1:
            room = timedelta(days=240 * (sequence_length - 1))
            early = [a for a in candidates if (a.end_date or REFERENCE_DAY) <= REFERENCE_DAY - room]
            candidates = early or [a for a in candidates if window(a)[0] <= REFERENCE_DAY - room]
        return pick(self.rng, [(action, action.capacity or 1) for action in candidates])

    def next_action(self, code, department):
        candidates = [
            a
            for a in self.actions
            if a.programme.code == code and department in self.pools.departments_of(a)
        ]
        return self.rng.choice(candidates) if candidates else None

    def first_referral(self, action, sequence_length):
        if action.programme.code == Programme.HOPE:
            return action.start_date - pathways.days(self.rng, 10, 40)
        first, last = window(action)
        span = (last - first).days // sequence_length
        return first + timedelta(days=self.rng.randint(0, span))

    def pathway(self):
        """One Person and their enrolments, in sequence."""
        sequence = pick(self.rng, SEQUENCES)
        action = self.first_action(sequence[0], len(sequence))
        department = self.pools.department_of(action)
        referral = self.first_referral(action, len(sequence))
        someone = person(self.rng, department, referral, action.operator)
        for position, code in enumerate(sequence):
            if position:
                action = self.next_action(code, department)
                if action is None or window(action) is None:
                    break
                referral = max(referral, window(action)[0])
                if referral > window(action)[1]:
                    break
            last = position == len(sequence) - 1
            enrolment = pathways.enrolment(self.rng, action, referral, self.pools, last=last)
            someone.enrolments.append(enrolment)
            exit_date = enrolment.fields.get("exit_date")
            if enrolment.fields["status"] != "exited":
                break
            referral = exit_date + pathways.days(self.rng, 5, 60)
        return someone

    def people(self):
        """PEOPLE Persons, each with a unique (last name, first name, birth date)."""
        people, keys = [], set()
        for _n in range(PEOPLE):
            someone = self.pathway()
            while someone.key in keys:
                someone.fields["birth_date"] -= timedelta(days=1)
            keys.add(someone.key)
            people.append(someone)
        return people

    def save(self, people):
        """Insert the people not in the database yet, with their enrolments, steps and
        follow-ups: four bulk inserts."""
        existing = set(
            Beneficiary.objects.values_list("last_name", "first_name", "birth_date").iterator()
        )
        new = [someone for someone in people if someone.key not in existing]
        beneficiaries = Beneficiary.objects.bulk_create(
            [Beneficiary(**someone.fields) for someone in new], batch_size=1000
        )
        enrolments, specs = [], []
        for beneficiary, someone in zip(beneficiaries, new, strict=True):
            for spec in someone.enrolments:
                enrolments.append(
                    Enrolment(beneficiary=beneficiary, action=spec.action, **spec.fields)
                )
                specs.append(spec)
        Enrolment.objects.bulk_create(enrolments, batch_size=1000)
        steps = [
            PathwayStep(beneficiary=enrolment.beneficiary, enrolment=enrolment, **step.fields)
            for enrolment, spec in zip(enrolments, specs, strict=True)
            for step in spec.steps
        ]
        PathwayStep.objects.bulk_create(steps, batch_size=2000)
        follow_ups = [
            FollowUp(enrolment=enrolment, **row)
            for enrolment, spec in zip(enrolments, specs, strict=True)
            for row in spec.follow_ups
        ]
        FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
        self.created.update(
            beneficiaries=len(beneficiaries),
            enrolments=len(enrolments),
            **{"pathway steps": len(steps), "follow-ups": len(follow_ups)},
        )


def seed(demo_company):
    """Create the missing demo beneficiaries and their pathways; ``demo_company`` (seed_demo's
    “Bâtiments du Lyonnais”) hires some of those living in the Rhône. Returns the counts of
    created rows."""
    seeder = Seeder(demo_company)
    seeder.save(seeder.people())
    return dict(seeder.created)
