"""Demonstration actions, CTAI contracts and targets for ``seed_demo``, on top of the demo
registry (``demo.organisations``): HOPE sessions in AFPA centres, PIC IPR projects, one AGIR
deployment per département, three CTAI contracts and their employment actions.

Dates are fixed (statuses were set for the end of 2026), so a re-run finds every row again:
actions by title, contracts by name, targets by (action or contract, indicator, period).
"""

import importlib
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from config.vocabularies import Indicator, Sector
from programmes.models import (
    Action,
    ActionStatus,
    ContractDomain,
    Programme,
    Target,
    TargetUnit,
    TerritorialContract,
)
from territories.models import Department

from .organisations import DGEF, DGEFP, DIAIR, registry

PLANNED, RUNNING, CLOSED = ActionStatus.PLANNED, ActionStatus.RUNNING, ActionStatus.CLOSED
COUNT, PERCENT = TargetUnit.COUNT, TargetUnit.PERCENT

# year, promotion, département, city, trade, OPCO, sector, start, end, status, capacity
HOPE_SESSIONS = [
    (2025, 9, "69", "Lyon", "Logistique", "Opco Mobilités", Sector.LOGISTICS,
     date(2025, 2, 3), date(2025, 11, 7), CLOSED, 13),
    (2026, 12, "69", "Lyon", "Maçonnerie", "Constructys", Sector.CONSTRUCTION,
     date(2026, 3, 2), date(2026, 12, 18), RUNNING, 14),
    (2026, 7, "13", "Marseille", "Hôtellerie-restauration", "Akto", Sector.HOSPITALITY,
     date(2026, 4, 6), date(2027, 1, 15), RUNNING, 15),
    (2026, 5, "33", "Bordeaux", "Travaux publics", "Constructys", Sector.CONSTRUCTION,
     date(2026, 2, 2), date(2026, 11, 27), CLOSED, 12),
    (2025, 6, "59", "Lille", "Propreté", "Akto", Sector.CLEANING,
     date(2025, 9, 1), date(2026, 6, 5), CLOSED, 14),
    (2027, 3, "67", "Strasbourg", "Industrie", "Opco 2i", Sector.INDUSTRY,
     date(2027, 1, 11), date(2027, 10, 8), PLANNED, 12),
    (2026, 4, "31", "Toulouse", "Agriculture", "Ocapiat", Sector.AGRICULTURE,
     date(2026, 3, 9), date(2026, 12, 11), RUNNING, 13),
    (2026, 8, "44", "Nantes", "Transport routier", "Opco Mobilités", Sector.LOGISTICS,
     date(2026, 5, 4), date(2027, 2, 12), RUNNING, 15),
    (2026, 2, "38", "Grenoble", "Électricité du bâtiment", "Constructys", Sector.CONSTRUCTION,
     date(2026, 4, 13), date(2027, 1, 22), RUNNING, 12),
    (2027, 10, "93", "Montreuil", "Logistique", "Akto", Sector.LOGISTICS,
     date(2027, 2, 1), date(2027, 11, 5), PLANNED, 15),
]  # fmt: skip

# title, départements, operator ("demo" is seed_demo's operator, else a demo.organisations role),
# sector, start, end, status, capacity
PIC_PROJECTS = [
    ("PIC IPR – Passerelles vers l'emploi, Lyon et Villeurbanne", ["69"], "demo",
     Sector.SEVERAL, date(2023, 9, 1), date(2026, 12, 31), RUNNING, 180),
    ("PIC IPR 2019 – Parcours BTP Lyon", ["69"], "operator",
     Sector.CONSTRUCTION, date(2019, 9, 2), date(2022, 8, 31), CLOSED, 120),
    ("PIC IPR – Parcours bâtiment Marseille", ["13"], "operator",
     Sector.CONSTRUCTION, date(2023, 10, 2), date(2026, 12, 31), RUNNING, 140),
    ("PIC IPR – Paris, métiers de la restauration", ["75"], "association",
     Sector.HOSPITALITY, date(2023, 9, 4), date(2026, 12, 31), RUNNING, 150),
    ("PIC IPR 2019 – Soin et aide à la personne, Paris et Seine-Saint-Denis", ["75", "93"],
     "operator", Sector.CARE, date(2019, 9, 2), date(2022, 8, 31), CLOSED, 300),
    ("PIC IPR – Logistique et propreté en Seine-Saint-Denis", ["93"], "operator",
     Sector.SEVERAL, date(2024, 1, 8), date(2026, 12, 31), RUNNING, 220),
    ("PIC IPR – Lille, parcours numérique", ["59"], "association",
     Sector.DIGITAL, date(2024, 2, 5), date(2026, 12, 31), RUNNING, 40),
    ("PIC IPR – Strasbourg, emploi des femmes réfugiées", ["67"], "association",
     Sector.SEVERAL, date(2023, 11, 6), date(2026, 12, 31), RUNNING, 80),
    ("PIC IPR – Montpellier, agriculture et espaces verts", ["34"], "operator",
     Sector.AGRICULTURE, date(2024, 3, 4), date(2026, 12, 31), RUNNING, 60),
    ("PIC IPR – Nice, hôtellerie-restauration", ["06"], "association",
     Sector.HOSPITALITY, date(2024, 1, 15), date(2026, 12, 31), RUNNING, 70),
    ("PIC IPR – Rennes, industrie agroalimentaire", ["35"], "operator",
     Sector.INDUSTRY, date(2023, 9, 18), date(2026, 12, 31), RUNNING, 90),
]  # fmt: skip

