"""Who may do what with partnership conventions. Reads go through
`Convention.objects.visible_to(user)`; these predicates decide creating and editing."""

import rules

from accounts.rules import has_a_role, is_national, is_territorial
from partners.models import Convention


@rules.predicate
def can_edit_convention(user, convention):
    if convention is None or not user.is_authenticated:
        return False
    return Convention.objects.editable_by(user).filter(pk=convention.pk).exists()


rules.add_perm("partners.list_conventions", has_a_role)
rules.add_perm("partners.add_convention", is_national | is_territorial)
# Coordinators sign conventions for their départements; national ones are DIAIR's.
rules.add_perm("partners.add_national_convention", is_national)
rules.add_perm("partners.change_convention", is_national | can_edit_convention)
