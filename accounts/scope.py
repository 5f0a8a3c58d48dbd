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
    from .models import Membership

    if not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    memberships = (
        Membership.objects.filter(user=user)
        .prefetch_related("departments")
        .only("user_id", "role", "region_id", "organisation_id")
    )
    return _scopes(memberships).get(user.pk, EMPTY_SCOPE)


def scopes_for(users):
    """{user pk: Scope} for `users` (User objects), in two or three queries whatever their
    number (the sweep of reminders checks thousands of recipients at once); an inactive user,
    or one without membership, gets EMPTY_SCOPE. The same rules as `scope_for`."""
    from .models import Membership

    active = [user.pk for user in users if user.is_active]
    memberships = (
        Membership.objects.filter(user__in=active)
        .prefetch_related("departments")
        .only("user_id", "role", "region_id", "organisation_id")
    )
    scopes = _scopes(memberships)
    return {user.pk: scopes.get(user.pk, EMPTY_SCOPE) for user in users}


def _scopes(memberships):
    """{user pk: Scope} from `memberships` (with their départements prefetched)."""
    from territories.models import Department

    by_user = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)
    region_ids = {
        m.region_id
        for ms in by_user.values()
        for m in ms
        if m.role == "territorial" and m.region_id
    }
    region_departments = {}
    if region_ids:
        for department_id, region_id in Department.objects.filter(
            region__in=region_ids
        ).values_list("pk", "region_id"):
            region_departments.setdefault(region_id, set()).add(department_id)
    return {user_id: _scope(ms, region_departments) for user_id, ms in by_user.items()}


def _scope(memberships, region_departments):
    roles = frozenset(m.role for m in memberships)
    department_ids = set()
    organisation_ids = {"operator": set(), "company": set()}
    for membership in memberships:
        if membership.role == "territorial":
            department_ids.update(d.pk for d in membership.departments.all())
            department_ids.update(region_departments.get(membership.region_id, ()))
        elif membership.organisation_id and membership.role in organisation_ids:
            organisation_ids[membership.role].add(membership.organisation_id)
    return Scope(
        roles=roles,
        department_ids=frozenset(department_ids),
        organisation_ids=frozenset(organisation_ids["operator"] | organisation_ids["company"]),
        operator_organisation_ids=frozenset(organisation_ids["operator"]),
        company_organisation_ids=frozenset(organisation_ids["company"]),
    )
