"""The generated registry: organisations of every kind over the 101 départements, weighted by
population, with valid SIRETs, and contacts at some of them."""

from django.utils.text import slugify

from demo.organisations import (
    ASSOCIATIONS,
    COMPANIES,
    FIRST_NAMES,
    GEIQ_SECTORS,
    JOB_TITLES,
    LOCAL_OPERATORS,
    STREETS,
    SURNAMES,
    demo_siret,
)
from partners import naf
from partners.models import Contact, Organisation
from partners.models import OrganisationKind as Kind
from partners.models import SizeBand as Size

from .context import DEPARTMENTS, SIREN_PREFIX, insert

#: The share of each kind among the generated organisations (the préfectures that the demo
#: registry lacks come first, as State services).
KIND_WEIGHTS = {
    Kind.COMPANY: 700,
    Kind.ASSOCIATION: 90,
    Kind.COLLECTIVITE: 50,
    Kind.OPERATOR: 35,
    Kind.FRANCE_TRAVAIL: 35,
    Kind.STATE_SERVICE: 20,
    Kind.MISSION_LOCALE: 20,
    Kind.GEIQ: 20,
    Kind.BRANCH: 10,
    Kind.CAP_EMPLOI: 8,
    Kind.OPCO: 5,
    Kind.OFII: 4,
}
#: NAF code and size of the organisations that are not companies.
PROFILE = {
    Kind.ASSOCIATION: ("88.99B", Size.SMALL),
    Kind.COLLECTIVITE: ("84.11Z", Size.INTERMEDIATE),
    Kind.OPERATOR: ("88.99B", Size.SMALL),
    Kind.FRANCE_TRAVAIL: ("84.13Z", Size.MEDIUM),
    Kind.STATE_SERVICE: ("84.11Z", Size.MEDIUM),
    Kind.MISSION_LOCALE: ("88.99B", Size.MEDIUM),
    Kind.GEIQ: ("78.30Z", Size.SMALL),
    Kind.BRANCH: ("94.11Z", Size.SMALL),
    Kind.CAP_EMPLOI: ("88.99B", Size.SMALL),
    Kind.OPCO: ("94.99Z", Size.MEDIUM),
    Kind.OFII: ("84.11Z", Size.SMALL),
}
#: Share of branch bodies that are national (no département).
NATIONAL_BRANCH_SHARE = 0.3


def postcode(rng, code):
    """A plausible postcode of the département `code` (INSEE code, "2A", "971"…)."""
    if len(code) == 3:
        return f"{code}{rng.randrange(0, 100, 10):02d}"
    return f"{'20' if code in ('2A', '2B') else code}{rng.randrange(0, 1000, 10):03d}"


def name_of(rng, kind, code, names, opcos):
    """An invented name for an organisation of `kind` in the département `code` (`names`:
    département names by code, `opcos`: OPCO ids by name); returns (name, NAF code, size
    band, OPCO name or "")."""
    town, department = DEPARTMENTS[code][0], names[code]
    surname = rng.choice(SURNAMES)
    if kind == Kind.COMPANY:
        template, naf_code, opco, size, _sector = rng.choice(COMPANIES)
        name = template.format(surname=surname, label=department, city=town)
        return name, naf_code, size, opco
    naf_code, size = PROFILE[kind]
    if kind == Kind.ASSOCIATION:
        template, naf_code = rng.choice(ASSOCIATIONS)
        name = template.format(label=department, city=f"{town} {surname}")
    elif kind == Kind.GEIQ:
        trade, opco, _sector = rng.choice(GEIQ_SECTORS)
        return f"GEIQ {trade} {department} {surname}", naf_code, size, opco
    else:
        name = {
            Kind.COLLECTIVITE: f"Communauté de communes {surname} – {department}",
            Kind.OPERATOR: f"{rng.choice(LOCAL_OPERATORS)} {town} {surname}",
            Kind.FRANCE_TRAVAIL: f"France Travail {town} {surname}",
            Kind.STATE_SERVICE: f"DDETS {department} – antenne {surname}",
            Kind.MISSION_LOCALE: f"Mission locale {town} {surname}",
            Kind.BRANCH: f"Fédération régionale {rng.choice(GEIQ_SECTORS)[0]} {surname}",
            Kind.CAP_EMPLOI: f"Cap emploi {department} {surname}",
            Kind.OPCO: f"{rng.choice(sorted(opcos) or ['OPCO'])} – délégation {department}",
            Kind.OFII: f"OFII – antenne de {town} {surname}",
        }[kind]
    return name, naf_code, size, ""


