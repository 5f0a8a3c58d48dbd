"""The demo enrolments, pathway steps and follow-ups of one person: dated facts from referral
to the follow-ups after exit, with exits of every class (durable, transitional, positive,
other, abandonment) in the proportions a programme of its kind reports."""

from dataclasses import dataclass, field
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from beneficiaries.choices import (
    CHOSEN_REFERRAL_SOURCES,
    AbandonReason,
    ContractType,
    EnrolmentStatus,
    ExitReason,
    FollowUpSituation,
    FrenchLevel,
    HousingSituation,
    ReferralSource,
    RightsKind,
    StepKind,
    StepStatus,
)
from beneficiaries.models import AGIR_MAX_MONTHS, FOLLOW_UP_MONTHS
from programmes.models import Programme

from ..partnerships.dates import REFERENCE_DAY
from .names import OCCUPATIONS, TRAININGS
from .people import pick

DURABLE, TRANSITIONAL, POSITIVE, OTHER = "durable", "transitional", "positive", "other"
#: Exit classes of the exits (abandonments apart), by programme: HOPE reports about 65–72 % in a
#: job at exit; AGIR targets 60 % into job or training.
OUTCOMES = {
    Programme.HOPE: [(DURABLE, 66), (TRANSITIONAL, 8), (POSITIVE, 6), (OTHER, 20)],
    Programme.PIC: [(DURABLE, 30), (TRANSITIONAL, 20), (POSITIVE, 20), (OTHER, 30)],
    Programme.AGIR: [(DURABLE, 27), (TRANSITIONAL, 18), (POSITIVE, 16), (OTHER, 39)],
    Programme.CTAI: [(DURABLE, 24), (TRANSITIONAL, 26), (POSITIVE, 15), (OTHER, 35)],
}
DURABLE_CONTRACTS = [
    (ContractType.CDI, 36),
    (ContractType.CDD_6_MONTHS_OR_MORE, 20),
    (ContractType.TEMPORARY_6_MONTHS_OR_MORE, 10),
    (ContractType.APPRENTICESHIP, 9),
    (ContractType.PROFESSIONALISATION, 16),
    (ContractType.CIVIL_SERVICE, 3),
    (ContractType.BUSINESS_CREATION, 6),
]
TRANSITIONAL_CONTRACTS = [
    (ContractType.CDD_UNDER_6_MONTHS, 45),
    (ContractType.TEMPORARY_UNDER_6_MONTHS, 35),
    (ContractType.IAE, 20),
]
#: Days an enrolment lasts, by programme (AGIR: up to 24 months; HOPE: the session).
DURATIONS = {Programme.PIC: (120, 365), Programme.AGIR: (180, 730), Programme.CTAI: (60, 270)}
ABANDON_SHARE = 0.12


@dataclass
class Step:
    fields: dict


@dataclass
class Enrolment:
    action: object
    fields: dict
    steps: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    outcome: str = ""


def days(rng, low, high):
    return timedelta(days=rng.randint(low, high))


