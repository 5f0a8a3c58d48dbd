"""Demonstration partnerships for ``seed_demo``, on top of the demo registry (``partners.demo``),
the programmes (``programmes.demo``) and the demo accounts: leads at every step of the
pipeline, partnership conventions (national ones with the Fédération des GEIQ, ANEFA, OPCO and
two large employers; territorial ones in Rhône, Paris, Bouches-du-Rhône and Seine-Saint-Denis)
with their objectives and amendments, a year of mobilisation actions and two months ahead, and
the contact notes of the coordinators.

Dates are fixed around ``REFERENCE_DAY`` (the end of November 2026, as in the programmes demo)
and every choice comes from a seeded ``random.Random``, so a re-run builds the same rows and
inserts only those missing, found by their natural keys: leads by (company, submission date),
conventions by title, objectives by (convention, indicator, period start), amendments by
(convention, signing date), mobilisation actions by (title, date) and interactions by
(organisation, date, kind, summary). Existing rows are never changed, except the needs of
companies that have none yet. As in ``programmes.demo``, the many-to-many rows of the new
conventions and actions are bulk-inserted without their history.
"""

import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from config.vocabularies import Indicator, Sector
from territories.models import Department

from . import demo as partners_demo
from .models import (
    Contact,
    Convention,
    ConventionAmendment,
    ConventionObjective,
    ConventionStatus,
    HelpWanted,
    Interaction,
    InteractionKind,
    Lead,
    LeadStatus,
    MobilisationAction,
    MobilisationKind,
    Organisation,
    OrganisationKind,
    SizeBand,
)
from .models.convention import ConventionScope
from .models.mobilisation import MobilisationFormat

CHANGE_REASON = partners_demo.CHANGE_REASON
GHR = "GHR – Groupement des hôtelleries et restaurations de France"
SEED = "tremplin-demo-partnerships"

#: The demo's "today": past actions have happened, later ones are upcoming.
REFERENCE_DAY = date(2026, 11, 27)

NATIONAL_USER = "national@tremplin.test"
COORDINATORS = {"69": "rhone@tremplin.test", "75": "paris@tremplin.test"}

NEW, CONTACTED, QUALIFIED = LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED
CONVENTION, NOT_PURSUED = LeadStatus.CONVENTION, LeadStatus.NOT_PURSUED
DRAFT, SIGNED, ACTIVE = ConventionStatus.DRAFT, ConventionStatus.SIGNED, ConventionStatus.ACTIVE
ENDED, RENEWED = ConventionStatus.ENDED, ConventionStatus.RENEWED

# Large employers the demo registry lacks: name, NAF, OPCO, département, postcode, city,
# address, sector.
EMPLOYERS = [
    ("Groupe Hexalia Services", "81.21Z", "Akto", "75", "75008", "Paris",
     "40 rue de Courcelles", Sector.CLEANING),
    ("Vectis Logistique", "52.10B", "Opco Mobilités", "93", "93200", "Saint-Denis",
     "12 avenue du Président-Wilson", Sector.LOGISTICS),
]  # fmt: skip

JOBS = {
    Sector.CONSTRUCTION: [
        "Maçons, coffreurs-bancheurs (CDI)",
        "Électriciens du bâtiment (CDD 12 mois)",
        "Manœuvres et aides-maçons (intérim longue durée)",
        "Plaquistes et peintres (CDI)",
        "Canalisateurs (contrat de professionnalisation)",
    ],
    Sector.LOGISTICS: [
        "Préparateurs de commandes (CDI)",
        "Caristes CACES R489 (CDD 6 mois)",
        "Chauffeurs-livreurs permis C (CDI)",
        "Agents de quai (intérim)",
    ],
    Sector.HOSPITALITY: [
        "Commis de cuisine et plongeurs (CDI)",
        "Femmes et valets de chambre (CDD saisonnier)",
        "Serveurs en salle (CDI)",
        "Employés polyvalents de restauration (CDI temps partiel)",
    ],
    Sector.CLEANING: [
        "Agents de propreté (CDI temps partiel)",
        "Laveurs de vitres (CDI)",
        "Agents de nettoyage industriel (contrat de professionnalisation)",
    ],
    Sector.AGRICULTURE: [
        "Ouvriers maraîchers (CDD saisonnier)",
        "Ouvriers paysagistes (CDI)",
        "Agents d'élevage (CDI)",
    ],
    Sector.INDUSTRY: [
        "Opérateurs de production (CDI)",
        "Régleurs sur machines à commande numérique (contrat de professionnalisation)",
        "Bouchers-désosseurs (CDI)",
        "Soudeurs (CDD 12 mois)",
    ],
    Sector.CARE: [
        "Aides à domicile (CDI)",
        "Agents de service hospitalier (CDI)",
        "Aides-soignants (apprentissage)",
    ],
    Sector.RETAIL: [
        "Employés de libre-service (CDI)",
        "Boulangers et vendeurs en boulangerie (apprentissage)",
        "Employés du rayon fruits et légumes (CDD 6 mois)",
    ],
    Sector.DIGITAL: [
        "Techniciens support informatique (CDI)",
        "Développeurs web juniors (contrat de professionnalisation)",
    ],
    Sector.SEVERAL: [
        "Postes polyvalents selon les missions (intérim)",
        "Techniciens son et lumière (CDD d'usage)",
    ],
}
SECTOR_WORDS = {
    Sector.CONSTRUCTION: "BTP",
    Sector.LOGISTICS: "logistique",
    Sector.HOSPITALITY: "hôtellerie-restauration",
    Sector.CLEANING: "propreté",
    Sector.AGRICULTURE: "agriculture et paysage",
    Sector.INDUSTRY: "industrie",
    Sector.CARE: "aide à la personne",
    Sector.RETAIL: "commerce",
    Sector.DIGITAL: "numérique",
    Sector.SEVERAL: "tous métiers",
}

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

