"""Demonstration registry for ``seed_demo``: about 400 organisations of every kind over 17
départements, the national bodies and the 11 OPCO, and contacts at a third of them.

Public bodies carry their real names; companies, associations and local operators are invented.
SIRETs are derived from a hash of each organisation's identity and the other choices come from a
seeded ``random.Random``, so a re-run rebuilds the same rows and ``get_or_create`` finds them.
"""

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history
from stdnum import luhn

from partners import naf
from partners.models import Contact, Organisation
from partners.models import OrganisationKind as Kind
from partners.models import SizeBand as Size
from territories.models import Department

CHANGE_REASON = "Données de démonstration (seed_demo)"

# National bodies have no département; they sit in Paris.
PARIS_HQ = ("75007", "Paris")

DIAIR = "DIAIR – Délégation interministérielle à l'accueil et à l'intégration des réfugiés"
DGEFP = "DGEFP – Délégation générale à l'emploi et à la formation professionnelle"
DGEF = "DGEF – Direction générale des étrangers en France"
COMPANIES_PER_DEPARTMENT = 6
STOP_WORDS = {"d", "de", "des", "du", "et", "l", "la", "le", "les"}

# The long lists of names and places live in data/registry.json.
DATA = json.loads((Path(__file__).parent / "data" / "registry.json").read_text(encoding="utf-8"))

# OPCO name: website
OPCO = DATA["opco"]
# name, kind, NAF, size, website
NATIONAL_BODIES = [
    (name, Kind(kind), naf_code, Size(size), website)
    for name, kind, naf_code, size, website in DATA["national_bodies"]
]
# code: [label used in invented names, "du/de la" form, phone prefix, AFPA centre or None,
#        places [postcode, city(, France Travail agency quarter)] with the chef-lieu first,
#        local collectivités]
TERRITORIES = DATA["territories"]
# name template, NAF, OPCO, size, sector (programmes.models.Sector)
COMPANIES = [
    (template, naf_code, opco, Size(size), sector)
    for template, naf_code, opco, size, sector in DATA["companies"]
]
# GEIQ sector, OPCO, programmes sector
GEIQ_SECTORS = DATA["geiq_sectors"]
# name template, NAF ({label} is the territory's label, {city} its chef-lieu)
ASSOCIATIONS = DATA["associations"]
LOCAL_OPERATORS = DATA["local_operators"]
SURNAMES = DATA["surnames"]
FIRST_NAMES = DATA["first_names"]
STREETS = DATA["streets"]
JOB_TITLES = {Kind(kind): titles for kind, titles in DATA["job_titles"].items()}

# First digit of invented SIRENs: 1 for the State, 2 for local authorities (as in the real
# registry); private bodies draw 4–9, clear of the test factories' 31…
PUBLIC_PREFIX = {Kind.STATE_SERVICE: "1", Kind.OFII: "1", Kind.FRANCE_TRAVAIL: "1"}
PUBLIC_PREFIX[Kind.COLLECTIVITE] = "2"
# Establishments of one body share its SIREN.
NETWORKS = {"afpa": "AFPA", "agency": "France Travail", "ofii": "OFII"}


@dataclass(eq=False)
class Spec:
    """One demo organisation before it is saved; ``role`` says what it is for the demo
    (``prefecture``, ``afpa``, ``agency``, ``company:construction``…)."""

    name: str
    kind: str
    role: str
    naf_code: str
    size_band: str
    postcode: str
    city: str
    department: str | None = None
    address: str = ""
    website: str = ""
    opco: str = ""
    siret: str = ""


def specs():
    """Every demo organisation, in a stable order (OPCO first, for the companies' links)."""
    rng = random.Random("tremplin-demo-partners")
    rows = [
        Spec(name, Kind.OPCO, "opco", "94.99Z", Size.INTERMEDIATE, *PARIS_HQ, website=url)
        for name, url in OPCO.items()
    ]
    rows += [
        Spec(name, kind, "national", naf_code, size, *PARIS_HQ, website=url)
        for name, kind, naf_code, size, url in NATIONAL_BODIES
    ]
    departments = Department.objects.filter(code__in=TERRITORIES).select_related("region")
    departments = {d.code: d for d in departments}
    regions_seen = set()
    for index, code in enumerate(TERRITORIES):
        rows += _territory_specs(index, departments[code], regions_seen, rng)
    for spec in rows:
        spec.address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
    _assign_sirets(rows)
    return rows


