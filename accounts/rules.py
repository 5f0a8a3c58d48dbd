"""Who may do what with accounts, and the role predicates every app's `rules.py` builds on.
Roles come from memberships, through `user.scope`; outside `visible_to` querysets, only
`rules.py` modules read them."""

import rules


@rules.predicate
def is_national(user):
    return user.is_authenticated and user.scope.is_national


@rules.predicate
def is_territorial(user):
    return user.is_authenticated and user.scope.is_territorial


@rules.predicate
def is_operator(user):
    return user.is_authenticated and user.scope.is_operator


@rules.predicate
def is_company(user):
    return user.is_authenticated and user.scope.is_company


@rules.predicate
def has_a_staff_role(user):
    """National, territorial and operator staff, as opposed to company contacts."""
    return user.is_authenticated and user.scope.is_staff_role


@rules.predicate
def has_a_role(user):
    return user.is_authenticated and bool(user.scope.roles)


# The main menu is for members: an account without a role yet has nothing to open.
rules.add_perm("accounts.view_navigation", has_a_role)
# The Django admin (`User.is_staff`).
rules.add_perm("accounts.view_admin", is_national)
rules.add_perm("accounts.invite_user", is_national)
rules.add_perm("accounts.list_users", has_a_role)
# The same list, seen as the users of a territory (national and territorial staff) or as the
# team of one's organisation (operators and company contacts): the menu names it accordingly.
rules.add_perm("accounts.view_user_directory", is_national | is_territorial)
rules.add_perm("accounts.view_team", is_operator | is_company)


@rules.predicate
def is_themselves(user, person):
    return person is not None and user.pk == person.pk


@rules.predicate
def coordinates_operators_of(user, person):
    """A coordinator and an account whose every membership is an operator's, of an organisation
    in the coordinator's départements (DIAIR: coordinators manage their territory's operators)."""
    if person is None or not user.is_authenticated:
        return False
    memberships = list(person.memberships.all())
    return bool(memberships) and all(
        membership.role == "operator"
        and membership.organisation.department_id in user.scope.department_ids
        for membership in memberships
    )


@rules.predicate
def may_grant(user, membership):
    """A role national staff may give anyone; a coordinator only an operator's, of an
    organisation in their départements."""
    if membership is None:
        return False
    if user.scope.is_national:
        return True
    return (
        user.scope.is_territorial
        and membership.role == "operator"
        and membership.organisation is not None
        and membership.organisation.department_id in user.scope.department_ids
    )


# Deactivate, reactivate, change the roles of, and invite again someone else (the person is
# found among `User.objects.visible_to(user)` first: outside it, 404).
rules.add_perm(
    "accounts.manage_user",
    ~is_themselves & (is_national | (is_territorial & coordinates_operators_of)),
)
# The one membership a manager may give (a Membership, unsaved).
rules.add_perm("accounts.grant_membership", may_grant)
rules.add_perm("accounts.grant_any_role", is_national)
