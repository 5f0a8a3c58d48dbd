"""Who may refer a person, answer a referral and withdraw it. Which referrals a user sees at
all is `Referral.objects.visible_to`; registered by `BeneficiariesConfig.ready()`."""

import rules

from accounts.rules import is_operator

from ..rules import may_record, may_see_beneficiary


@rules.predicate
def runs_the_receiving_action(user, referral):
    """The user works for the operator of the action the person is referred to."""
    return (
        referral is not None and referral.action.operator_id in user.scope.operator_organisation_ids
    )


@rules.predicate
def sent_the_referral(user, referral):
    """The user referred the person, or works for the referring organisation."""
    return referral is not None and (
        referral.referred_by_id == user.pk
        or referral.from_organisation_id in user.scope.organisation_ids
    )


# The inbox of referrals received and sent.
rules.add_perm("beneficiaries.list_referrals", may_record)
# Refer a person (the object) one may see to another organisation's action.
rules.add_perm("beneficiaries.add_referral", may_record & may_see_beneficiary)
# Accept or decline: the receiving operator only; coordinators and national staff follow it.
rules.add_perm("beneficiaries.answer_referral", is_operator & runs_the_receiving_action)
rules.add_perm("beneficiaries.withdraw_referral", may_record & sent_the_referral)
