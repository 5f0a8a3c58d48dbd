"""Who may record and change mobilisation actions and interactions. Which objects a user may
see or change is `MobilisationAction.objects.visible_to` / `editable_by` and
`Interaction.objects.visible_to`; these predicates answer for the pages and buttons.

Registered by `PartnersConfig.ready()` (the package is not an app, so rules' autodiscovery
does not find it)."""

import rules

from accounts.rules import has_a_role, has_a_staff_role, is_national, is_territorial

from ..models import MobilisationAction


@rules.predicate
def may_edit_mobilisation_action(user, action):
    return (
        action is not None
        and MobilisationAction.objects.editable_by(user).filter(pk=action.pk).exists()
    )


@rules.predicate
def is_interaction_author(user, interaction):
    return interaction is not None and interaction.author_id == user.pk


rules.add_perm("partners.list_mobilisationactions", has_a_role)
rules.add_perm("partners.add_mobilisationaction", is_national | is_territorial)
# Coordinators record actions in their territory; national actions (no département) are DIAIR's.
rules.add_perm("partners.add_national_mobilisationaction", is_national)
rules.add_perm("partners.change_mobilisationaction", may_edit_mobilisation_action)
rules.add_perm("partners.view_interactions", has_a_staff_role)
rules.add_perm("partners.add_interaction", has_a_staff_role)
rules.add_perm(
    "partners.change_interaction", has_a_staff_role & (is_national | is_interaction_author)
)
