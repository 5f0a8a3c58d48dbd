"""Who may do what with accounts. Roles come from memberships, through `user.scope`."""

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


rules.add_perm("accounts.invite_user", is_national)
rules.add_perm("accounts.list_users", has_a_role)
