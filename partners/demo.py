"""Demonstration registry for ``seed_demo``: about 400 organisations of every kind over 17
départements, the national bodies and the 11 OPCO, and contacts at a third of them.

Public bodies carry their real names; companies, associations and local operators are invented.
SIRETs are derived from a hash of each organisation's identity and the other choices come from a
seeded ``random.Random``, so a re-run rebuilds the same rows and ``get_or_create`` finds them.
"""

import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history
from stdnum import luhn

from territories.models import Department

from . import naf
from .models import Contact, Organisation
from .models import OrganisationKind as Kind
from .models import SizeBand as Size

CHANGE_REASON = "Données de démonstration (seed_demo)"

# National bodies have no département; they sit in Paris.
PARIS_HQ = ("75007", "Paris")

OPCO = {
    "Afdas": "https://www.afdas.com",
    "Atlas": "https://www.opco-atlas.fr",
    "Uniformation": "https://www.uniformation.fr",
    "Akto": "https://www.akto.fr",
    "Ocapiat": "https://www.ocapiat.fr",
    "Opco 2i": "https://www.opco2i.fr",
    "Constructys": "https://www.constructys.fr",
    "Opcommerce": "https://www.lopcommerce.com",
    "Opco Mobilités": "https://www.opcomobilites.fr",
    "Opco EP": "https://www.opcoep.fr",
    "Opco Santé": "https://www.opco-sante.fr",
}

DIAIR = "DIAIR – Délégation interministérielle à l'accueil et à l'intégration des réfugiés"
DGEFP = "DGEFP – Délégation générale à l'emploi et à la formation professionnelle"
DGEF = "DGEF – Direction générale des étrangers en France"

# name, kind, NAF, size, website
NATIONAL_BODIES = [
    (DIAIR, Kind.STATE_SERVICE, "84.11Z", Size.SMALL, "https://accueil-integration-refugies.fr"),
    (DGEFP, Kind.STATE_SERVICE, "84.11Z", Size.INTERMEDIATE, ""),
    (DGEF, Kind.STATE_SERVICE, "84.11Z", Size.INTERMEDIATE, ""),
    (
        "DIHAL – Délégation interministérielle à l'hébergement et à l'accès au logement",
        Kind.STATE_SERVICE,
        "84.11Z",
        Size.MEDIUM,
        "",
    ),
    (
        "France Travail – Direction générale",
        Kind.FRANCE_TRAVAIL,
        "84.13Z",
        Size.LARGE,
        "https://www.francetravail.fr",
    ),
    ("OFII – Direction générale", Kind.OFII, "84.11Z", Size.INTERMEDIATE, "https://www.ofii.fr"),
    ("Union nationale des missions locales", Kind.MISSION_LOCALE, "94.99Z", Size.SMALL, ""),
    ("Cheops – Réseau national des Cap emploi", Kind.CAP_EMPLOI, "94.99Z", Size.SMALL, ""),
    ("ANEFA", Kind.BRANCH, "94.11Z", Size.SMALL, "https://www.anefa.org"),
    ("FNTP", Kind.BRANCH, "94.11Z", Size.MEDIUM, "https://www.fntp.fr"),
    ("Fédération française du bâtiment", Kind.BRANCH, "94.11Z", Size.MEDIUM, ""),
    ("CAPEB", Kind.BRANCH, "94.11Z", Size.MEDIUM, "https://www.capeb.fr"),
    ("UMIH", Kind.BRANCH, "94.11Z", Size.SMALL, "https://www.umih.fr"),
    (
        "GHR – Groupement des hôtelleries et restaurations de France",
        Kind.BRANCH,
        "94.11Z",
        Size.SMALL,
        "",
    ),
    ("Fédération des entreprises de propreté", Kind.BRANCH, "94.11Z", Size.SMALL, ""),
    ("Prism'emploi", Kind.BRANCH, "94.11Z", Size.SMALL, ""),
    ("FNTR", Kind.BRANCH, "94.11Z", Size.SMALL, ""),
    ("UIMM", Kind.BRANCH, "94.11Z", Size.MEDIUM, ""),
    ("Fédération des GEIQ", Kind.BRANCH, "94.11Z", Size.SMALL, "https://www.lesgeiq.fr"),
]

