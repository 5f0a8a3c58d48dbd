"""The generated programmes' side: CTAI territorial contracts, actions of every programme (HOPE
sessions, PIC projects, AGIR deployments, CTAI employment actions) and their targets."""

from datetime import date, timedelta
from decimal import Decimal

from config.vocabularies import Indicator, Sector
from demo.programmes import hope_phases
from partners.models import Organisation
from partners.models import OrganisationKind as Kind
from programmes.models import (
    Action,
    ActionStatus,
    ContractDomain,
    Programme,
    Target,
    TargetUnit,
    TerritorialContract,
)

from .context import DEPARTMENTS, insert, link

#: Share of each programme among the generated actions.
PROGRAMME_WEIGHTS = {Programme.CTAI: 40, Programme.PIC: 25, Programme.HOPE: 20, Programme.AGIR: 15}
FIRST_YEAR = 2022
OPERATORS = (Kind.OPERATOR, Kind.ASSOCIATION)
ANYONE = tuple(Kind)
ACTION_PARTNERS = (Kind.COMPANY, Kind.FRANCE_TRAVAIL, Kind.OFII, Kind.MISSION_LOCALE, Kind.GEIQ)


def contracts(volume):
    """Write `planned("contracts")` CTAI contracts, signed by a préfecture with one or two
    local authorities of the département, each with two yearly targets."""
    rng = volume.rng
    prefectures = dict(
        Organisation.objects.filter(kind=Kind.STATE_SERVICE, name__startswith="Préfecture")
        .exclude(department=None)
        .values_list("department_id", "pk")
    )
    codes, weights = volume.weights()
    rows, places = [], []
    for code in rng.choices(codes, weights, k=volume.planned("contracts")):
        department = volume.departments[code]
        start = rng.randint(2021, 2025)
        places.append(department)
        rows.append(
            TerritorialContract(
                name=f"CTAI {DEPARTMENTS[code][0]} {start}–{start + 2}",
                prefecture_id=prefectures.get(department)
                or volume.pick((Kind.STATE_SERVICE,), department)[0],
                signed_on=date(start, rng.randint(1, 6), rng.randint(1, 28)),
                start_year=start,
                end_year=start + 2,
                budget=Decimal(rng.randrange(100_000, 900_000, 1_000)),
                domains=rng.sample(list(ContractDomain.values), rng.randint(2, 5)),
            )
        )
    saved = insert(TerritorialContract, rows, default_user=volume.national_user)
    signatories = {
        (contract.pk, other)
        for contract, department in zip(saved, places, strict=True)
        for other in volume.pick((Kind.COLLECTIVITE,), department, rng.randint(1, 2))
    }
    link(
        TerritorialContract, "departments", [(c.pk, d) for c, d in zip(saved, places, strict=True)]
    )
    link(TerritorialContract, "signatories", sorted(signatories))
    volume.contracts = [(c.pk, d, c.start_year) for c, d in zip(saved, places, strict=True)]
    targets = [
        Target(
            contract_id=contract.pk,
            indicator=Indicator.ENTRIES,
            value=Decimal(rng.randint(20, 300)),
            unit=TargetUnit.COUNT,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        for contract in saved
        for year in (contract.start_year, contract.start_year + 1)
    ]
    insert(Target, targets, default_user=volume.national_user)
    return {"contracts": len(saved), "contract targets": len(targets)}


def actions(volume):
    """Write `planned("actions")` actions with their départements, partners, funders and one
    target each. At most one AGIR deployment per département runs (a database constraint)."""
    rng = volume.rng
    programmes = dict(Programme.objects.values_list("code", "pk"))
    codes, weights = volume.weights()
    total = volume.planned("actions")
    drawn = rng.choices(list(PROGRAMME_WEIGHTS), list(PROGRAMME_WEIGHTS.values()), k=total)
    specs = [_action(volume, programme, rng.choices(codes, weights)[0]) for programme in drawn]
    _stagger_agir(volume, [spec for spec in specs if spec["programme"] == Programme.AGIR])
    rows = []
    for spec in specs:
        extra = {k: v for k, v in spec.items() if k not in ("programme", "department")}
        rows.append(Action(programme_id=programmes[spec["programme"]], **extra))
    saved = insert(Action, rows, default_user=volume.national_user)
    links = {"departments": set(), "partners": set(), "funders": set()}
    for action, spec in zip(saved, specs, strict=True):
        department = spec["department"]
        links["departments"].add((action.pk, department))
        for other in volume.pick(ACTION_PARTNERS, department, rng.randint(1, 4)):
            links["partners"].add((action.pk, other))
        for other in volume.pick((Kind.OPCO, Kind.STATE_SERVICE), None, rng.randint(1, 2)):
            links["funders"].add((action.pk, other))
    rhone = [
        a.pk for a, s in zip(saved, specs, strict=True) if volume.codes[s["department"]] == "69"
    ]
    links["partners"].update((pk, volume.demo_operator) for pk in rhone[:10])
    for field, pairs in links.items():
        link(Action, field, sorted(pairs))
    targets = [
        Target(
            action_id=action.pk,
            indicator=Indicator.ENTRIES,
            value=Decimal(action.capacity),
            unit=TargetUnit.COUNT,
            period_start=action.start_date,
            period_end=action.end_date or action.start_date + timedelta(days=365),
        )
        for action in saved
    ]
    insert(Target, targets, default_user=volume.national_user)
    return {"actions": len(saved), "action targets": len(targets)}


def _action(volume, programme, code):
    """The fields of one action of `programme` in the département `code` (a dict)."""
    rng, department = volume.rng, volume.departments[code]
    start = date(rng.randint(FIRST_YEAR, 2026), rng.randint(1, 12), rng.randint(1, 28))
    end = start + timedelta(days=rng.randint(120, 900))
    sector = rng.choice(Sector.values)
    spec = {
        "programme": programme,
        "department": department,
        "title": f"{programme} {start.year} – {DEPARTMENTS[code][0]} – {Sector(sector).label}",
        "operator_id": (volume.pick(OPERATORS, department) or volume.pick(ANYONE, department))[0],
        "start_date": start,
        "end_date": end,
        "capacity": rng.randint(8, 60),
        "budget": Decimal(rng.randrange(20_000, 600_000, 500)),
        "sector": sector,
    }
    if programme == Programme.HOPE:
        spec["hope_centre_id"] = spec["operator_id"]
        spec["hope_opco_id"] = (volume.pick((Kind.OPCO,), None) or [None])[0]
        spec.update(hope_phases(start, end), housing_provided=True)
    elif programme == Programme.CTAI and volume.contracts:
        near = [c for c in volume.contracts if c[1] == department] or volume.contracts
        spec["contract_id"], spec["department"], _year = rng.choice(near)
    elif programme == Programme.AGIR:
        spec.update(agir_department_id=department, agir_wave=start.year)
    spec["status"] = _status(volume.today, start, end)
    return spec


def _status(today, start, end):
    if end < today:
        return ActionStatus.CLOSED
    return ActionStatus.RUNNING if start <= today else ActionStatus.PLANNED


def _stagger_agir(volume, specs):
    """Each département's AGIR deployments follow one another: an earlier one closes when the
    next starts, and none runs where one (of the demo) already does."""
    running = set(
        Action.objects.filter(status=ActionStatus.RUNNING)
        .exclude(agir_department=None)
        .values_list("agir_department", flat=True)
    )
    by_department = {}
    for spec in sorted(specs, key=lambda s: s["start_date"]):
        by_department.setdefault(spec["agir_department_id"], []).append(spec)
    for department, deployments in by_department.items():
        for earlier, later in zip(deployments, deployments[1:], strict=False):
            earlier["end_date"] = max(earlier["start_date"], later["start_date"] - timedelta(1))
            earlier["status"] = _status(volume.today, earlier["start_date"], earlier["end_date"])
        for spec in deployments:
            if spec["status"] == ActionStatus.RUNNING:
                if department in running:
                    spec["end_date"] = volume.today - timedelta(days=1)
                    spec["end_date"] = max(spec["end_date"], spec["start_date"])
                    spec["status"] = ActionStatus.CLOSED
                running.add(department)
