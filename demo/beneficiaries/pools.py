"""Where the demo beneficiaries work and train: the employers and training bodies of each
département, the parties of the demo conventions weighted first so that their objectives show
progress, and the demo company hiring in the Rhône."""

from collections import defaultdict

from partners.models import Convention, Organisation, OrganisationKind

from .people import pick

EMPLOYERS = (OrganisationKind.COMPANY, OrganisationKind.GEIQ)
TRAINERS = (OrganisationKind.OPCO, OrganisationKind.GEIQ, OrganisationKind.ASSOCIATION)
#: How much more often a convention's party is chosen than another local organisation.
PARTY_WEIGHT = 3
#: The share of the Rhône's hires and immersions at the demo company.
DEMO_COMPANY_SHARE = 0.16


class Pools:
    """Weighted employers and training bodies, by département id."""

    def __init__(self, demo_company, actions):
        self.demo_company = demo_company
        self.employers = defaultdict(dict)
        self.trainers = defaultdict(dict)
        departments = {d.pk for action in actions for d in action.departments.all()}
        organisations = Organisation.objects.filter(
            kind__in=EMPLOYERS + TRAINERS + (OrganisationKind.OPERATOR,)
        ).order_by("name", "pk")
        for organisation in organisations:
            self._add_local(organisation, departments)
        conventions = Convention.objects.prefetch_related("parties", "departments").order_by(
            "title"
        )
        for convention in conventions:
            covered = {d.pk for d in convention.departments.all()} or departments
            for party in convention.parties.all():
                # A local party works in its own département, a national one everywhere.
                where = {party.department_id} & covered if party.department_id else covered
                for department in where:
                    self._add_party(party, department)

    def _add_local(self, organisation, departments):
        kind, where = organisation.kind, organisation.department_id
        if kind in EMPLOYERS and where in departments:
            self.employers[where][organisation] = 1
        is_afpa = kind == OrganisationKind.OPERATOR and organisation.name.startswith("AFPA")
        if (kind in TRAINERS or is_afpa) and where in departments:
            self.trainers[where][organisation] = 1
        if kind == OrganisationKind.OPCO:  # national: trains everywhere
            for department in departments:
                self.trainers[department][organisation] = 1

    def _add_party(self, party, department):
        if party.kind in EMPLOYERS:
            self.employers[department][party] = PARTY_WEIGHT
        if party.kind in TRAINERS or party.kind == OrganisationKind.BRANCH:
            self.trainers[department][party] = PARTY_WEIGHT

    @staticmethod
    def departments_of(action):
        return set(action.departments.all())

    @staticmethod
    def department_of(action):
        """The département where the action's people live: the first it covers, by code."""
        return min(action.departments.all(), key=lambda department: department.code)

    def employer(self, rng, department, sector=None):
        """An employer (or host) for a person living in `department` (a Department)."""
        if self.demo_company.department_id == department.pk and rng.random() < DEMO_COMPANY_SHARE:
            return self.demo_company
        candidates = self.employers.get(department.pk)
        return pick(rng, list(candidates.items())) if candidates else None

    def training_body(self, rng, department):
        """A training body for a person living in `department` (a Department)."""
        candidates = self.trainers.get(department.pk)
        return pick(rng, list(candidates.items())) if candidates else None
