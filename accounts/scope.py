"""What a user's memberships add up to: the one object every `visible_to(user)` reads.

A scope is computed once per user object (two queries) and then answers every question about
roles, départements and organisations without touching the database again.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = field(default_factory=frozenset)
    #: Départements covered by territorial memberships (a région counts as all its départements).
    department_ids: frozenset[int] = field(default_factory=frozenset)
    #: Organisations of operator and company memberships.
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    #: The same, by role: the organisations a user works for as an operator…
    operator_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    #: …and those they represent as a company contact.
    company_organisation_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_national(self):
        return "national" in self.roles

    @property
    def is_territorial(self):
        return "territorial" in self.roles

    @property
    def is_operator(self):
        return "operator" in self.roles

    @property
    def is_company(self):
        return "company" in self.roles

    @property
    def is_staff_role(self):
        """DIAIR, territorial and operator staff, as opposed to company contacts."""
        return bool(self.roles - {"company"})


EMPTY_SCOPE = Scope()


def scope_for(user):
    """Build the scope of an authenticated, active user from their memberships."""
    from territories.models import Department

    from .models import Membership

    if not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    memberships = list(
        Membership.objects.filter(user=user)
        .prefetch_related("departments")
        .only("role", "region_id", "organisation_id")
    )
    roles = frozenset(m.role for m in memberships)
    department_ids = set()
    region_ids = set()
    organisation_ids = {"operator": set(), "company": set()}
    for membership in memberships:
        if membership.role == "territorial":
            department_ids.update(d.pk for d in membership.departments.all())
            if membership.region_id:
                region_ids.add(membership.region_id)
        elif membership.organisation_id and membership.role in organisation_ids:
            organisation_ids[membership.role].add(membership.organisation_id)
    if region_ids:
        department_ids.update(
            Department.objects.filter(region__in=region_ids).values_list("pk", flat=True)
        )
    return Scope(
        roles=roles,
        department_ids=frozenset(department_ids),
        organisation_ids=frozenset(organisation_ids["operator"] | organisation_ids["company"]),
        operator_organisation_ids=frozenset(organisation_ids["operator"]),
        company_organisation_ids=frozenset(organisation_ids["company"]),
    )
