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