NOT_PURSUED_REASONS = [
    "L'entreprise a gelé ses recrutements jusqu'à la fin de l'année.",
    "Les postes exigent un niveau de français B2 à l'écrit, hors de portée des candidats "
    "accompagnés à court terme.",
    "Aucune réponse malgré trois relances (téléphone et courriel).",
    "Besoin déjà couvert par une agence d'intérim partenaire.",
    "Établissement en cours de cession ; à recontacter en 2027.",
]
QUALIFIED_NOTES = [
    "Visite sur site faite : besoin confirmé, accueil possible de stagiaires en PMSMP avant "
    "embauche. Orientation vers le GEIQ et France Travail pour le sourcing.",
    "Besoin qualifié avec la responsable RH : tutorat prévu, horaires compatibles avec les "
    "cours de français. Candidats HOPE à présenter.",
    "Besoin qualifié ; l'entreprise demande un appui pour l'accueil (livret traduit, "
    "interprétariat) et une session de sensibilisation de l'encadrement.",
]

# Mobilisation actions drawn at random: the départements of the past slots (every ~10 days
# over the last year) and of the upcoming ones (None: a national action).
PAST_SLOTS = [
    "69", "75", None, "13", "69", "93", "75", "59", "33", "69", None, "75", "31", "44", "67",
    "38", "69", "75", "06", "35", None, "63", "76", "69", "75", "34", "57", "21", "93", "13",
    None, "59", "69", "75", "33", "44",
]  # fmt: skip
UPCOMING_SLOTS = ["75", "13", None, "69", "93"]
WEBINAR_TOPICS = [
    "recruter une personne réfugiée, mode d'emploi",
    "le parcours HOPE, de la formation à l'alternance",
    "l'alternance en GEIQ pour les personnes réfugiées",
    "accueillir un stagiaire en immersion (PMSMP)",
    "le français à visée professionnelle en entreprise",
    "les aides à l'embauche et l'accompagnement AGIR",
]
ACTION_NOTES = {
    MobilisationKind.AWARENESS: [
        "Présentation des statuts de protection, du droit au travail et des programmes HOPE "
        "et AGIR ; témoignage d'une entreprise déjà engagée.",
        "Questions nombreuses sur le niveau de français attendu et les démarches "
        "administratives ; la DDETS a rappelé qu'aucune autorisation de travail n'est requise.",
    ],
    MobilisationKind.WEBINAR: [
        "Webinaire enregistré ; questions sur le tutorat, la reconnaissance des diplômes et "
        "les aides mobilisables.",
        "Forte participation des PME ; le replay a été envoyé aux inscrits.",
    ],
    MobilisationKind.HR_SUPPORT: [
        "Atelier avec l'encadrement : accueil, tutorat, prévention des discriminations à "
        "l'embauche ; présentation de l'interprétariat et du livret d'accueil.",
        "Revue des fiches de poste pour lever les exigences de diplôme non indispensables.",
    ],
    MobilisationKind.JOB_DATING: [
        "Candidats préparés par France Travail, l'opérateur AGIR et les associations ; "
        "entretiens de 15 minutes avec interprète au besoin.",
        "Beaucoup d'entretiens conclus par une proposition d'immersion (PMSMP) avant embauche.",
    ],
    MobilisationKind.NETWORK_MEETING: [
        "Tour de table des recrutements de l'année et des difficultés rencontrées (mobilité, "
        "garde d'enfants, logement).",
        "Point sur les conventions en cours et le calendrier des prochains job datings.",
    ],
}
ACTION_FOLLOW_UPS = {
    MobilisationKind.AWARENESS: "Envoyer le support et la fiche « Recruter une personne "
    "réfugiée » ; rappeler les entreprises intéressées sous 15 jours.",
    MobilisationKind.WEBINAR: "Envoyer le replay ; transmettre les entreprises intéressées aux "
    "coordinateurs de leur département.",
    MobilisationKind.HR_SUPPORT: "Envoyer le livret d'accueil traduit ; point à 3 mois avec la "
    "responsable RH.",
    MobilisationKind.JOB_DATING: "Relancer les entreprises à 15 jours sur les suites données ; "
    "organiser les PMSMP proposées.",
    MobilisationKind.NETWORK_MEETING: "Diffuser le compte rendu ; inscrire les entreprises "
    "volontaires au prochain job dating.",
}
GEIQ_NOTES = [
    (InteractionKind.CALL, "Point mensuel avec le GEIQ : {n} candidats réfugiés positionnés "
     "sur des contrats de professionnalisation."),
    (InteractionKind.MEETING, "Réunion sur les ruptures de contrat en période d'essai : mise en "
     "place d'un binôme tuteur–accompagnateur socioprofessionnel."),
    (InteractionKind.EMAIL, "Le GEIQ propose d'ouvrir {n} places réservées aux sortants de HOPE "
     "sur sa prochaine promotion ; liste des prérequis reçue."),
]  # fmt: skip
EVENT_NOTES = {
    MobilisationKind.AWARENESS: "Échange avec {organisation} à la fin de la matinale : "
    "souhaite accueillir un stagiaire en immersion avant de recruter.",
    MobilisationKind.WEBINAR: "Question de {organisation} pendant le webinaire sur le niveau "
    "de français attendu ; rappel prévu.",
    MobilisationKind.JOB_DATING: "Au job dating, {organisation} a retenu des candidats pour "
    "un second entretien ; suivi à 15 jours.",
    MobilisationKind.NETWORK_MEETING: "{organisation} a présenté son expérience de tutorat au "
    "réseau ; volontaire pour parrainer une autre entreprise.",
}