# code: (label used in invented names, "du/de la" form, phone prefix, AFPA centre or None,
#        places (postcode, city[, France Travail agency quarter]) with the chef-lieu first,
#        local collectivités)
TERRITORIES = {
    "69": ("Rhône", "du Rhône", "04", ("69200", "Vénissieux"),
           [("69003", "Lyon", "Part-Dieu"), ("69200", "Vénissieux"), ("69100", "Villeurbanne"),
            ("69120", "Vaulx-en-Velin"), ("69800", "Saint-Priest")],
           ["Métropole de Lyon", "Ville de Lyon", "Département du Rhône"]),
    "75": ("Paris", "de Paris", "01", None,
           [("75015", "Paris", "15e"), ("75019", "Paris", "19e"), ("75011", "Paris"),
            ("75013", "Paris"), ("75018", "Paris")],
           ["Ville de Paris"]),
    "13": ("Provence", "des Bouches-du-Rhône", "04", ("13013", "Marseille"),
           [("13002", "Marseille", "Joliette"), ("13015", "Marseille", "Saint-Louis"),
            ("13100", "Aix-en-Provence"), ("13700", "Marignane"), ("13400", "Aubagne")],
           ["Métropole Aix-Marseille-Provence", "Ville de Marseille",
            "Département des Bouches-du-Rhône"]),
    "33": ("Gironde", "de la Gironde", "05", ("33600", "Pessac"),
           [("33000", "Bordeaux", "Bastide"), ("33700", "Mérignac"), ("33600", "Pessac"),
            ("33130", "Bègles"), ("33500", "Libourne")],
           ["Bordeaux Métropole", "Département de la Gironde"]),
    "59": ("Nord", "du Nord", "03", ("59100", "Roubaix"),
           [("59000", "Lille", "Moulins"), ("59100", "Roubaix"), ("59200", "Tourcoing"),
            ("59650", "Villeneuve-d'Ascq"), ("59140", "Dunkerque")],
           ["Métropole européenne de Lille", "Département du Nord"]),
    "67": ("Alsace", "du Bas-Rhin", "03", ("67100", "Strasbourg"),
           [("67000", "Strasbourg", "Gare"), ("67300", "Schiltigheim"),
            ("67400", "Illkirch-Graffenstaden"), ("67500", "Haguenau")],
           ["Eurométropole de Strasbourg", "Collectivité européenne d'Alsace"]),
    "31": ("Haute-Garonne", "de la Haute-Garonne", "05", ("31130", "Balma"),
           [("31000", "Toulouse", "Capitole"), ("31100", "Toulouse", "Mirail"),
            ("31700", "Blagnac"), ("31770", "Colomiers"), ("31130", "Balma")],
           ["Toulouse Métropole", "Département de la Haute-Garonne"]),
    "44": ("Loire-Atlantique", "de la Loire-Atlantique", "02", ("44800", "Saint-Herblain"),
           [("44000", "Nantes", "Centre"), ("44800", "Saint-Herblain"), ("44600", "Saint-Nazaire"),
            ("44400", "Rezé")],
           ["Nantes Métropole", "Département de Loire-Atlantique"]),
    "34": ("Hérault", "de l'Hérault", "04", ("34430", "Saint-Jean-de-Védas"),
           [("34000", "Montpellier", "Centre"), ("34500", "Béziers"), ("34200", "Sète"),
            ("34400", "Lunel")],
           ["Montpellier Méditerranée Métropole", "Département de l'Hérault"]),
    "06": ("Côte d'Azur", "des Alpes-Maritimes", "04", ("06800", "Cagnes-sur-Mer"),
           [("06000", "Nice", "Centre"), ("06400", "Cannes"), ("06600", "Antibes"),
            ("06130", "Grasse")],
           ["Métropole Nice Côte d'Azur", "Département des Alpes-Maritimes"]),
    "38": ("Isère", "de l'Isère", "04", ("38800", "Le Pont-de-Claix"),
           [("38000", "Grenoble", "Centre"), ("38130", "Échirolles"),
            ("38400", "Saint-Martin-d'Hères"), ("38200", "Vienne")],
           ["Grenoble-Alpes Métropole", "Département de l'Isère"]),
    "93": ("Seine-Saint-Denis", "de la Seine-Saint-Denis", "01", ("93100", "Montreuil"),
           [("93000", "Bobigny"), ("93200", "Saint-Denis"), ("93100", "Montreuil"),
            ("93300", "Aubervilliers"), ("93240", "Stains")],
           ["Plaine Commune", "Département de la Seine-Saint-Denis"]),
    "35": ("Ille-et-Vilaine", "d'Ille-et-Vilaine", "02", ("35200", "Rennes"),
           [("35000", "Rennes", "Centre"), ("35400", "Saint-Malo"), ("35300", "Fougères"),
            ("35510", "Cesson-Sévigné")],
           ["Rennes Métropole", "Département d'Ille-et-Vilaine"]),
    "63": ("Auvergne", "du Puy-de-Dôme", "04", ("63100", "Clermont-Ferrand"),
           [("63000", "Clermont-Ferrand", "Centre"), ("63200", "Riom"), ("63500", "Issoire"),
            ("63800", "Cournon-d'Auvergne")],
           ["Clermont Auvergne Métropole", "Département du Puy-de-Dôme"]),
    "76": ("Normandie", "de la Seine-Maritime", "02", ("76600", "Le Havre"),
           [("76000", "Rouen", "Centre"), ("76600", "Le Havre"), ("76200", "Dieppe"),
            ("76500", "Elbeuf")],
           ["Métropole Rouen Normandie", "Département de la Seine-Maritime"]),
    "57": ("Moselle", "de la Moselle", "03", ("57070", "Metz"),
           [("57000", "Metz", "Centre"), ("57100", "Thionville"), ("57600", "Forbach"),
            ("57200", "Sarreguemines")],
           ["Metz Métropole", "Département de la Moselle"]),
    "21": ("Côte-d'Or", "de la Côte-d'Or", "03", ("21800", "Chevigny-Saint-Sauveur"),
           [("21000", "Dijon", "Centre"), ("21200", "Beaune"), ("21300", "Chenôve"),
            ("21240", "Talant")],
           ["Dijon Métropole", "Département de la Côte-d'Or"]),
}  # fmt: skip