def enrolment(rng, action, referral, pools, last=True):
    """An Enrolment in `action` referred on `referral` (a date), with its steps and follow-ups;
    `pools` gives employers and training bodies; `last`: the last of the person's pathway (an
    earlier one ends without a job: the person moves on to the next programme)."""
    code = action.programme.code
    if code == Programme.HOPE:
        entry, planned_exit = action.start_date, action.end_date
    else:
        entry = referral + days(rng, 5, 35)
        planned_exit = entry + days(rng, *(DURATIONS[code] if last else (60, 150)))
        if code == Programme.AGIR:
            planned_exit = min(planned_exit, entry + relativedelta(months=AGIR_MAX_MONTHS))
        if action.end_date:
            planned_exit = min(planned_exit, max(entry, action.end_date))
    source = ReferralSource.OFII if code in (Programme.AGIR, Programme.HOPE) else None
    fields = {
        "referral_date": referral,
        "referral_source": source or pick(rng, [(s, 1) for s in CHOSEN_REFERRAL_SOURCES]),
    }
    if entry > REFERENCE_DAY or rng.random() < 0.02:
        return _never_entered(rng, action, fields, referral)
    fields["entry_date"] = entry
    result = Enrolment(action, fields)
    if planned_exit > REFERENCE_DAY:
        recent = REFERENCE_DAY - entry < timedelta(days=30)
        fields["status"] = EnrolmentStatus.ENTERED if recent else EnrolmentStatus.IN_PROGRESS
        result.steps = accompaniment(rng, action, entry, REFERENCE_DAY, pools)
        return result
    if rng.random() < ABANDON_SHARE:
        return _abandoned(rng, result, entry, planned_exit, pools)
    result.outcome = pick(rng, OUTCOMES[code]) if last else pick(rng, [(POSITIVE, 1), (OTHER, 2)])
    fields.update(status=EnrolmentStatus.EXITED, exit_date=planned_exit)
    fields["exit_reason"] = exit_reason(rng, result.outcome, code)
    result.steps = accompaniment(rng, action, entry, planned_exit, pools)
    result.steps += outcome_steps(rng, result.outcome, action, entry, planned_exit, pools)
    result.follow_ups = follow_ups(rng, result.outcome, planned_exit, result.steps)
    return result


def _never_entered(rng, action, fields, referral):
    if referral + timedelta(days=60) < REFERENCE_DAY and rng.random() < 0.5:
        fields.update(
            status=EnrolmentStatus.ABANDONED,
            exit_date=referral + days(rng, 15, 50),
            abandon_reason=pick(rng, [(AbandonReason.NO_CONTACT, 3), (AbandonReason.DECLINED, 1)]),
        )
    else:
        fields["status"] = EnrolmentStatus.REFERRED
    return Enrolment(action, fields)


def _abandoned(rng, result, entry, planned_exit, pools):
    left = entry + timedelta(days=rng.randint(0, max(0, (planned_exit - entry).days)))
    result.fields.update(
        status=EnrolmentStatus.ABANDONED,
        exit_date=left,
        abandon_reason=pick(rng, [(reason, 1) for reason in AbandonReason]),
    )
    result.outcome = OTHER
    result.steps = accompaniment(rng, result.action, entry, left, pools)
    return result


def exit_reason(rng, outcome, code):
    if code == Programme.AGIR and rng.random() < 0.2:
        return ExitReason.END_OF_PROGRAMME
    if outcome in (DURABLE, TRANSITIONAL):
        return ExitReason.JOB if rng.random() < 0.7 else ExitReason.COMPLETED
    if outcome == POSITIVE:
        return ExitReason.TRAINING
    return pick(
        rng,
        [
            (ExitReason.COMPLETED, 4),
            (ExitReason.MOVED, 2),
            (ExitReason.REORIENTED, 2),
            (ExitReason.OTHER, 1),
        ],
    )


def accompaniment(rng, action, entry, end, pools):
    """The steps between entry and `end` (a date): diagnostic, French course, rights, sometimes
    an immersion, a pre-qualification or (AGIR) a new home."""
    code, department = action.programme.code, pools.department_of(action)
    steps = [_step(StepKind.DIAGNOSTIC, entry + days(rng, 2, 25), end)]
    if code == Programme.HOPE or rng.random() < 0.75:
        steps.append(french_course(rng, entry + days(rng, 7, 40), end))
    if code == Programme.HOPE:
        start = action.poec_start or entry + timedelta(weeks=10)
        steps.append(_step(StepKind.POEC, start, end, length=84, organisation=action.hope_opco))
    if rng.random() < 0.6:
        rights = pick(rng, [(kind, 1) for kind in RightsKind])
        steps.append(
            _step(StepKind.RIGHTS, entry + days(rng, 10, 90), end, length=0, rights=rights)
        )
    if rng.random() < 0.25:
        host = pools.employer(rng, department, action.sector)
        steps.append(
            _step(
                StepKind.IMMERSION,
                entry + days(rng, 40, 200),
                end,
                length=14,
                organisation=host,
                occupation=occupation(rng, action.sector),
            )
        )
    if code != Programme.HOPE and rng.random() < 0.15:
        steps.append(
            _step(
                StepKind.PRE_QUALIFICATION,
                entry + days(rng, 30, 150),
                end,
                length=60,
                organisation=pools.training_body(rng, department),
            )
        )
    if code == Programme.AGIR and rng.random() < 0.3:
        housing = pick(
            rng,
            [
                (HousingSituation.TENANCY, 6),
                (HousingSituation.HOSTED, 2),
                (HousingSituation.OTHER, 2),
            ],
        )
        steps.append(
            _step(StepKind.HOUSING, entry + days(rng, 60, 400), end, length=0, housing=housing)
        )
    return [step for step in steps if step is not None]