# département: (wave, capacity, status); wave 2022: 27 départements, 2023: 25, 2024: all.
AGIR_DEPLOYMENTS = {
    "69": (2022, 450, RUNNING), "75": (2022, 600, RUNNING), "13": (2022, 420, RUNNING),
    "33": (2022, 300, RUNNING), "59": (2022, 380, RUNNING), "67": (2022, 260, RUNNING),
    "31": (2022, 280, RUNNING), "44": (2022, 240, RUNNING), "34": (2023, 200, RUNNING),
    "06": (2023, 220, RUNNING), "38": (2023, 210, RUNNING), "93": (2023, 520, RUNNING),
    "35": (2023, 180, RUNNING), "63": (2024, 120, RUNNING), "76": (2024, 160, RUNNING),
    "57": (2024, 150, PLANNED), "21": (2024, 110, PLANNED),
}  # fmt: skip

# name, département, signatory, signed on, years, budget, domains
CONTRACTS = [
    ("CTAI Métropole de Lyon 2024–2026", "69", "Métropole de Lyon", date(2024, 3, 18),
     (2024, 2026), 280_000, ["reception", "rights", "housing", "language", "employment",
                             "health"]),
    ("CTAI Ville de Paris 2023–2025", "75", "Ville de Paris", date(2023, 2, 6),
     (2023, 2025), 300_000, ["reception", "rights", "housing", "language", "employment",
                             "health", "culture"]),
    ("CTAI Bordeaux Métropole 2024–2026", "33", "Bordeaux Métropole", date(2024, 6, 24),
     (2024, 2026), 180_000, ["reception", "language", "employment", "culture"]),
]  # fmt: skip

# contract, title, operator role, sector, start, end, status, capacity
CTAI_ACTIONS = [
    ("CTAI Métropole de Lyon 2024–2026", "CTAI Lyon – Job dating BTP", "agency",
     Sector.CONSTRUCTION, date(2026, 1, 12), date(2026, 12, 11), RUNNING, 80),
    ("CTAI Métropole de Lyon 2024–2026",
     "CTAI Lyon – Français à visée professionnelle et immersion en entreprise", "association",
     Sector.SEVERAL, date(2025, 9, 1), date(2026, 12, 18), RUNNING, 45),
    ("CTAI Métropole de Lyon 2024–2026", "CTAI Lyon – Accompagnement des femmes vers l'emploi",
     "demo", Sector.SEVERAL, date(2024, 9, 2), date(2025, 7, 4), CLOSED, 30),
    ("CTAI Ville de Paris 2023–2025", "CTAI Paris – Forum emploi des réfugiés", "association",
     Sector.SEVERAL, date(2023, 4, 3), date(2025, 12, 19), CLOSED, 200),
    ("CTAI Ville de Paris 2023–2025", "CTAI Paris – Parcours restauration et hôtellerie",
     "mission_locale", Sector.HOSPITALITY, date(2024, 1, 8), date(2025, 6, 27), CLOSED, 40),
    ("CTAI Bordeaux Métropole 2024–2026", "CTAI Bordeaux – Job dating logistique", "agency",
     Sector.LOGISTICS, date(2026, 1, 19), date(2026, 12, 4), RUNNING, 60),
    ("CTAI Bordeaux Métropole 2024–2026",
     "CTAI Bordeaux – Mobilité et permis de conduire vers l'emploi", "association",
     Sector.SEVERAL, date(2024, 10, 1), date(2025, 9, 30), CLOSED, 35),
]  # fmt: skip


