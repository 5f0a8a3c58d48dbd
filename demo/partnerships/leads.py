"""Demo leads: companies' interest at every step of the pipeline, with the coordinators'
notes."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from config.vocabularies import Sector
from partners.models import HelpWanted, Lead, LeadStatus, Organisation

from .conventions import ACTIVE, SIGNED
from .dates import REFERENCE_DAY, at, on_working_day, working_moment_before
from .lookups import CHANGE_REASON, COORDINATORS, NATIONAL_USER, SEED
from .texts import JOBS, NOT_PURSUED_REASONS, QUALIFIED_NOTES

NEW, CONTACTED, QUALIFIED = LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED
CONVENTION, NOT_PURSUED = LeadStatus.CONVENTION, LeadStatus.NOT_PURSUED

# The leads: département, status, days before REFERENCE_DAY it was submitted (for a lead that
# led to a convention, the key of that convention instead: its dates follow the signature).
LEAD_PLAN = [
    ("69", NEW, 2), ("69", NEW, 13), ("69", CONTACTED, 24), ("69", QUALIFIED, 80),
    ("69", CONVENTION, "rhone"), ("69", CONVENTION, "rhone"), ("69", CONVENTION, "rhone-care"),
    ("69", NOT_PURSUED, 170),
    ("75", NEW, 1), ("75", NEW, 9), ("75", CONTACTED, 15), ("75", QUALIFIED, 60),
    ("75", CONVENTION, "paris"), ("75", CONVENTION, "paris"), ("75", CONVENTION, "hexalia"),
    ("75", NOT_PURSUED, 120),
    ("13", NEW, 20), ("13", CONTACTED, 40), ("13", QUALIFIED, 100), ("13", CONVENTION, "bdr"),
    ("93", NEW, 8), ("93", CONTACTED, 35), ("93", CONVENTION, "ssd"), ("93", NOT_PURSUED, 200),
    ("59", NEW, 3), ("59", CONTACTED, 45), ("59", QUALIFIED, 130),
    ("33", NEW, 16), ("33", NOT_PURSUED, 90),
    ("31", CONTACTED, 10), ("31", QUALIFIED, 55),
    ("44", NEW, 27), ("44", CONTACTED, 50),
    ("67", QUALIFIED, 140), ("67", NOT_PURSUED, 250),
    ("38", NEW, 4), ("06", CONTACTED, 33),
]  # fmt: skip


@dataclass
class LeadSpec:
    organisation: Organisation
    department: str
    status: str
    submitted_at: datetime
    contacted_at: datetime | None = None
    qualified_at: datetime | None = None
    closed_at: datetime | None = None
    sectors: list = field(default_factory=list)
    jobs_offered: str = ""
    positions: int | None = None
    hires_planned: int | None = None
    help_wanted: list = field(default_factory=list)
    assignee: User | None = None
    not_pursued_reason: str = ""
    notes: str = ""
    convention: str = ""  # key of a ConventionSpec


class Leads:
    """Seeder part: the leads, their dates, assignees and notes."""

    def lead_specs(self, convention_specs):
        rng = random.Random(f"{SEED}|leads")
        by_key = {spec.key: spec for spec in convention_specs}
        open_leads, leads, in_force = Counter(), Counter(), Counter()
        next_party = Counter()  # the next lead company of each convention
        # Convention leads take their parties, then not pursued leads the first companies, and
        # the others a company without any lead, else one whose lead is closed.
        plan = sorted(
            enumerate(LEAD_PLAN),
            key=lambda row: (row[1][1] != CONVENTION, row[1][1] != NOT_PURSUED, row[0]),
        )
        specs = []
        for _index, (code, status, when) in plan:
            if status == CONVENTION:
                convention = by_key[when]
                organisation = convention.lead_companies[next_party[when]]
                next_party[when] += 1
                in_force[organisation] += convention.status in (ACTIVE, SIGNED)
            else:
                organisation = min(
                    self.department_companies(code),
                    key=lambda o: (open_leads[o], leads[o], in_force[o]),
                )
            leads[organisation] += 1
            open_leads[organisation] += status in (NEW, CONTACTED, QUALIFIED)
            spec = self.new_lead(organisation, code, status, rng)
            if status == CONVENTION:
                self.date_convention_lead(spec, convention, when, rng)
            else:
                self.date_lead(spec, when, rng)
            self.assign_lead(spec, when)
            specs.append(spec)
        return specs

    def new_lead(self, organisation, code, status, rng):
        """A lead of `organisation` offering jobs of its sector, not dated yet."""
        sector = self.sector_of.get(organisation.pk, Sector.SEVERAL)
        jobs = rng.sample(JOBS[sector], min(len(JOBS[sector]), rng.randint(1, 2)))
        positions = rng.randint(1, 8)
        return LeadSpec(
            organisation=organisation,
            department=code,
            status=status,
            submitted_at=None,
            sectors=[sector],
            jobs_offered=" ; ".join(jobs),
            positions=positions,
            hires_planned=positions + rng.randint(0, 10),
            help_wanted=sorted(rng.sample(HelpWanted.values, rng.randint(1, 3))),
        )

    def date_convention_lead(self, spec, convention, key, rng):
        """A lead that led to a convention: contacted and qualified in the weeks before its
        signature, closed on the day."""
        closed = at(convention.signed_on, 11)
        spec.qualified_at = working_moment_before(closed, rng.randint(12, 40), 15)
        spec.contacted_at = working_moment_before(spec.qualified_at, rng.randint(5, 20), 10)
        spec.submitted_at = spec.contacted_at - timedelta(days=rng.randint(1, 4), hours=3)
        spec.closed_at = closed
        spec.convention = key

    def date_lead(self, spec, days_ago, rng):
        """A lead submitted `days_ago` before the demo's today, followed up as far as its
        status says, on working days."""
        status = spec.status
        submitted = REFERENCE_DAY - timedelta(days=days_ago)
        spec.submitted_at = at(submitted, rng.randint(8, 19), rng.choice((0, 15, 30, 45)))
        latest = at(REFERENCE_DAY, 17)
        if status != NEW:
            spec.contacted_at = on_working_day(
                spec.submitted_at + timedelta(days=rng.randint(1, 4), hours=1), latest
            )
        if status == QUALIFIED or (status == NOT_PURSUED and rng.random() < 0.5):
            spec.qualified_at = on_working_day(
                spec.contacted_at + timedelta(days=rng.randint(7, 25)), latest
            )
        if status == NOT_PURSUED:
            spec.closed_at = on_working_day(
                (spec.qualified_at or spec.contacted_at) + timedelta(days=rng.randint(10, 30)),
                latest,
            )
            spec.not_pursued_reason = rng.choice(NOT_PURSUED_REASONS)

    def assign_lead(self, spec, when):
        """Followed leads go to their coordinator (the national team where there is none)."""
        coordinator = self.users.get(COORDINATORS.get(spec.department))
        if spec.status != NEW:
            spec.assignee = coordinator or self.users.get(NATIONAL_USER)
        elif coordinator and when >= 10:  # late, though someone took it
            spec.assignee = coordinator

    def write_lead_notes(self, specs, convention_specs):
        """The coordinators' notes, once each company's contact is known."""
        rng = random.Random(f"{SEED}|lead-notes")
        conventions = {spec.key: spec for spec in convention_specs}
        for spec in specs:
            spec.notes = self.lead_notes(spec, conventions, rng)

    def lead_notes(self, spec, conventions, rng):
        notes = [
            f"Intérêt reçu par le formulaire « Mon entreprise veut s'engager » le "
            f"{timezone.localtime(spec.submitted_at):%d/%m/%Y}."
        ]
        contact = self.contacts.get(spec.organisation.pk)
        if spec.contacted_at:
            notes.append(
                f"Premier échange avec {contact} le "
                f"{timezone.localtime(spec.contacted_at):%d/%m/%Y} : besoin confirmé."
            )
        if spec.qualified_at:
            notes.append(rng.choice(QUALIFIED_NOTES))
        if spec.convention:
            notes.append(f"Partie à la « {conventions[spec.convention].title} ».")
        if spec.status == NOT_PURSUED:
            notes.append("Dossier clos ; à relancer lors d'une prochaine action du territoire.")
        return "\n".join(notes)

    def seed_leads(self, specs, conventions):
        organisations = {spec.organisation for spec in specs}
        known = {
            (organisation, timezone.localtime(submitted).date())
            for organisation, submitted in Lead.objects.filter(
                organisation__in=organisations
            ).values_list("organisation", "submitted_at")
        }
        new = [
            Lead(
                organisation=spec.organisation,
                department=self.dept(spec.department),
                contact=self.contacts.get(spec.organisation.pk),
                sectors=spec.sectors,
                jobs_offered=spec.jobs_offered,
                positions=spec.positions,
                hires_planned=spec.hires_planned,
                help_wanted=spec.help_wanted,
                status=spec.status,
                assignee=spec.assignee,
                not_pursued_reason=spec.not_pursued_reason,
                notes=spec.notes,
                convention=conventions.get(spec.convention),
                submitted_at=spec.submitted_at,
                contacted_at=spec.contacted_at,
                qualified_at=spec.qualified_at,
                closed_at=spec.closed_at,
            )
            for spec in specs
            if (spec.organisation.pk, timezone.localtime(spec.submitted_at).date()) not in known
        ]
        bulk_create_with_history(new, Lead, default_change_reason=CHANGE_REASON)
        self.created["leads"] += len(new)