def _territory_specs(index, department, regions_seen, rng):
    """The organisations of one département: State services, public employment service,
    collectivités, operators, associations, a GEIQ and a few companies."""
    label, of, _phone, afpa, places, collectivites = TERRITORIES[department.code]
    chef_lieu, city, region = places[0], places[0][1], department.region.name
    rows = []

    def add(name, kind, role, naf_code, size, place=chef_lieu, **extra):
        rows.append(Spec(name, kind, role, naf_code, size, *place[:2], department.code, **extra))

    add(f"Préfecture {of}", Kind.STATE_SERVICE, "prefecture", "84.11Z", Size.INTERMEDIATE)
    ddets = "DRIEETS – Unité départementale" if region == "Île-de-France" else "DDETS"
    add(f"{ddets} {of}", Kind.STATE_SERVICE, "ddets", "84.11Z", Size.MEDIUM)
    if region not in regions_seen:  # the first département listed holds the regional seat
        regions_seen.add(region)
        dreets = "DRIEETS" if region == "Île-de-France" else "DREETS"
        add(f"{dreets} {region}", Kind.STATE_SERVICE, "dreets", "84.11Z", Size.INTERMEDIATE)
        add(f"Région {region}", Kind.COLLECTIVITE, "region", "84.11Z", Size.INTERMEDIATE)
    for name in collectivites:
        add(name, Kind.COLLECTIVITE, "collectivite", "84.11Z", Size.LARGE)
    for place in places[:2]:
        agency = " ".join(place[1:])
        add(f"France Travail {agency}", Kind.FRANCE_TRAVAIL, "agency", "84.13Z", Size.MEDIUM, place)
    add(f"Mission locale de {city}", Kind.MISSION_LOCALE, "mission_locale", "88.99B", Size.MEDIUM)
    add(f"Cap emploi {department.name}", Kind.CAP_EMPLOI, "cap_emploi", "88.99B", Size.SMALL)
    add(f"OFII – Direction territoriale de {city}", Kind.OFII, "ofii", "84.11Z", Size.SMALL)
    if afpa:
        add(f"AFPA {afpa[1]}", Kind.OPERATOR, "afpa", "85.59A", Size.MEDIUM, afpa)
    operator = f"{LOCAL_OPERATORS[index % len(LOCAL_OPERATORS)]} {label}"
    add(operator, Kind.OPERATOR, "operator", "88.99B", Size.SMALL, opco="Uniformation")
    for offset in range(2):
        template, naf_code = ASSOCIATIONS[(2 * index + offset) % len(ASSOCIATIONS)]
        name = template.format(label=label, city=city)
        place = rng.choice(places)
        add(name, Kind.ASSOCIATION, "association", naf_code, Size.SMALL, place, opco="Uniformation")
    trade, opco, sector = GEIQ_SECTORS[index % len(GEIQ_SECTORS)]
    add(f"GEIQ {trade} {label}", Kind.GEIQ, f"geiq:{sector}", "78.30Z", Size.SMALL, opco=opco)
    for template, naf_code, opco, size, sector in rng.sample(COMPANIES, COMPANIES_PER_DEPARTMENT):
        place = rng.choice(places)
        name = template.format(surname=rng.choice(SURNAMES), label=label, city=place[1])
        add(name, Kind.COMPANY, f"company:{sector}", naf_code, size, place, opco=opco)
    return rows


def _digits(text, count):
    return f"{int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10**count:0{count}d}"


def demo_siret(siren_body, establishment):
    """A valid SIRET built from an 8-digit SIREN body and a 4-digit establishment number."""
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = siren + establishment
    return body + luhn.calc_check_digit(body)


