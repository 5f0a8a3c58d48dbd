"""Who may do what in the organisation registry and the company space. Reads go through
`Organisation.objects.visible_to(user)`; these predicates decide creating and editing. The
slices' permissions (leads, conventions, mobilisation) are in their own `rules.py`, registered
by `PartnersConfig.ready()`."""

import rules

from accounts.rules import has_a_staff_role, is_company, is_national, is_territorial

from .models import Organisation


@rules.predicate
def can_edit_organisation(user, organisation):
    if organisation is None or not user.is_authenticated:
        return False
    return Organisation.objects.editable_by(user).filter(pk=organisation.pk).exists()


rules.add_perm("partners.list_organisations", has_a_staff_role)
rules.add_perm("partners.add_organisation", is_national | is_territorial)
rules.add_perm("partners.change_organisation", is_national | can_edit_organisation)
# National bodies (no département) and the 11 OPCO are recorded by national staff only, so that
# no local organisation can pass for one.
rules.add_perm("partners.add_national_organisation", is_national)
# Who changed what, staff notes, the other guests of an event: staff business. Company contacts
# see what concerns them, not that.
rules.add_perm("partners.view_staff_details", has_a_staff_role)
# The company space is for company contacts only (national staff included get 403: they have
# the organisation and convention pages).
rules.add_perm("partners.view_company_space", is_company)