def french_course(rng, start, end):
    """A French course (OFII or the operator's), with a DELF certificate for some."""
    level = pick(rng, [(FrenchLevel.A1, 4), (FrenchLevel.A2, 4), (FrenchLevel.B1, 2)])
    step = _step(
        StepKind.FRENCH_COURSE,
        start,
        end,
        length=rng.randint(60, 150),
        course_hours=rng.choice([100, 200, 300, 400, 600]),
        french_level_reached=level,
    )
    if step and step.fields.get("end_date") and rng.random() < 0.35:
        step.fields.update(certification=f"DELF {level}", certified=True)
    return step


def _step(kind, start, end, length=None, **fields):
    """A step of `kind` starting on `start`, if it starts by `end`: completed when it lasts
    `length` days and is over by the demo's today, else started."""
    if start > end:
        return None
    finish = None if length is None else start + timedelta(days=length)
    done = finish is not None and finish <= REFERENCE_DAY
    fields = {"kind": kind, "start_date": start, **fields}
    if done:
        fields["end_date"] = finish
    fields["status"] = StepStatus.COMPLETED if done or length is None else StepStatus.STARTED
    return Step(fields)


def occupation(rng, sector):
    return rng.choice(OCCUPATIONS.get(sector) or sum(OCCUPATIONS.values(), []))


def outcome_steps(rng, outcome, action, entry, exit_date, pools):
    """The steps that make the exit's class: a job, a training, or for "other" nothing, a
    training only planned, a job ended before the exit or one found too late."""
    department, sector = pools.department_of(action), action.sector
    if outcome == DURABLE:
        contracts = DURABLE_CONTRACTS
        if action.programme.code == Programme.HOPE:
            contracts = [(ContractType.PROFESSIONALISATION, 8), (ContractType.CDI, 2)]
        start = max(entry, exit_date - days(rng, 0, 60))
        if rng.random() < 0.2 and exit_date + timedelta(days=25) <= REFERENCE_DAY:
            start = exit_date + days(rng, 1, 25)  # signed at the exit, started just after
        return [job(rng, pools, department, sector, start, pick(rng, contracts))]
    if outcome == TRANSITIONAL:
        start = max(entry, exit_date - days(rng, 0, 30))
        step = job(rng, pools, department, sector, start, pick(rng, TRANSITIONAL_CONTRACTS))
        step.fields["end_date"] = max(exit_date, start + days(rng, 60, 170))
        if step.fields["end_date"] <= REFERENCE_DAY:
            step.fields["status"] = StepStatus.COMPLETED
        return [step]
    if outcome == POSITIVE:
        return [training(rng, pools, department, max(entry, exit_date - days(rng, 0, 20)))]
    variant = rng.random()
    if variant < 0.15:
        step = training(rng, pools, department, exit_date + days(rng, 10, 40))
        step.fields.update(status=rng.choice([StepStatus.PLANNED, StepStatus.CANCELLED]))
        step.fields.pop("end_date", None)
        step.fields["certified"] = False
        return [step]
    if variant < 0.3 and exit_date - entry > timedelta(days=90):
        step = job(
            rng,
            pools,
            department,
            sector,
            entry + days(rng, 20, 40),
            ContractType.CDD_UNDER_6_MONTHS,
        )
        step.fields.update(
            end_date=step.fields["start_date"] + timedelta(days=45), status=StepStatus.COMPLETED
        )
        return [step]
    if variant < 0.4 and exit_date + timedelta(days=60) < REFERENCE_DAY:
        return [
            job(
                rng,
                pools,
                department,
                sector,
                exit_date + days(rng, 45, 60),
                pick(rng, DURABLE_CONTRACTS),
            )
        ]
    return []