def _assign_sirets(rows):
    """A valid, unique SIRET per organisation, stable as long as its identity is."""
    used = set()
    for spec in rows:
        network = NETWORKS.get(spec.role)
        identity = f"{spec.kind}|{spec.name}|{spec.department}"
        prefix = PUBLIC_PREFIX.get(spec.kind) or str(4 + int(_digits(identity, 1)) % 6)
        siren_body = prefix + _digits(network or identity, 7)
        establishment = int(_digits(identity, 4)) if network else 1
        while True:
            siret = demo_siret(siren_body, f"{establishment:04d}")
            if siret not in used:
                break
            establishment = (establishment + 1) % 10_000
        used.add(siret)
        spec.siret = siret


def seed():
    """Create the demo organisations and contacts that are missing; return what was created.

    Missing rows are inserted with ``bulk_create_with_history``, which skips
    ``Organisation.save()``: the SIREN and NAF section it derives are set here.
    """
    rows = specs()
    departments = {d.code: d for d in Department.objects.filter(code__in=TERRITORIES)}
    opco_rows = [spec for spec in rows if spec.kind == Kind.OPCO]
    created = defaultdict(int)
    opcos = {}
    for group in (opco_rows, [spec for spec in rows if spec.kind != Kind.OPCO]):
        known = {spec.siret for spec in _saved(group)}
        missing = [
            Organisation(
                name=spec.name,
                kind=spec.kind,
                siret=spec.siret,
                siren=spec.siret[:9],
                naf_code=spec.naf_code,
                naf_section=naf.section_of(spec.naf_code),
                size_band=spec.size_band,
                address=spec.address,
                postcode=spec.postcode,
                city=spec.city,
                department=departments.get(spec.department),
                website=spec.website,
                opco=opcos.get(spec.opco),
            )
            for spec in group
            if spec.siret not in known
        ]
        bulk_create_with_history(missing, Organisation, default_change_reason=CHANGE_REASON)
        created["organisations"] += len(missing)
        opcos = {spec.name: organisation for spec, organisation in _saved(opco_rows).items()}
    created["contacts"] = _seed_contacts(rows[::3])
    return dict(created)


def _saved(rows):
    """The saved organisations of these specs, by spec (missing ones left out)."""
    saved = {o.siret: o for o in Organisation.objects.filter(siret__in=[s.siret for s in rows])}
    return {spec: saved[spec.siret] for spec in rows if spec.siret in saved}


def _seed_contacts(rows):
    """One or two contacts per organisation, drawn from its SIRET so reruns draw the same."""
    organisations = _saved(rows)
    existing = set(
        Contact.objects.filter(organisation__in=organisations.values()).values_list(
            "organisation", "email"
        )
    )
    missing = []
    for spec, organisation in organisations.items():
        rng = random.Random(spec.siret)
        words = [w for w in slugify(spec.name).split("-") if w not in STOP_WORDS]
        domain = "-".join(words[:3]) + ".exemple.fr"
        phone = TERRITORIES[spec.department][2] if spec.department else "01"
        for _ in range(1 + (rng.random() < 0.3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            email = f"{slugify(first)}.{slugify(last)}@{domain}"
            digits = " ".join(f"{rng.randint(10, 99)}" for _ in range(4))
            contact = Contact(
                organisation=organisation,
                first_name=first,
                last_name=last,
                job_title=rng.choice(JOB_TITLES[spec.kind]),
                email=email,
                phone=f"{phone} {digits}",
                consents_to_contact=rng.random() < 0.75,
            )
            if (organisation.pk, email) not in existing:
                existing.add((organisation.pk, email))
                missing.append(contact)
    bulk_create_with_history(missing, Contact, default_change_reason=CHANGE_REASON)
    return len(missing)


def registry():
    """The demo organisations by name and by (département code or None, role)."""
    by_name, by_role = {}, defaultdict(list)
    for spec, organisation in _saved(specs()).items():
        by_name[spec.name] = organisation
        by_role[spec.department, spec.role].append(organisation)
    return by_name, by_role
