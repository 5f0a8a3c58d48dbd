"""Who may do what in the organisation registry. Reads go through
`Organisation.objects.visible_to(user)`; these predicates decide creating and editing."""

import rules

from accounts.rules import is_national, is_territorial

from .models import Organisation


@rules.predicate
def can_edit_organisation(user, organisation):
    if organisation is None or not user.is_authenticated:
        return False
    return Organisation.objects.editable_by(user).filter(pk=organisation.pk).exists()


rules.add_perm("partners.add_organisation", is_national | is_territorial)
rules.add_perm("partners.change_organisation", is_national | can_edit_organisation)