class Seeder:
    """Creates what is missing and counts it; ``orgs`` and ``local`` come from
    ``demo.organisations.registry()``."""

    def __init__(self, demo_operator):
        self.demo_operator = demo_operator
        self.orgs, self.local = registry()
        self.departments = {d.code: d for d in Department.objects.all()}
        self.programmes = ensure_programmes()
        self.created = defaultdict(int)
        self.links = defaultdict(list)  # many-to-many rows of the new actions, by field

    def org(self, code, role):
        """The first demo organisation with that role in the département."""
        if role == "demo":
            return self.demo_operator
        return self.local[code, role][0]

    def companies(self, code, sector, count=2):
        """A few companies of the sector in the département (any sector when none)."""
        same_sector = self.local[code, f"company:{sector}"] + self.local[code, f"geiq:{sector}"]
        any_sector = [
            organisation
            for (department, role), organisations in self.local.items()
            if department == code and role.startswith("company:")
            for organisation in organisations
        ]
        return list(dict.fromkeys(same_sector + any_sector))[:count]

    def action(self, programme, title, *, departments, targets=(), funders=(), partners=(), **kw):
        action, created = Action.objects.get_or_create(
            title=title, defaults={"programme": self.programmes[programme], **kw}
        )
        if created:
            self.created["actions"] += 1
            self.links["departments"] += [(action, self.departments[code]) for code in departments]
            self.links["funders"] += [(action, funder) for funder in funders]
            self.links["partners"] += [(action, partner) for partner in partners]
        for target in targets:
            self.target(*target, action=action)
        return action

    def save_links(self):
        """Bulk-insert the new actions' many-to-many rows (the demo skips their history)."""
        for field, pairs in self.links.items():
            through = getattr(Action, field).through
            target = getattr(Action, field).field.m2m_reverse_field_name()
            through.objects.bulk_create(
                [through(action=action, **{target: other}) for action, other in pairs]
            )

    def target(self, indicator, value, unit, start, end, **owner):
        _, created = Target.objects.get_or_create(
            **owner,
            indicator=indicator,
            period_start=start,
            period_end=end,
            defaults={"value": value, "unit": unit},
        )
        self.created["targets"] += created

    def hope(self):
        for session in HOPE_SESSIONS:
            year, promo, code, city, trade, opco, sector, start, end, status, capacity = session
            centre, opco = self.org(code, "afpa"), self.orgs[opco]
            self.action(
                Programme.HOPE,
                f"HOPE {year} – {city} – {trade}, promotion {promo}",
                departments=[code],
                operator=centre,
                hope_centre=centre,
                hope_opco=opco,
                start_date=start,
                end_date=end,
                status=status,
                sector=sector,
                capacity=capacity,
                budget=Decimal(capacity * 16_500),
                housing_provided=True,
                description=(
                    f"Promotion HOPE au centre {centre} : français avec l'OFII, POEC avec "
                    f"{opco}, puis alternance en {trade.lower()}. Hébergement, restauration et "
                    "accompagnement assurés par l'AFPA."
                ),
                funders=[opco, self.orgs[DGEFP]],
                partners=[self.org(code, "ofii"), self.org(code, "agency")]
                + self.companies(code, sector),
                targets=[
                    (Indicator.ENTRIES, capacity, COUNT, start, end),
                    (Indicator.DURABLE_EMPLOYMENT, 65, PERCENT, start, end),
                ],
                **hope_phases(start, end),
            )

    def pic(self):
        for title, codes, role, sector, start, end, status, capacity in PIC_PROJECTS:
            code = codes[0]
            years = range(start.year, end.year + 1)
            self.action(
                Programme.PIC,
                title,
                departments=codes,
                operator=self.org(code, role),
                start_date=start,
                end_date=end,
                status=status,
                sector=sector,
                capacity=capacity,
                budget=Decimal(capacity * 3_800),
                description="Projet lauréat de l'appel à projets PIC IPR : repérage, "
                "diagnostic, français à visée professionnelle, formation et mise en emploi.",
                funders=[self.orgs[DGEFP]],
                partners=[self.org(code, "agency")] + self.companies(code, sector),
                targets=[
                    (Indicator.ENTRIES, -(-capacity // len(years)), COUNT, *calendar_year(y))
                    for y in years
                ]
                + [(Indicator.JOB_OR_TRAINING, 50, PERCENT, start, end)],
            )

    def agir(self):
        for code, (wave, capacity, status) in AGIR_DEPLOYMENTS.items():
            department = self.departments[code]
            if status == RUNNING:
                start, end = date(wave, 9, 1), date(wave + 5, 8, 31)
                actual_start = start + timedelta(days=14 + int(code[:2]) % 40)
            else:
                start, end, actual_start = date(2027, 1, 4), date(2029, 12, 31), None
            self.action(
                Programme.AGIR,
                f"AGIR – {department.name}",
                departments=[code],
                operator=self.org(code, "demo" if code == "69" else "operator"),
                agir_department=department,
                agir_wave=wave,
                start_date=start,
                end_date=end,
                actual_start_date=actual_start,
                status=status,
                sector=Sector.SEVERAL,
                capacity=capacity,
                budget=Decimal(capacity * 2_400),
                description="Accompagnement global et individualisé jusqu'à 24 mois (droits, "
                "logement, emploi et formation) des réfugiés orientés par l'OFII.",
                funders=[self.orgs[DGEF]],
                partners=[
                    self.org(code, "ofii"),
                    self.org(code, "agency"),
                    self.org(code, "ddets"),
                    self.org(code, "mission_locale"),
                ],
                targets=[
                    (
                        Indicator.ENTRIES,
                        capacity // 2,
                        COUNT,
                        *calendar_year(max(2026, start.year)),
                    ),
                    (Indicator.JOB_OR_TRAINING, 60, PERCENT, start, end),
                    (Indicator.HOUSING, 80, PERCENT, start, end),
                ],
            )

    def ctai(self):
        contracts = {}
        for name, code, signatory, signed_on, (first, last), budget, domains in CONTRACTS:
            contract, created = TerritorialContract.objects.get_or_create(
                name=name,
                defaults={
                    "prefecture": self.org(code, "prefecture"),
                    "signed_on": signed_on,
                    "start_year": first,
                    "end_year": last,
                    "budget": Decimal(budget),
                    "domains": [ContractDomain(domain).value for domain in domains],
                },
            )
            if created:
                self.created["contracts"] += 1
                contract.signatories.set([self.orgs[signatory]])
                contract.departments.set([self.departments[code]])
            for year in range(first, last + 1):
                self.target(Indicator.ENTRIES, 40 + 10 * (year - first), COUNT,
                            *calendar_year(year), contract=contract)  # fmt: skip
            self.target(Indicator.DURABLE_EMPLOYMENT, 50, PERCENT, date(first, 1, 1),
                        date(last, 12, 31), contract=contract)  # fmt: skip
            contracts[name] = (contract, code, self.orgs[signatory])
        for name, title, role, sector, start, end, status, capacity in CTAI_ACTIONS:
            contract, code, signatory = contracts[name]
            self.action(
                Programme.CTAI,
                title,
                departments=[code],
                contract=contract,
                operator=self.org(code, role),
                start_date=start,
                end_date=end,
                status=status,
                sector=sector,
                capacity=capacity,
                budget=Decimal(capacity * 600),
                description=f"Action du volet emploi du {contract.name}.",
                funders=[signatory, self.orgs[DIAIR]],
                partners=self.companies(code, sector),
                targets=[(Indicator.ENTRIES, capacity, COUNT, start, end)],
            )


def ensure_programmes():
    """The four programmes of the data migration, recreated if a test flushed them."""
    migration = importlib.import_module("programmes.migrations.0002_load_programmes")
    programmes = {}
    for fields in migration.PROGRAMMES:
        code = fields["code"]
        defaults = {key: value for key, value in fields.items() if key != "code"}
        programmes[code], _ = Programme.objects.get_or_create(code=code, defaults=defaults)
    return programmes


def hope_phases(start, end):
    """French course (10 weeks), POEC (12 weeks), then work-study until the end."""
    french_end = start + timedelta(weeks=10)
    poec_end = french_end + timedelta(weeks=12)
    return {
        "french_start": start,
        "french_end": french_end,
        "poec_start": french_end + timedelta(days=1),
        "poec_end": poec_end,
        "work_study_start": poec_end + timedelta(days=1),
        "work_study_end": end,
    }


def calendar_year(year):
    return date(year, 1, 1), date(year, 12, 31)


def seed(demo_operator):
    """Create the missing demo programme data; ``demo_operator`` (seed_demo's “Passerelles
    Emploi Rhône”) runs a PIC project, the AGIR Rhône deployment and a CTAI Lyon action.
    Returns the counts of created rows."""
    seeder = Seeder(demo_operator)
    seeder.hope()
    seeder.pic()
    seeder.agir()
    seeder.ctai()
    seeder.save_links()
    return dict(seeder.created)
