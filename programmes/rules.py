"""Who may do what with programmes, actions, CTAI contracts and targets.

Which objects a user may see or change is each model's `visible_to` / `editable_by`; the
predicates here answer for the pages and buttons.
"""

import rules

from accounts.rules import has_a_staff_role, is_national, is_operator, is_territorial

from .models import Action, TerritorialContract


@rules.predicate
def may_edit_action(user, action):
    return action is not None and Action.objects.editable_by(user).filter(pk=action.pk).exists()


@rules.predicate
def may_edit_contract(user, contract):
    return (
        contract is not None
        and TerritorialContract.objects.editable_by(user).filter(pk=contract.pk).exists()
    )


rules.add_perm("programmes.view_programmes", has_a_staff_role)
rules.add_perm("programmes.add_programme", is_national)
rules.add_perm("programmes.change_programme", is_national)
rules.add_perm("programmes.add_action", is_national | is_territorial | is_operator)
rules.add_perm("programmes.change_action", may_edit_action)
rules.add_perm("programmes.add_contract", is_national | is_territorial)
rules.add_perm("programmes.change_contract", may_edit_contract)
# The rollout is not personal data: coordinators see every département's, as national staff do.
rules.add_perm("programmes.view_agir_rollout", is_national | is_territorial)
