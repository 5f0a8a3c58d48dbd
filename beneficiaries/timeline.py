"""One person, one timeline: the dated events of every enrolment (HOPE, then PIC, then AGIR…),
every referral to another organisation and every pathway step a reader may see, in date order,
and the person's situation today as those steps tell it.

What a reader may see is decided before: the page passes the enrolments of the person (all
visible once the person is), the ids of those the reader accompanies, and the steps from
`PathwayStep.objects.visible_to`. Enrolments the reader does not accompany show only their
programme, action and dates; referrals (all visible once the person is) their action, the
referring organisation and their status, the message being on the referral's own page.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import EmploymentSituation, EnrolmentStatus, StepKind, StepStatus


@dataclass
class Event:
    """One line of the timeline: `date` (a date), `kind` ("enrolment", "referral" or "step"),
    a short `title`, the `enrolment`, `referral` or `step` it comes from, and whether its
    details are shown."""

    date: datetime.date
    kind: str
    title: str
    enrolment: object = None
    step: object = None
    detailed: bool = True
    #: Why the enrolment ended, for a reader who accompanies it.
    reason: str = ""
    order: int = field(default=0)
    referral: object = None


ENROLMENT_EVENTS = [
    ("referral_date", _("Referred to")),
    ("entry_date", _("Entered")),
]


def timeline(enrolments, accompanied_ids, steps, referrals=()):
    """The person's events, oldest first (list of Event).

    `enrolments`: the person's enrolments with their action and programme loaded;
    `accompanied_ids`: the ids of those the reader accompanies (set of int); `steps`: the
    pathway steps the reader may see; `referrals`: the person's referrals, with their action,
    programme and referring organisation loaded (dated in Europe/Paris)."""
    events = referral_events(referrals)
    for enrolment in enrolments:
        detailed = enrolment.pk in accompanied_ids
        for attribute, title in ENROLMENT_EVENTS:
            day = getattr(enrolment, attribute)
            if day:
                events.append(Event(day, "enrolment", title, enrolment, detailed=detailed))
        if enrolment.exit_date:
            abandoned = enrolment.status == EnrolmentStatus.ABANDONED
            title = _("Abandoned") if abandoned else _("Exited")
            reason = ""
            if detailed:
                reason = (
                    enrolment.get_abandon_reason_display()
                    if abandoned
                    else enrolment.get_exit_reason_display()
                )
            events.append(
                Event(enrolment.exit_date, "enrolment", title, enrolment, detailed, reason)
            )
    for step in steps:
        events.append(Event(step.start_date, "step", step.get_kind_display(), step=step, order=1))
    return sorted(events, key=lambda event: (event.date, event.order))


def referral_events(referrals):
    """One event the day each referral was sent and one the day it was answered or withdrawn
    (list of Event; dates in the current time zone, Europe/Paris)."""
    events = []
    for referral in referrals:
        sent = timezone.localdate(referral.sent_at)
        events.append(Event(sent, "referral", _("Referral sent"), referral=referral))
        if referral.decided_at:
            title = _("Referral %(status)s") % {"status": referral.get_status_display().lower()}
            day = timezone.localdate(referral.decided_at)
            events.append(Event(day, "referral", title, referral=referral))
    return events


def _running(step, today):
    return (
        step.status in (StepStatus.STARTED, StepStatus.COMPLETED)
        and step.start_date <= today
        and (step.end_date is None or step.end_date >= today)
    )


TRAINING_KINDS = {
    StepKind.FRENCH_COURSE,
    StepKind.PRE_QUALIFICATION,
    StepKind.TRAINING,
    StepKind.POEC,
}


def situation_now(beneficiary, steps, today):
    """The person's situation on `today` as the visible steps tell it: a dict with
    `employment` (an EmploymentSituation label), `job` (the running job step or None) and
    `housing` (the label of the latest housing step, else the housing at entry)."""
    running = [step for step in steps if _running(step, today)]
    jobs = [step for step in running if step.kind == StepKind.JOB]
    trainings = [step for step in running if step.kind in TRAINING_KINDS]
    if jobs:
        employment = EmploymentSituation.JOB.label
    elif trainings:
        employment = EmploymentSituation.TRAINING.label
    else:
        employment = EmploymentSituation.NONE.label
    housing_steps = [
        step
        for step in steps
        if step.kind == StepKind.HOUSING and step.housing and step.start_date <= today
    ]
    housing = (
        housing_steps[-1].get_housing_display()
        if housing_steps
        else beneficiary.get_housing_at_entry_display()
    )
    return {"employment": employment, "job": jobs[-1] if jobs else None, "housing": housing}