def organisations(volume):
    """Write `planned("organisations")` organisations: a préfecture in each département that
    has none, one of each kind, then kinds drawn by `KIND_WEIGHTS`; départements are drawn by
    population."""
    opcos = dict(
        Organisation.objects.filter(kind=Kind.OPCO, department=None).values_list("name", "pk")
    )
    with_prefecture = set(
        Organisation.objects.filter(name__startswith="Préfecture", kind=Kind.STATE_SERVICE)
        .exclude(department=None)
        .values_list("department__code", flat=True)
    )
    _known(volume)
    total, rng = volume.planned("organisations"), volume.rng
    places = [code for code in sorted(volume.departments) if code not in with_prefecture]
    places = [(code, Kind.STATE_SERVICE, True) for code in places][:total]
    codes, weights = volume.weights()
    kinds = list(KIND_WEIGHTS)  # one of each kind at least, whatever the scale
    kinds += rng.choices(kinds, list(KIND_WEIGHTS.values()), k=total - len(places) - len(kinds))
    places += [
        (code, kind, False)
        for code, kind in zip(rng.choices(codes, weights, k=len(kinds)), kinds, strict=True)
    ]
    rows = [_organisation(volume, index, *place, opcos) for index, place in enumerate(places)]
    saved = insert(Organisation, rows, default_user=volume.national_user)
    for organisation in saved:
        _remember(volume, organisation.pk, organisation.kind, organisation.department_id)
        volume.org_names[organisation.pk] = organisation.name
        volume.generated.append(organisation.pk)
    return {"organisations": len(saved)}


def _known(volume):
    """Put the organisations already there (the demo registry) in the pools later steps draw
    from."""
    rows = Organisation.objects.values_list("pk", "kind", "department_id", "name")
    for pk, kind, department, name in rows:
        _remember(volume, pk, kind, department)
        volume.org_names[pk] = name


def _remember(volume, pk, kind, department):
    volume.by_kind[kind].append(pk)
    volume.by_place[department, kind].append(pk)
    volume.department_of[pk] = department


def _organisation(volume, index, code, kind, prefecture, opcos):
    rng = volume.rng
    name, naf_code, size, opco = name_of(rng, kind, code, volume.names, opcos)
    if prefecture:
        name = f"Préfecture – {volume.names[code]}"
    national = kind == Kind.BRANCH and rng.random() < NATIONAL_BRANCH_SHARE
    siret = demo_siret(f"{SIREN_PREFIX}{index:06d}", "0001")
    return Organisation(
        name=name,
        kind=kind,
        siret=siret,
        siren=siret[:9],
        naf_code=naf_code,
        naf_section=naf.section_of(naf_code),
        size_band=size,
        address=f"{rng.randint(1, 150)} {rng.choice(STREETS)}",
        postcode="75008" if national else postcode(rng, code),
        city="Paris" if national else DEPARTMENTS[code][0],
        department_id=None if national else volume.departments[code],
        opco_id=opcos.get(opco),
    )


def contacts(volume):
    """Write `planned("contacts")` contacts, one at each generated organisation drawn."""
    rng = volume.rng
    chosen = rng.sample(volume.generated, min(volume.planned("contacts"), len(volume.generated)))
    kinds = {pk: kind for kind, pks in volume.by_kind.items() for pk in pks}
    rows = []
    for pk in chosen:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
        rows.append(
            Contact(
                organisation_id=pk,
                first_name=first,
                last_name=last,
                job_title=rng.choice(JOB_TITLES[kinds[pk]]),
                email=f"{slugify(first)}.{slugify(last)}@organisation-{pk}.exemple.fr",
                phone=f"+33{rng.randint(1, 5)}{digits}",
                consents_to_contact=rng.random() < 0.75,
            )
        )
    saved = insert(Contact, rows, default_user=volume.national_user)
    for contact in saved:
        volume.contacts_of[contact.organisation_id].append(contact.pk)
    return {"contacts": len(saved)}
