"""Demo partnership conventions: national ones and territorial ones, with their objectives
and amendments."""

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from simple_history.utils import bulk_create_with_history

from config.vocabularies import Indicator, Sector
from partners.models import Convention, ConventionAmendment, ConventionObjective, ConventionStatus
from partners.models.convention import ConventionScope

from .lookups import CHANGE_REASON, NATIONAL_USER, save_links

VECTIS = "Vectis Logistique"
SIGNED, ACTIVE = ConventionStatus.SIGNED, ConventionStatus.ACTIVE


@dataclass
class ConventionSpec:
    key: str
    title: str
    status: str
    signed_on: date | None
    start: date
    end: date | None
    parties: list
    departments: list = field(default_factory=list)
    description: str = ""
    #: (indicator, target, period start, period end, département code or None)
    objectives: list = field(default_factory=list)
    #: (signing date, summary)
    amendments: list = field(default_factory=list)
    #: The companies whose lead ended in this convention.
    lead_companies: list = field(default_factory=list)


@dataclass(frozen=True)
class Party:
    """A party named in ``CONVENTIONS``, found in the demo registry when the seeder runs."""

    kind: str
    args: tuple = ()


def _day(text):
    return date.fromisoformat(text) if text else None


def _parties(rows):
    return [Party(kind, tuple(args)) for kind, *args in rows]


def load_conventions():
    """The demo conventions of ``demo/data/conventions.json``. Parties are references:
    ``["name", name]`` (the registry's), ``["employer", name]``, ``["local", code, role]``,
    ``["geiq", code]``, ``["group", name, count]`` (``Conventions.convention_companies``),
    ``["all geiqs"]`` and ``["demo company"]``."""
    path = Path(__file__).parent.parent / "data" / "conventions.json"
    return [
        ConventionSpec(
            row["key"],
            row["title"],
            ConventionStatus(row["status"]),
            _day(row["signed_on"]),
            _day(row["start"]),
            _day(row["end"]),
            _parties(row["parties"]),
            departments=row["departments"],
            description=row["description"],
            objectives=[
                (Indicator(indicator), target, _day(start), _day(end), code)
                for indicator, target, start, end, code in row["objectives"]
            ],
            amendments=[(_day(day), summary) for day, summary in row["amendments"]],
            lead_companies=_parties(row["lead_companies"]),
        )
        for row in json.loads(path.read_text(encoding="utf-8"))
    ]


CONVENTIONS = load_conventions()


class Conventions:
    """Seeder part: the conventions, their parties, objectives and amendments."""

    def convention_specs(self):
        """The conventions of ``CONVENTIONS``, their parties and lead companies found."""
        groups = self.convention_companies()
        return [
            replace(
                spec,
                parties=self.resolve(spec.parties, groups),
                lead_companies=self.resolve(spec.lead_companies, groups),
            )
            for spec in CONVENTIONS
        ]

    def convention_companies(self):
        """The companies of the territorial conventions, by group, those of its sectors first."""
        vectis = self.employers[VECTIS]
        rhone = self.companies("69", Sector.CONSTRUCTION)
        rhone += self.companies("69", Sector.LOGISTICS, exclude=rhone)
        rhone_care = self.companies("69", Sector.CARE, exclude=rhone)
        rhone_care += self.companies("69", Sector.RETAIL, exclude=rhone + rhone_care)
        paris = self.companies("75", Sector.HOSPITALITY)
        paris += self.companies("75", Sector.CLEANING, exclude=paris)
        paris_logistics = self.companies("75", Sector.LOGISTICS, exclude=paris)
        bdr = self.companies("13", Sector.CONSTRUCTION)
        bdr += self.companies("13", Sector.INDUSTRY, exclude=bdr)
        ssd = self.companies("93", Sector.LOGISTICS, exclude=[vectis])
        ssd += self.companies("93", Sector.CONSTRUCTION, exclude=ssd + [vectis])
        return {
            "rhone": rhone,
            "rhone_care": rhone_care,
            "paris": paris,
            "paris_logistics": paris_logistics,
            "bdr": bdr,
            "ssd": ssd,
        }

    def resolve(self, parties, groups):
        """The organisations a list of ``Party`` stands for, in its order."""
        organisations = []
        for party in parties:
            if party.kind == "group":
                name, count = party.args
                organisations += groups[name][:count]
            elif party.kind == "all geiqs":
                organisations += [
                    organisation
                    for (_code, role), local in self.local.items()
                    if role.startswith("geiq:")
                    for organisation in local
                ]
            else:
                organisations.append(self.party(party))
        return organisations

    def party(self, party):
        if party.kind == "name":
            return self.orgs[party.args[0]]
        if party.kind == "employer":
            return self.employers[party.args[0]]
        if party.kind == "local":
            return self.org(*party.args)
        if party.kind == "geiq":
            return self.geiq(*party.args)
        return self.demo_company

    def seed_conventions(self, specs):
        titles = [spec.title for spec in specs]
        existing = {c.title: c for c in Convention.objects.filter(title__in=titles)}
        owner = self.users.get(NATIONAL_USER)
        new = [
            Convention(
                title=spec.title,
                scope=ConventionScope.TERRITORIAL if spec.departments else ConventionScope.NATIONAL,
                signed_on=spec.signed_on,
                start_date=spec.start,
                end_date=spec.end,
                status=spec.status,
                owner=owner,
                description=spec.description,
            )
            for spec in specs
            if spec.title not in existing
        ]
        created = bulk_create_with_history(new, Convention, default_change_reason=CHANGE_REASON)
        self.created["conventions"] += len(created)
        conventions = existing | {c.title: c for c in created}
        links = defaultdict(list)
        for spec in specs:
            convention = conventions[spec.title]
            if spec.title not in existing:
                links["parties"] += [(convention, party) for party in dict.fromkeys(spec.parties)]
                links["departments"] += [(convention, self.dept(c)) for c in spec.departments]
        save_links(Convention, links)
        self.seed_objectives(specs, conventions)
        self.seed_amendments(specs, conventions)
        return {spec.key: conventions[spec.title] for spec in specs}

    def seed_objectives(self, specs, conventions):
        known = set(
            ConventionObjective.objects.filter(convention__in=conventions.values()).values_list(
                "convention", "indicator", "period_start"
            )
        )
        objectives = [
            ConventionObjective(
                convention=conventions[spec.title],
                indicator=indicator,
                target=target,
                period_start=start,
                period_end=end,
                department=self.dept(code) if code else None,
            )
            for spec in specs
            for indicator, target, start, end, code in spec.objectives
            if (conventions[spec.title].pk, indicator, start) not in known
        ]
        bulk_create_with_history(
            objectives, ConventionObjective, default_change_reason=CHANGE_REASON
        )
        self.created["objectives"] += len(objectives)

    def seed_amendments(self, specs, conventions):
        known = set(
            ConventionAmendment.objects.filter(convention__in=conventions.values()).values_list(
                "convention", "signed_on"
            )
        )
        amendments = [
            ConventionAmendment(convention=conventions[spec.title], signed_on=day, summary=text)
            for spec in specs
            for day, text in spec.amendments
            if (conventions[spec.title].pk, day) not in known
        ]
        bulk_create_with_history(
            amendments, ConventionAmendment, default_change_reason=CHANGE_REASON
        )
        self.created["amendments"] += len(amendments)