# name template, NAF, OPCO, size, sector (config.vocabularies.Sector)
COMPANIES = [
    ("Maçonnerie {surname} & Fils", "43.99C", "Constructys", Size.SMALL, "construction"),
    ("{surname} Bâtiment", "41.20A", "Constructys", Size.MEDIUM, "construction"),
    ("Menuiserie {surname}", "43.32A", "Constructys", Size.MICRO, "construction"),
    ("Électricité {surname} et Associés", "43.21A", "Constructys", Size.SMALL, "construction"),
    ("Travaux publics {label}", "42.11Z", "Constructys", Size.MEDIUM, "construction"),
    ("Transports {surname}", "49.41A", "Opco Mobilités", Size.SMALL, "logistics"),
    ("Entrepôts {label}", "52.10B", "Opco Mobilités", Size.MEDIUM, "logistics"),
    ("Messagerie {label} Express", "53.20Z", "Opco Mobilités", Size.SMALL, "logistics"),
    ("Brasserie {surname}", "56.10A", "Akto", Size.MICRO, "hospitality"),
    ("Hôtel du Parc – {city}", "55.10Z", "Akto", Size.SMALL, "hospitality"),
    ("Traiteur {surname}", "56.21Z", "Akto", Size.SMALL, "hospitality"),
    ("{label} Propreté Services", "81.21Z", "Akto", Size.MEDIUM, "cleaning"),
    ("Nettoyage {surname}", "81.21Z", "Akto", Size.SMALL, "cleaning"),
    ("{label} Intérim", "78.20Z", "Akto", Size.SMALL, "several"),
    ("Maraîchage {surname}", "01.13Z", "Ocapiat", Size.MICRO, "agriculture"),
    ("Paysages {label}", "81.30Z", "Ocapiat", Size.SMALL, "agriculture"),
    ("Salaisons {label}", "10.13A", "Ocapiat", Size.MEDIUM, "industry"),
    ("Mécanique de précision {surname}", "25.62B", "Opco 2i", Size.SMALL, "industry"),
    ("Plasturgie {label}", "22.29A", "Opco 2i", Size.MEDIUM, "industry"),
    ("Boulangerie {surname}", "10.71C", "Opco EP", Size.MICRO, "retail"),
    ("Résidence Les Tilleuls – {city}", "87.10A", "Opco Santé", Size.MEDIUM, "care"),
    ("Aide et services à domicile {label}", "88.10A", "Opco EP", Size.MEDIUM, "care"),
    ("Marché frais {surname}", "47.11D", "Opcommerce", Size.MEDIUM, "retail"),
    ("{label} Numérique", "62.01Z", "Atlas", Size.SMALL, "digital"),
    ("Scènes et Lumières {label}", "90.02Z", "Afdas", Size.MICRO, "several"),
]
COMPANIES_PER_DEPARTMENT = 6

