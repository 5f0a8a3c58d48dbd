"""Who may do what with beneficiaries, enrolments, pathway steps and follow-ups.

Which people and enrolments a user may see is each model's `visible_to` (and
`Enrolment.objects.accompanied_by` for what happened during an enrolment); the predicates here
answer for the pages and buttons. A company contact holds none of these permissions.
"""

import rules

from accounts.rules import has_a_staff_role, is_national, is_operator, is_territorial

from .models import Beneficiary, Enrolment


@rules.predicate
def may_see_beneficiary(user, beneficiary):
    return (
        beneficiary is not None
        and Beneficiary.objects.visible_to(user).filter(pk=beneficiary.pk).exists()
    )


@rules.predicate
def accompanies_enrolment(user, enrolment):
    return (
        enrolment is not None
        and Enrolment.objects.accompanied_by(user).filter(pk=enrolment.pk).exists()
    )


may_record = is_national | is_territorial | is_operator

rules.add_perm("beneficiaries.list_beneficiaries", has_a_staff_role)
rules.add_perm("beneficiaries.add_beneficiary", may_record)
rules.add_perm("beneficiaries.view_beneficiary", has_a_staff_role & may_see_beneficiary)
rules.add_perm("beneficiaries.change_beneficiary", may_record & may_see_beneficiary)
# Enrolling a person in an action: the action must be one the user may change
# (`Action.objects.editable_by`), which the form's choices enforce.
rules.add_perm("beneficiaries.add_enrolment", may_record)
rules.add_perm("beneficiaries.change_enrolment", may_record & accompanies_enrolment)
rules.add_perm("beneficiaries.list_follow_ups", may_record)
# Who consulted or changed a record: national staff only (DESIGN.md §5).
rules.add_perm("beneficiaries.view_access_log", is_national)
# Reviewing likely duplicates and merging them: the staff who see people across organisations
# (issue 12); which pairs is `DuplicateCandidate.objects.to_review_by`.
rules.add_perm("beneficiaries.review_duplicates", is_national | is_territorial)