def at(day, hour, minute=0):
    """An aware datetime on `day`, in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_day(day, forward=False):
    """`day`, or the working day before it (after it if `forward`): weekends, French public
    holidays and, for events, the Christmas fortnight skipped."""
    french_holidays = holidays.France(years=range(day.year - 1, day.year + 2))
    step = timedelta(days=1 if forward else -1)
    if not forward and (day.month, day.day) >= (12, 20):
        day = day.replace(day=18)
    elif not forward and (day.month, day.day) <= (1, 4):
        day = date(day.year - 1, 12, 18)
    while day.weekday() >= 5 or day in french_holidays:
        day += step
    return day


def working_moment_before(moment, days, hour):
    """At `hour` on the working day `days` before `moment` (or the one before it)."""
    return at(working_day(timezone.localtime(moment).date() - timedelta(days=days)), hour)


def on_working_day(moment, latest):
    """`moment` moved to the next working day, and no later than `latest`."""
    day = timezone.localtime(moment).date()
    shifted = moment + timedelta(days=(working_day(day, forward=True) - day).days)
    return min(shifted, latest)


def employer_siret(name):
    """A valid SIRET for an invented employer (SIREN starting with 6, head office 0001)."""
    digits = int(hashlib.sha256(f"partnerships|{name}".encode()).hexdigest(), 16) % 10**7
    return partners_demo.demo_siret(f"6{digits:07d}", "0001")


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


@dataclass
class ActionSpec:
    title: str
    kind: str
    date: date
    department: str | None  # code; None for a national action
    organiser: Organisation
    format: str = ""
    invited: list = field(default_factory=list)
    attendees: list = field(default_factory=list)
    participants: int = 0
    notes: str = ""
    follow_up: str = ""

    def __post_init__(self):
        if not self.format:
            online = self.kind == MobilisationKind.WEBINAR
            self.format = MobilisationFormat.ONLINE if online else MobilisationFormat.ON_SITE


class Seeder:
    """Builds every spec first (the same at each run), then inserts what is missing."""

    def __init__(self, demo_company):
        self.demo_company = demo_company
        self.orgs, self.local = partners_demo.registry()
        self.departments = {d.code: d for d in Department.objects.all()}
        self.codes = {d.pk: code for code, d in self.departments.items()}
        emails = [NATIONAL_USER, *COORDINATORS.values()]
        self.users = {user.email: user for user in User.objects.filter(email__in=emails)}
        self.created = Counter()
        self.sector_of = {
            organisation.pk: role.split(":", 1)[1]
            for (_code, role), organisations in self.local.items()
            if role.startswith(("company:", "geiq:"))
            for organisation in organisations
        }
        self.sector_of[demo_company.pk] = Sector.CONSTRUCTION
        self.employers = self.seed_employers()
        self.contacts = {}

    # Lookups ---------------------------------------------------------------------------------

    def org(self, code, role):
        return self.local[code, role][0]

    def author(self, code):
        return self.users.get(COORDINATORS.get(code, NATIONAL_USER))

    def department_companies(self, code):
        """The companies of the département: the registry's, then the large employers."""
        companies = [
            organisation
            for (department, role), organisations in self.local.items()
            if department == code and role.startswith("company:")
            for organisation in organisations
        ]
        companies += [o for o in self.employers.values() if o.department_id == self.dept(code).pk]
        return companies

    def companies(self, code, sector, count=1, exclude=()):
        """`count` companies of the département, those of `sector` first."""
        candidates = [o for o in self.department_companies(code) if o not in exclude]
        candidates.sort(key=lambda o: self.sector_of.get(o.pk) != sector)
        return candidates[:count]

    def geiq(self, code):
        return next(
            organisations[0]
            for (department, role), organisations in self.local.items()
            if department == code and role.startswith("geiq:")
        )

    def dept(self, code):
        return self.departments[code]

    # Employers and contacts ------------------------------------------------------------------

    def seed_employers(self):
        employers = {}
        for name, naf_code, opco, code, postcode, city, address, sector in EMPLOYERS:
            siret = employer_siret(name)
            organisation = Organisation.objects.filter(siret=siret).first()
            if organisation is None:
                organisation = Organisation(
                    name=name,
                    kind=OrganisationKind.COMPANY,
                    siret=siret,
                    naf_code=naf_code,
                    size_band=SizeBand.LARGE,
                    address=address,
                    postcode=postcode,
                    city=city,
                    department=self.departments[code],
                    opco=self.orgs[opco],
                )
                organisation._change_reason = CHANGE_REASON
                organisation.save()
                self.created["organisations"] += 1
            employers[name] = organisation
            self.sector_of[organisation.pk] = sector
        return employers

    def seed_contacts(self, organisations):
        """A contact per organisation: its first existing one, else an HR manager drawn from
        its SIRET (the same at each run)."""
        organisations = list(dict.fromkeys(organisations))
        for contact in Contact.objects.filter(organisation__in=organisations).order_by("pk"):
            self.contacts.setdefault(contact.organisation_id, contact)
        missing = []
        for organisation in organisations:
            if organisation.pk in self.contacts:
                continue
            rng = random.Random(f"{SEED}|{organisation.siret}")
            first, last = rng.choice(partners_demo.FIRST_NAMES), rng.choice(partners_demo.SURNAMES)
            words = slugify(organisation.name).split("-")
            words = [w for w in words if w not in partners_demo.STOP_WORDS]
            code = self.codes.get(organisation.department_id)
            prefix = partners_demo.TERRITORIES[code][2] if code else "01"
            contact = Contact(
                organisation=organisation,
                first_name=first,
                last_name=last,
                job_title="Responsable des ressources humaines",
                email=f"{slugify(first)}.{slugify(last)}@{'-'.join(words[:3])}.exemple.fr",
                phone=f"{prefix} " + " ".join(f"{rng.randint(10, 99)}" for _ in range(4)),
                consents_to_contact=True,
            )
            missing.append(contact)
            self.contacts[organisation.pk] = contact
        bulk_create_with_history(missing, Contact, default_change_reason=CHANGE_REASON)
        self.created["contacts"] += len(missing)

    # Conventions -----------------------------------------------------------------------------

    def convention_specs(self):
        o = self.orgs
        diair = o[partners_demo.DIAIR]
        hexalia = self.employers["Groupe Hexalia Services"]
        vectis = self.employers["Vectis Logistique"]
        geiqs = [
            organisation
            for (_code, role), organisations in self.local.items()
            if role.startswith("geiq:")
            for organisation in organisations
        ]
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
        year = date(2026, 1, 1), date(2026, 12, 31)
        return [
            ConventionSpec(
                "geiq",
                "Convention nationale DIAIR – Fédération des GEIQ 2025–2027",
                ACTIVE, date(2025, 3, 14), date(2025, 4, 1), date(2027, 12, 31),
                [diair, o["Fédération des GEIQ"], *geiqs],
                description="Parcours en alternance dans les GEIQ (contrats de "
                "professionnalisation) pour les personnes réfugiées, avec accompagnement "
                "socioprofessionnel et français à visée professionnelle.",
                objectives=[
                    (Indicator.HIRES, 300, date(2025, 4, 1), date(2027, 12, 31), None),
                    (Indicator.TRAINING_ENTRIES, 150, *year, None),
                    (Indicator.APPRENTICESHIPS, 120, *year, None),
                    (Indicator.HIRES, 30, *year, "69"),
                ],
                amendments=[
                    (date(2026, 2, 10), "Avenant n° 1 : extension aux GEIQ Propreté et "
                     "Hôtellerie-Restauration ; objectif d'entrées en formation porté à 150 "
                     "pour 2026."),
                ],
            ),
            ConventionSpec(
                "anefa",
                "Convention nationale DIAIR – ANEFA : emploi des réfugiés dans l'agriculture "
                "2024–2026",
                ACTIVE, date(2024, 2, 26), date(2024, 3, 1), date(2026, 12, 31),
                [diair, o["ANEFA"], o["Ocapiat"]],
                description="Découverte des métiers agricoles, immersions en exploitation "
                "(PMSMP), recrutements saisonniers puis durables avec les associations "
                "départementales emploi-formation en agriculture.",
                objectives=[
                    (Indicator.HIRES, 200, date(2024, 3, 1), date(2026, 12, 31), None),
                    (Indicator.IMMERSIONS, 120, date(2024, 3, 1), date(2026, 12, 31), None),
                    (Indicator.TRAINING_ENTRIES, 60, *year, None),
                ],
                amendments=[
                    (date(2025, 3, 3), "Avenant n° 1 : volet saisonnier (maraîchage, "
                     "vendanges) et appui au logement des salariés agricoles."),
                ],
            ),
            ConventionSpec(
                "constructys-2023",
                "Accord-cadre DIAIR – Constructys : HOPE et alternance dans le BTP 2023–2025",
                RENEWED, date(2022, 12, 12), date(2023, 1, 1), date(2025, 12, 31),
                [diair, o["Constructys"], o["Fédération française du bâtiment"]],
                description="Financement des POEC et des contrats de professionnalisation "
                "des promotions HOPE du bâtiment et des travaux publics.",
                objectives=[
                    (Indicator.TRAINING_ENTRIES, 150, date(2023, 1, 1), date(2025, 12, 31), None),
                    (Indicator.APPRENTICESHIPS, 60, date(2023, 1, 1), date(2025, 12, 31), None),
                ],
            ),
            ConventionSpec(
                "constructys",
                "Accord-cadre DIAIR – Constructys : HOPE et alternance dans le BTP 2026–2028",
                ACTIVE, date(2025, 12, 15), date(2026, 1, 1), date(2028, 12, 31),
                [diair, o["Constructys"], o["Fédération française du bâtiment"], o["CAPEB"],
                 o["FNTP"]],
                description="Renouvellement de l'accord-cadre 2023–2025, étendu aux "
                "entreprises artisanales (CAPEB) et aux travaux publics (FNTP).",
                objectives=[
                    (Indicator.TRAINING_ENTRIES, 180, *year, None),
                    (Indicator.APPRENTICESHIPS, 70, date(2026, 1, 1), date(2028, 12, 31), None),
                    (Indicator.DURABLE_HIRES, 120, date(2026, 1, 1), date(2028, 12, 31), None),
                ],
            ),
            ConventionSpec(
                "akto",
                "Convention DIAIR – Akto : hôtellerie-restauration et propreté 2025–2026",
                ACTIVE, date(2025, 5, 20), date(2025, 6, 1), date(2026, 12, 31),
                [diair, o["Akto"], o["UMIH"], o[GHR],
                 o["Fédération des entreprises de propreté"]],
                description="POEC et contrats de professionnalisation dans l'hôtellerie, la "
                "restauration et la propreté, avec les branches professionnelles.",
                objectives=[
                    (Indicator.HIRES, 200, date(2025, 6, 1), date(2026, 12, 31), None),
                    (Indicator.TRAINING_ENTRIES, 120, date(2025, 6, 1), date(2026, 12, 31), None),
                    (Indicator.IMMERSIONS, 90, *year, None),
                ],
            ),
            ConventionSpec(
                "mobilites",
                "Convention DIAIR – Opco Mobilités : métiers de la logistique 2022–2024",
                ENDED, date(2022, 4, 5), date(2022, 5, 1), date(2024, 12, 31),
                [diair, o["Opco Mobilités"], o["FNTR"]],
                description="Formations au permis C et aux CACES, puis recrutement dans le "
                "transport routier et la logistique.",
                objectives=[
                    (Indicator.HIRES, 150, date(2022, 5, 1), date(2024, 12, 31), None),
                    (Indicator.TRAINING_ENTRIES, 100, date(2022, 5, 1), date(2024, 12, 31), None),
                ],
            ),
            ConventionSpec(
                "hexalia",
                "Convention nationale DIAIR – Groupe Hexalia Services 2026–2028",
                ACTIVE, date(2026, 3, 9), date(2026, 4, 1), date(2028, 3, 31),
                [diair, hexalia, o["Akto"]],
                description="Engagement du groupe à recruter des personnes réfugiées dans ses "
                "agences de propreté et de restauration collective, avec tutorat et "
                "français sur le lieu de travail.",
                objectives=[
                    (Indicator.HIRES, 120, date(2026, 4, 1), date(2028, 3, 31), None),
                    (Indicator.DURABLE_HIRES, 60, date(2026, 4, 1), date(2028, 3, 31), None),
                    (Indicator.IMMERSIONS, 50, date(2026, 4, 1), date(2027, 3, 31), None),
                    (Indicator.HIRES, 25, date(2026, 4, 1), date(2027, 3, 31), "75"),
                ],
                lead_companies=[hexalia],
            ),
            ConventionSpec(
                "vectis",
                "Convention DIAIR – Vectis Logistique 2027",
                DRAFT, None, date(2027, 1, 4), date(2027, 12, 31),
                [diair, vectis, o["Opco Mobilités"]],
                description="Projet : parcours préparateur de commandes et cariste dans les "
                "entrepôts franciliens du groupe.",
                objectives=[
                    (Indicator.HIRES, 80, date(2027, 1, 4), date(2027, 12, 31), None),
                    (Indicator.TRAINING_ENTRIES, 40, date(2027, 1, 4), date(2027, 12, 31), None),
                ],
            ),
            ConventionSpec(
                "rhone",
                "Convention territoriale Rhône – BTP et logistique 2026–2027",
                ACTIVE, date(2026, 1, 12), date(2026, 1, 15), date(2027, 12, 31),
                [self.org("69", "prefecture"), self.org("69", "ddets"), self.geiq("69"),
                 self.demo_company, *rhone],
                departments=["69"],
                description="Job datings trimestriels, immersions et recrutements en "
                "alternance avec le GEIQ BTP, pour les personnes réfugiées accompagnées dans "
                "le Rhône (AGIR, HOPE, PIC IPR).",
                objectives=[
                    (Indicator.EVENT_PARTICIPANTS, 150, date(2026, 1, 15), year[1], "69"),
                    (Indicator.HIRES, 60, date(2026, 1, 15), date(2027, 12, 31), "69"),
                    (Indicator.DURABLE_HIRES, 35, date(2026, 1, 15), date(2027, 12, 31), "69"),
                    (Indicator.IMMERSIONS, 40, date(2026, 1, 15), year[1], "69"),
                ],
                amendments=[
                    (date(2026, 9, 15), "Avenant n° 1 : objectif d'immersions (PMSMP) ajouté "
                     "et calendrier des job datings 2026–2027 annexé."),
                ],
                lead_companies=rhone,
            ),
            ConventionSpec(
                "rhone-care",
                "Convention territoriale Rhône – Aide à domicile et commerce 2024–2025",
                ENDED, date(2024, 4, 8), date(2024, 4, 15), date(2025, 12, 31),
                [self.org("69", "ddets"), *rhone_care],
                departments=["69"],
                description="Recrutement d'aides à domicile et d'employés de commerce, avec "
                "un module de français professionnel financé par la Métropole.",
                objectives=[
                    (Indicator.HIRES, 30, date(2024, 4, 15), date(2025, 12, 31), "69"),
                    (Indicator.TRAINING_ENTRIES, 25, date(2024, 4, 15), date(2025, 12, 31), "69"),
                ],
                lead_companies=rhone_care[:1],
            ),
            ConventionSpec(
                "paris",
                "Convention territoriale Paris – Hôtellerie, restauration et propreté "
                "2025–2026",
                ACTIVE, date(2025, 9, 22), date(2025, 10, 1), date(2026, 12, 31),
                [self.org("75", "prefecture"), self.org("75", "ddets"), self.orgs["Ville de Paris"],
                 self.geiq("75"), *paris],
                departments=["75"],
                description="Job datings, immersions et recrutements dans l'hôtellerie, la "
                "restauration et la propreté parisiennes, avec le GEIQ Propreté.",
                objectives=[
                    (Indicator.HIRES, 80, date(2025, 10, 1), date(2026, 12, 31), "75"),
                    (Indicator.EVENT_PARTICIPANTS, 200, date(2025, 10, 1), year[1], "75"),
                    (Indicator.IMMERSIONS, 45, *year, "75"),
                ],
                lead_companies=paris,
            ),
            ConventionSpec(
                "paris-logistics",
                "Convention territoriale Paris – Logistique du dernier kilomètre 2027",
                DRAFT, None, date(2027, 2, 1), date(2028, 1, 31),
                [self.org("75", "ddets"), *paris_logistics],
                departments=["75"],
                description="Projet : préparation au permis C et recrutement de "
                "livreurs et préparateurs de commandes.",
                objectives=[
                    (Indicator.HIRES, 40, date(2027, 2, 1), date(2028, 1, 31), "75"),
                    (Indicator.TRAINING_ENTRIES, 30, date(2027, 2, 1), date(2028, 1, 31), "75"),
                ],
            ),
            ConventionSpec(
                "bdr",
                "Convention territoriale Bouches-du-Rhône – BTP et industrie 2027–2028",
                SIGNED, date(2026, 11, 12), date(2027, 1, 4), date(2028, 12, 31),
                [self.org("13", "prefecture"), self.geiq("13"), *bdr],
                departments=["13"],
                description="Signée au forum emploi de Marseille : parcours vers le BTP et "
                "l'agroalimentaire, à partir de janvier 2027.",
                objectives=[
                    (Indicator.HIRES, 50, date(2027, 1, 4), date(2028, 12, 31), "13"),
                    (Indicator.TRAINING_ENTRIES, 30, date(2027, 1, 4), date(2027, 12, 31), "13"),
                    (Indicator.EVENT_PARTICIPANTS, 100, date(2027, 1, 4), date(2027, 12, 31), "13"),
                ],
                lead_companies=bdr[:1],
            ),
            ConventionSpec(
                "ssd",
                "Convention territoriale Seine-Saint-Denis – Logistique et BTP 2025–2026",
                ACTIVE, date(2025, 6, 30), date(2025, 7, 1), date(2026, 12, 31),
                [self.org("93", "prefecture"), self.geiq("93"), vectis, *ssd],
                departments=["93"],
                description="Recrutements dans les entrepôts et les chantiers de Plaine "
                "Commune, avec des immersions préalables.",
                objectives=[
                    (Indicator.HIRES, 70, date(2025, 7, 1), date(2026, 12, 31), "93"),
                    (Indicator.TRAINING_ENTRIES, 40, date(2025, 7, 1), date(2026, 12, 31), "93"),
                    (Indicator.EVENT_PARTICIPANTS, 120, *year, "93"),
                ],
                lead_companies=ssd[:1],
            ),
        ]  # fmt: skip

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
        return {spec.key: conventions[spec.title] for spec in specs}

    # Leads -----------------------------------------------------------------------------------

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
            sector = self.sector_of.get(organisation.pk, Sector.SEVERAL)
            jobs = rng.sample(JOBS[sector], min(len(JOBS[sector]), rng.randint(1, 2)))
            positions = rng.randint(1, 8)
            spec = LeadSpec(
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
            if status == CONVENTION:
                closed = at(convention.signed_on, 11)
                spec.qualified_at = working_moment_before(closed, rng.randint(12, 40), 15)
                spec.contacted_at = working_moment_before(spec.qualified_at, rng.randint(5, 20), 10)
                spec.submitted_at = spec.contacted_at - timedelta(days=rng.randint(1, 4), hours=3)
                spec.closed_at = closed
                spec.convention = when
            else:
                submitted = REFERENCE_DAY - timedelta(days=when)
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
                        (spec.qualified_at or spec.contacted_at)
                        + timedelta(days=rng.randint(10, 30)),
                        latest,
                    )
                    spec.not_pursued_reason = rng.choice(NOT_PURSUED_REASONS)
            coordinator = self.users.get(COORDINATORS.get(code))
            if status != NEW:
                spec.assignee = coordinator or self.users.get(NATIONAL_USER)
            elif coordinator and when >= 10:  # late, though someone took it
                spec.assignee = coordinator
            specs.append(spec)
        return specs

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

    # Mobilisation actions --------------------------------------------------------------------

    def action_specs(self, conventions):
        """Fixed actions around the Rhône convention and the demo company, then a year of
        actions drawn at random, and a few upcoming ones."""
        rng = random.Random(f"{SEED}|actions")
        o = self.orgs
        diair = o[partners_demo.DIAIR]
        rhone_companies = self.department_companies("69")
        rhone_parties = [self.geiq("69"), self.demo_company, *conventions["rhone"].lead_companies]
        national_pool = [
            *(o[name] for name in ("Fédération des GEIQ", "ANEFA", "UMIH", "FNTR", "CAPEB")),
            *self.employers.values(),
            *(self.department_companies(code)[0] for code in partners_demo.TERRITORIES),
        ]
        kinds = MobilisationKind
        specs = [
            ActionSpec(
                "Rencontre des entreprises engagées du Rhône",
                kinds.NETWORK_MEETING, date(2026, 3, 19), "69", self.org("69", "prefecture"),
                invited=rhone_parties + rhone_companies, attendees=rhone_parties,
                participants=34,
                notes="Présentation de la convention territoriale BTP et logistique ; "
                "témoignages de deux salariés réfugiés embauchés en 2025 et du GEIQ BTP Rhône.",
                follow_up="Transmettre les fiches de poste au GEIQ ; préparer le job dating BTP "
                "de juin à Vénissieux.",
            ),
            ActionSpec(
                "Job dating BTP – Vénissieux",
                kinds.JOB_DATING, date(2026, 6, 11), "69", self.local["69", "agency"][1],
                invited=rhone_parties + rhone_companies[:3], attendees=rhone_parties,
                participants=52,
                notes="45 candidats orientés par France Travail, l'opérateur AGIR du Rhône et "
                "l'AFPA de Vénissieux ; 21 entretiens menés sur place.",
                follow_up="9 candidats retenus pour une immersion (PMSMP) ; relancer les "
                "entreprises à 15 jours.",
            ),
            ActionSpec(
                "Rencontre nationale des entreprises engagées pour l'emploi des réfugiés",
                kinds.NETWORK_MEETING, date(2026, 6, 25), None, diair,
                invited=national_pool, attendees=national_pool[::2], participants=140,
                notes="Bilan national des conventions (GEIQ, ANEFA, OPCO) et table ronde "
                "des grands employeurs sur le tutorat.",
                follow_up="Publier la synthèse ; proposer une convention aux employeurs "
                "volontaires.",
            ),
            ActionSpec(
                "Rencontre des entreprises engagées du Rhône – bilan 2026",
                kinds.NETWORK_MEETING, date(2026, 12, 10), "69", self.org("69", "ddets"),
                invited=rhone_parties + rhone_companies,
                notes="Bilan de la première année de la convention territoriale et calendrier "
                "2027 des job datings.",
            ),
            ActionSpec(
                "Webinaire national : recruter une personne réfugiée, mode d'emploi",
                kinds.WEBINAR, date(2027, 1, 14), None, diair,
                invited=[self.demo_company, *national_pool],
                notes="Invitations envoyées aux entreprises des conventions et aux "
                "fédérations ; inscriptions en cours.",
            ),
        ]  # fmt: skip
        slots = [(code, False, i) for i, code in enumerate(PAST_SLOTS)]
        slots += [(code, True, i) for i, code in enumerate(UPCOMING_SLOTS)]
        for code, upcoming, index in slots:
            if upcoming:
                day = REFERENCE_DAY + timedelta(days=12 + 10 * index + rng.randint(0, 4))
            else:
                day = REFERENCE_DAY - timedelta(days=6 + 10 * index + rng.randint(0, 5))
            specs.append(self.random_action(rng, code, working_day(day), upcoming, index))
        return specs

    def random_action(self, rng, code, day, upcoming, index):
        kinds = MobilisationKind
        if code is None:
            kind = rng.choice([kinds.WEBINAR, kinds.WEBINAR, kinds.NETWORK_MEETING])
            organiser = self.orgs[
                rng.choice([partners_demo.DIAIR] * 3 + ["France Travail – Direction générale"])
            ]
            pool = [self.department_companies(c)[index % 6] for c in partners_demo.TERRITORIES]
            pool += [self.geiq(c) for c in ("69", "75", "13", "59")]
            invited = rng.sample(pool, rng.randint(8, 14))
            if kind == kinds.WEBINAR:
                title = f"Webinaire : {WEBINAR_TOPICS[index % len(WEBINAR_TOPICS)]}"
            else:
                title = "Comité national des partenaires entreprises"
        else:
            kind = rng.choice(
                [kinds.AWARENESS, kinds.AWARENESS, kinds.JOB_DATING, kinds.JOB_DATING,
                 kinds.HR_SUPPORT, kinds.NETWORK_MEETING]
            )  # fmt: skip
            organiser = rng.choice(
                [self.org(code, "ddets"), self.org(code, "prefecture"), self.org(code, "agency")]
            )
            companies = self.department_companies(code)
            if code == "69":
                companies = [*companies, self.demo_company]
            pool = [*companies, self.geiq(code)]
            city = partners_demo.TERRITORIES[code][4][0][1]
            if kind == kinds.HR_SUPPORT:
                company = rng.choice(companies)
                invited = [company]
                title = f"Accompagnement RH – {company}"
            else:
                invited = rng.sample(pool, min(len(pool), rng.randint(3, 6)))
                if kind == kinds.AWARENESS:
                    title = f"Matinale « Recruter des personnes réfugiées » – {city}"
                elif kind == kinds.JOB_DATING:
                    sector = self.sector_of.get(rng.choice(companies).pk, Sector.SEVERAL)
                    title = f"Job dating {SECTOR_WORDS[sector]} – {city}"
                else:
                    title = f"Club des entreprises engagées – {self.dept(code).name}"
        spec = ActionSpec(title, kind, day, code, organiser, invited=invited)
        if kind == kinds.NETWORK_MEETING and rng.random() < 0.3:
            spec.format = MobilisationFormat.ONLINE
        if upcoming:
            spec.notes = "Invitations envoyées ; inscriptions en cours."
            return spec
        count = max(1, round(len(invited) * rng.uniform(0.5, 0.9)))
        spec.attendees = rng.sample(invited, count)
        extra = {
            kinds.JOB_DATING: rng.randint(20, 60),  # the candidates met
            kinds.WEBINAR: rng.randint(15, 80),  # people registered on their own
            kinds.HR_SUPPORT: rng.randint(3, 10),  # managers and tutors
        }.get(kind, rng.randint(count, 3 * count))
        spec.participants = count + extra
        spec.notes = rng.choice(ACTION_NOTES[kind])
        spec.follow_up = ACTION_FOLLOW_UPS[kind]
        return spec

    def seed_actions(self, specs):
        known = set(
            MobilisationAction.objects.filter(title__in={spec.title for spec in specs}).values_list(
                "title", "date"
            )
        )
        new_specs = [spec for spec in specs if (spec.title, spec.date) not in known]
        new = [
            MobilisationAction(
                title=spec.title,
                kind=spec.kind,
                date=spec.date,
                format=spec.format,
                organiser=spec.organiser,
                participants=spec.participants,
                notes=spec.notes,
                follow_up=spec.follow_up,
                created_by=self.author(spec.department),
            )
            for spec in new_specs
        ]
        created = bulk_create_with_history(
            new, MobilisationAction, default_change_reason=CHANGE_REASON
        )
        self.created["mobilisation actions"] += len(created)
        links = defaultdict(list)
        for spec, action in zip(new_specs, created, strict=True):
            if spec.department:
                links["departments"].append((action, self.dept(spec.department)))
            links["invited"] += [(action, o) for o in dict.fromkeys(spec.invited)]
            links["attendees"] += [(action, o) for o in dict.fromkeys(spec.attendees)]
        save_links(MobilisationAction, links)

    # Interactions ----------------------------------------------------------------------------

    def interaction_specs(self, leads, actions):
        """Contact notes: the follow-up of each lead, meetings at the actions, the GEIQ and the
        demo company; all in the past year."""
        rng = random.Random(f"{SEED}|interactions")
        kinds = InteractionKind
        rows = []

        def add(organisation, day, kind, summary, code=None):
            code = code or self.codes.get(organisation.department_id)
            rows.append((organisation, day, kind, summary, self.author(code)))

        for lead in leads:
            contact = self.contacts.get(lead.organisation.pk)
            jobs = lead.jobs_offered.split(" (")[0].lower()
            if lead.contacted_at:
                add(
                    lead.organisation,
                    timezone.localtime(lead.contacted_at).date(),
                    kinds.CALL,
                    f"Premier appel à {contact} après le formulaire en ligne : "
                    f"{lead.positions} poste(s) envisagé(s) ({jobs}). Rendez-vous proposé.",
                    lead.department,
                )
            if lead.qualified_at:
                add(
                    lead.organisation,
                    timezone.localtime(lead.qualified_at).date(),
                    kinds.MEETING,
                    f"Rendez-vous dans l'entreprise avec {contact} : {lead.hires_planned} "
                    "recrutement(s) sur 12 mois ; présentation de HOPE, du GEIQ et des "
                    "immersions (PMSMP).",
                    lead.department,
                )
            if lead.status == NOT_PURSUED:
                add(
                    lead.organisation,
                    timezone.localtime(lead.closed_at).date(),
                    kinds.EMAIL,
                    f"Courriel de clôture à {contact} : {lead.not_pursued_reason}",
                    lead.department,
                )
        for spec in actions[::2]:
            if spec.date > REFERENCE_DAY:
                continue
            present = [
                o
                for o in spec.attendees
                if o.kind in (OrganisationKind.COMPANY, OrganisationKind.GEIQ)
            ]
            if present and spec.kind in EVENT_NOTES:
                organisation = present[0]
                text = EVENT_NOTES[spec.kind].format(organisation=organisation)
                add(organisation, spec.date, kinds.EVENT, f"« {spec.title} » : {text}")
        for code in partners_demo.TERRITORIES:
            geiq = self.geiq(code)
            day = working_day(REFERENCE_DAY - timedelta(days=rng.randint(5, 330)))
            kind, text = rng.choice(GEIQ_NOTES)
            add(geiq, day, kind, text.format(n=rng.randint(2, 8)))
        company = self.demo_company
        for day, kind, summary in [
            (date(2025, 12, 8), kinds.CALL, "Appel à Émilie Rousseau (RH) : l'entreprise "
             "cherche des maçons et coffreurs-bancheurs et souhaite rejoindre la convention "
             "territoriale BTP."),
            (date(2026, 1, 12), kinds.MEETING, "Signature de la convention territoriale Rhône "
             "– BTP et logistique à la préfecture ; objectifs 2026 revus avec l'entreprise."),
            (date(2026, 6, 11), kinds.EVENT, "Job dating BTP à Vénissieux : 7 entretiens, 3 "
             "immersions proposées."),
            (date(2026, 10, 2), kinds.EMAIL, "Envoi du bilan à mi-parcours de la convention et "
             "invitation à la rencontre des entreprises engagées du 10 décembre."),
        ]:  # fmt: skip
            add(company, day, kind, summary, "69")
        oldest = REFERENCE_DAY - timedelta(days=365)
        return [row for row in rows if oldest <= row[1] <= REFERENCE_DAY]

    def seed_interactions(self, rows):
        organisations = {row[0] for row in rows}
        known = set(
            Interaction.objects.filter(organisation__in=organisations).values_list(
                "organisation", "date", "kind", "summary"
            )
        )
        new = []
        for organisation, day, kind, summary, author in rows:
            key = (organisation.pk, day, kind, summary)
            if key not in known:
                known.add(key)
                new.append(
                    Interaction(
                        organisation=organisation,
                        date=day,
                        kind=kind,
                        summary=summary,
                        author=author,
                    )
                )
        bulk_create_with_history(new, Interaction, default_change_reason=CHANGE_REASON)
        self.created["interactions"] += len(new)

    # Needs -----------------------------------------------------------------------------------

    def seed_needs(self, leads, convention_specs):
        """What companies say they need: from their latest lead, or, for the companies and
        GEIQ of a convention, from their sector. Only where nothing was recorded yet."""
        needs = {}
        for lead in sorted(leads, key=lambda lead: lead.submitted_at):
            needs[lead.organisation.pk] = (
                lead.sectors, lead.jobs_offered, lead.hires_planned, lead.submitted_at
            )  # fmt: skip
        for spec in convention_specs:
            for party in spec.parties:
                sector = self.sector_of.get(party.pk)
                if sector and party.pk not in needs:
                    when = at(spec.signed_on or spec.start, 10)
                    jobs = " ; ".join(JOBS[sector][:2])
                    needs[party.pk] = ([sector], jobs, 4 + party.pk % 9, when)
        needs[self.demo_company.pk] = (
            [Sector.CONSTRUCTION],
            "Maçons, coffreurs-bancheurs (CDI) ; manœuvres (CDD 6 mois)",
            6,
            at(date(2026, 1, 12), 10),
        )
        organisations = [
            organisation
            for organisation in Organisation.objects.filter(pk__in=needs, needs_updated_at=None)
            if not organisation.needs_sectors
        ]
        for organisation in organisations:
            sectors, jobs, hires, when = needs[organisation.pk]
            organisation.needs_sectors = list(sectors)
            organisation.needs_jobs = jobs
            organisation.needs_hires = hires
            organisation.needs_updated_at = when
        bulk_update_with_history(
            organisations,
            Organisation,
            ["needs_sectors", "needs_jobs", "needs_hires", "needs_updated_at"],
            default_change_reason=CHANGE_REASON,
        )
        self.created["needs"] += len(organisations)


def save_links(model, links):
    """Bulk-insert the many-to-many rows of new objects, by field (without their history)."""
    for name, pairs in links.items():
        m2m = getattr(model, name)
        through = m2m.through
        source, target = m2m.field.m2m_field_name(), m2m.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [through(**{source: obj, target: other}) for obj, other in pairs]
        )


def seed(demo_company):
    """Create the missing demo partnerships; ``demo_company`` (seed_demo's “Bâtiments du
    Lyonnais”) signs the Rhône convention and is invited to mobilisation actions. Returns the
    counts of created rows."""
    seeder = Seeder(demo_company)
    convention_specs = seeder.convention_specs()
    conventions = seeder.seed_conventions(convention_specs)
    leads = seeder.lead_specs(convention_specs)
    seeder.seed_contacts([lead.organisation for lead in leads] + list(seeder.employers.values()))
    seeder.write_lead_notes(leads, convention_specs)
    seeder.seed_leads(leads, conventions)
    actions = seeder.action_specs({spec.key: spec for spec in convention_specs})
    seeder.seed_actions(actions)
    seeder.seed_interactions(seeder.interaction_specs(leads, actions))
    seeder.seed_needs(leads, convention_specs)
    return dict(seeder.created)