# GEIQ sector, OPCO, programmes sector
GEIQ_SECTORS = [
    ("BTP", "Constructys", "construction"),
    ("Propreté", "Akto", "cleaning"),
    ("Transport Logistique", "Opco Mobilités", "logistics"),
    ("Agricole", "Ocapiat", "agriculture"),
    ("Industrie", "Opco 2i", "industry"),
    ("Hôtellerie-Restauration", "Akto", "hospitality"),
]

# name template, NAF ({label} is the territory's label, {city} its chef-lieu)
ASSOCIATIONS = [
    ("Accueil et Avenir {label}", "88.99B"),
    ("Maison des langues de {city}", "85.59B"),
    ("Solidarité Exilés {label}", "88.99B"),
    ("Les Ateliers du français – {city}", "85.59A"),
    ("Entraide Réfugiés {label}", "88.99B"),
    ("Mentorat Emploi {label}", "88.99B"),
]
LOCAL_OPERATORS = ["Trajectoires", "Horizons Insertion", "Escale Emploi", "Ancrages", "Relais"]

SURNAMES = [
    "Perrin", "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefebvre", "Garnier",
    "Fontaine", "Chevalier", "Mercier", "Blanc", "Guérin", "Boyer", "Faure", "Roussel",
    "Morel", "Gauthier", "Da Silva", "Haddad", "Ndiaye", "Nguyen", "Meyer", "Lemaire",
    "Carpentier", "Barbier", "Renaud", "Benmansour", "Lopes", "Kowalski",
]  # fmt: skip
FIRST_NAMES = [
    "Camille", "Nicolas", "Sophie", "Karim", "Fatou", "Julien", "Amandine", "Mehdi", "Claire",
    "Thomas", "Léa", "Yannick", "Aïcha", "Laurent", "Sandrine", "Hugo", "Inès", "Olivier",
    "Marion", "Samir", "Élodie", "François", "Nathalie", "Rachid", "Céline", "Antoine",
    "Mariam", "Vincent", "Hélène", "Moussa",
]  # fmt: skip
STREETS = [
    "rue de la République", "avenue Jean-Jaurès", "boulevard Gambetta", "rue Victor-Hugo",
    "rue Pasteur", "avenue de la Gare", "rue du Général-Leclerc", "rue de l'Industrie",
    "allée des Artisans", "rue Jules-Ferry", "place de la Mairie", "avenue Foch",
]  # fmt: skip
STOP_WORDS = {"d", "de", "des", "du", "et", "l", "la", "le", "les"}
JOB_TITLES = {
    Kind.COMPANY: ["Responsable des ressources humaines", "Responsable d'exploitation", "Gérance"],
    Kind.GEIQ: ["Direction", "Responsable du recrutement"],
    Kind.BRANCH: ["Responsable emploi-formation", "Délégation générale"],
    Kind.OPCO: ["Responsable des partenariats emploi", "Délégation régionale"],
    Kind.FRANCE_TRAVAIL: ["Référent entreprises", "Direction d'agence"],
    Kind.MISSION_LOCALE: ["Direction", "Référent emploi"],
    Kind.CAP_EMPLOI: ["Direction", "Relation entreprises"],
    Kind.OFII: ["Responsable du pôle intégration", "Direction territoriale"],
    Kind.ASSOCIATION: ["Coordination", "Présidence", "Responsable de projet"],
    Kind.OPERATOR: ["Responsable de projet", "Direction", "Référent insertion professionnelle"],
    Kind.COLLECTIVITE: ["Responsable de la mission insertion et emploi", "Direction de l'emploi"],
    Kind.STATE_SERVICE: ["Référent intégration des réfugiés", "Responsable du pôle insertion"],
}
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
