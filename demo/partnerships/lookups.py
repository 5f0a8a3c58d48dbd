"""What every part of the demo partnerships reads: the demo registry by name and by
(département, role), the coordinators, the large employers and a contact per organisation."""

import hashlib
import random
from collections import Counter

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from config.vocabularies import Sector
from demo import organisations as demo_organisations
from partners.models import Contact, Organisation, OrganisationKind, SizeBand
from territories.models import Department

CHANGE_REASON = demo_organisations.CHANGE_REASON
SEED = "tremplin-demo-partnerships"

NATIONAL_USER = "national@tremplin.test"
COORDINATORS = {"69": "rhone@tremplin.test", "75": "paris@tremplin.test"}

# Large employers the demo registry lacks: name, NAF, OPCO, département, postcode, city,
# address, sector.
EMPLOYERS = [
    ("Groupe Hexalia Services", "81.21Z", "Akto", "75", "75008", "Paris",
     "40 rue de Courcelles", Sector.CLEANING),
    ("Vectis Logistique", "52.10B", "Opco Mobilités", "93", "93200", "Saint-Denis",
     "12 avenue du Président-Wilson", Sector.LOGISTICS),
]  # fmt: skip


def employer_siret(name):
    """A valid SIRET for an invented employer (SIREN starting with 6, head office 0001)."""
    digits = int(hashlib.sha256(f"partnerships|{name}".encode()).hexdigest(), 16) % 10**7
    return demo_organisations.demo_siret(f"6{digits:07d}", "0001")


def save_links(model, links):
    """Bulk-insert the many-to-many rows of new objects, by field (without their history)."""
    for name, pairs in links.items():
        m2m = getattr(model, name)
        through = m2m.through
        source, target = m2m.field.m2m_field_name(), m2m.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [through(**{source: obj, target: other}) for obj, other in pairs]
        )


class Lookups:
    """The registry, users and lookups the seeding parts share; counts what is created."""

    def __init__(self, demo_company):
        self.demo_company = demo_company
        self.orgs, self.local = demo_organisations.registry()
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
            first, last = (
                rng.choice(demo_organisations.FIRST_NAMES),
                rng.choice(demo_organisations.SURNAMES),
            )
            words = slugify(organisation.name).split("-")
            words = [w for w in words if w not in demo_organisations.STOP_WORDS]
            code = self.codes.get(organisation.department_id)
            prefix = demo_organisations.TERRITORIES[code][2] if code else "01"
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
