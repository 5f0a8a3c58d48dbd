"""Demo mobilisation: a year of actions and a few upcoming ones, and the contact notes
(interactions) of the coordinators."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from config.vocabularies import Sector
from demo import organisations as demo_organisations
from partners.models import (
    Interaction,
    InteractionKind,
    MobilisationAction,
    MobilisationKind,
    Organisation,
    OrganisationKind,
)
from partners.models.mobilisation import MobilisationFormat

from .dates import REFERENCE_DAY, working_day
from .leads import NOT_PURSUED
from .lookups import CHANGE_REASON, SEED, save_links
from .texts import (
    ACTION_FOLLOW_UPS,
    ACTION_NOTES,
    EVENT_NOTES,
    GEIQ_NOTES,
    SECTOR_WORDS,
    WEBINAR_TOPICS,
)

# Mobilisation actions drawn at random: the départements of the past slots (every ~10 days
# over the last year) and of the upcoming ones (None: a national action).
PAST_SLOTS = [
    "69", "75", None, "13", "69", "93", "75", "59", "33", "69", None, "75", "31", "44", "67",
    "38", "69", "75", "06", "35", None, "63", "76", "69", "75", "34", "57", "21", "93", "13",
    None, "59", "69", "75", "33", "44",
]  # fmt: skip
UPCOMING_SLOTS = ["75", "13", None, "69", "93"]

# The demo company's story with the Rhône coordinator: day, kind, summary.
DEMO_COMPANY_NOTES = [
    (date(2025, 12, 8), InteractionKind.CALL, "Appel à Émilie Rousseau (RH) : l'entreprise "
     "cherche des maçons et coffreurs-bancheurs et souhaite rejoindre la convention "
     "territoriale BTP."),
    (date(2026, 1, 12), InteractionKind.MEETING, "Signature de la convention territoriale Rhône "
     "– BTP et logistique à la préfecture ; objectifs 2026 revus avec l'entreprise."),
    (date(2026, 6, 11), InteractionKind.EVENT, "Job dating BTP à Vénissieux : 7 entretiens, 3 "
     "immersions proposées."),
    (date(2026, 10, 2), InteractionKind.EMAIL, "Envoi du bilan à mi-parcours de la convention et "
     "invitation à la rencontre des entreprises engagées du 10 décembre."),
]  # fmt: skip


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


class Mobilisation:
    """Seeder part: mobilisation actions and interactions."""

    def action_specs(self, conventions):
        """Fixed actions around the Rhône convention and the demo company, then a year of
        actions drawn at random, and a few upcoming ones."""
        return self.fixed_action_specs(conventions) + self.drawn_action_specs()

    def fixed_action_specs(self, conventions):
        """The actions the demo journeys rely on (Rhône convention, demo company)."""
        o = self.orgs
        diair = o[demo_organisations.DIAIR]
        rhone_companies = self.department_companies("69")
        rhone_parties = [self.geiq("69"), self.demo_company, *conventions["rhone"].lead_companies]
        national_pool = [
            *(o[name] for name in ("Fédération des GEIQ", "ANEFA", "UMIH", "FNTR", "CAPEB")),
            *self.employers.values(),
            *(self.department_companies(code)[0] for code in demo_organisations.TERRITORIES),
        ]
        kinds = MobilisationKind
        return [
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

    def drawn_action_specs(self):
        """Past actions every ten days or so, and upcoming ones, drawn at random."""
        rng = random.Random(f"{SEED}|actions")
        specs = []
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
                rng.choice([demo_organisations.DIAIR] * 3 + ["France Travail – Direction générale"])
            ]
            pool = [self.department_companies(c)[index % 6] for c in demo_organisations.TERRITORIES]
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
            city = demo_organisations.TERRITORIES[code][4][0][1]
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
        rows = self.lead_interactions(leads) + self.event_interactions(actions)
        rows += self.geiq_interactions() + self.demo_company_interactions()
        oldest = REFERENCE_DAY - timedelta(days=365)
        return [row for row in rows if oldest <= row[1] <= REFERENCE_DAY]

    def interaction(self, organisation, day, kind, summary, code=None):
        """An interaction row, by the coordinator of `code` (else of the organisation's
        département, else the national team)."""
        code = code or self.codes.get(organisation.department_id)
        return (organisation, day, kind, summary, self.author(code))

    def lead_interactions(self, leads):
        """The call, meeting and closing email that follow up each lead, as far as it went."""
        kinds = InteractionKind
        rows = []
        for lead in leads:
            contact = self.contacts.get(lead.organisation.pk)
            jobs = lead.jobs_offered.split(" (")[0].lower()
            if lead.contacted_at:
                rows.append(
                    self.interaction(
                        lead.organisation,
                        timezone.localtime(lead.contacted_at).date(),
                        kinds.CALL,
                        f"Premier appel à {contact} après le formulaire en ligne : "
                        f"{lead.positions} poste(s) envisagé(s) ({jobs}). Rendez-vous proposé.",
                        lead.department,
                    )
                )
            if lead.qualified_at:
                rows.append(
                    self.interaction(
                        lead.organisation,
                        timezone.localtime(lead.qualified_at).date(),
                        kinds.MEETING,
                        f"Rendez-vous dans l'entreprise avec {contact} : {lead.hires_planned} "
                        "recrutement(s) sur 12 mois ; présentation de HOPE, du GEIQ et des "
                        "immersions (PMSMP).",
                        lead.department,
                    )
                )
            if lead.status == NOT_PURSUED:
                rows.append(
                    self.interaction(
                        lead.organisation,
                        timezone.localtime(lead.closed_at).date(),
                        kinds.EMAIL,
                        f"Courriel de clôture à {contact} : {lead.not_pursued_reason}",
                        lead.department,
                    )
                )
        return rows

    def event_interactions(self, actions):
        """A note on a company or GEIQ met at every other past action."""
        rows = []
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
                summary = f"« {spec.title} » : {text}"
                rows.append(
                    self.interaction(organisation, spec.date, InteractionKind.EVENT, summary)
                )
        return rows

    def geiq_interactions(self):
        """A note on each département's GEIQ, drawn at random in the past year."""
        rng = random.Random(f"{SEED}|interactions")
        rows = []
        for code in demo_organisations.TERRITORIES:
            geiq = self.geiq(code)
            day = working_day(REFERENCE_DAY - timedelta(days=rng.randint(5, 330)))
            kind, text = rng.choice(GEIQ_NOTES)
            rows.append(self.interaction(geiq, day, kind, text.format(n=rng.randint(2, 8))))
        return rows

    def demo_company_interactions(self):
        return [
            self.interaction(self.demo_company, day, kind, summary, "69")
            for day, kind, summary in DEMO_COMPANY_NOTES
        ]

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