def job(rng, pools, department, sector, start, contract_type):
    return Step(
        {
            "kind": StepKind.JOB,
            "status": StepStatus.STARTED,
            "start_date": start,
            "organisation": pools.employer(rng, department, sector),
            "contract_type": contract_type,
            "weekly_hours": rng.choice([24, 28, 30, 35, 35, 35, 39]),
            "occupation": occupation(rng, sector),
        }
    )


def training(rng, pools, department, start):
    title, _kind = rng.choice(TRAININGS)
    kind = pick(
        rng, [(StepKind.TRAINING, 55), (StepKind.POEC, 25), (StepKind.PRE_QUALIFICATION, 20)]
    )
    length = rng.randint(60, 240)
    end = start + timedelta(days=length)
    done = end <= REFERENCE_DAY
    return Step(
        {
            "kind": kind,
            "status": StepStatus.COMPLETED if done else StepStatus.STARTED,
            "start_date": start,
            "end_date": end if done else None,
            "organisation": pools.training_body(rng, department),
            "certification": title if kind == StepKind.TRAINING else "",
            "certified": done and kind == StepKind.TRAINING and rng.random() < 0.7,
        }
    )


#: The situation found at a follow-up, by exit class.
FOLLOW_UP_SITUATIONS = {
    DURABLE: [
        (FollowUpSituation.EMPLOYED, 85),
        (FollowUpSituation.JOB_SEEKING, 10),
        (FollowUpSituation.NO_NEWS, 5),
    ],
    TRANSITIONAL: [
        (FollowUpSituation.EMPLOYED, 55),
        (FollowUpSituation.JOB_SEEKING, 30),
        (FollowUpSituation.TRAINING, 5),
        (FollowUpSituation.NO_NEWS, 10),
    ],
    POSITIVE: [
        (FollowUpSituation.TRAINING, 40),
        (FollowUpSituation.EMPLOYED, 35),
        (FollowUpSituation.JOB_SEEKING, 15),
        (FollowUpSituation.NO_NEWS, 10),
    ],
    OTHER: [
        (FollowUpSituation.JOB_SEEKING, 45),
        (FollowUpSituation.NO_NEWS, 35),
        (FollowUpSituation.EMPLOYED, 15),
        (FollowUpSituation.TRAINING, 5),
    ],
}


def follow_ups(rng, outcome, exit_date, steps):
    """The 6- and 12-month follow-ups: those due by the demo's today mostly recorded (some still
    pending, due or overdue), the later ones pending."""
    contracts = [s.fields["contract_type"] for s in steps if s.fields["kind"] == StepKind.JOB]
    rows = []
    for months in FOLLOW_UP_MONTHS:
        due = exit_date + relativedelta(months=months)
        row = {"months": months, "due_date": due}
        if due <= REFERENCE_DAY and rng.random() < 0.75:
            situation = pick(rng, FOLLOW_UP_SITUATIONS[outcome])
            row.update(recorded_on=min(REFERENCE_DAY, due + days(rng, 0, 25)), situation=situation)
            if situation == FollowUpSituation.EMPLOYED:
                row["contract_type"] = (
                    contracts[-1] if contracts else ContractType.CDD_UNDER_6_MONTHS
                )
        rows.append(row)
    return rows
