"""Merging two records of one person (issue 12, part 3): one record is kept, everything the
other holds moves onto it, and the other stays, hidden, pointing at the kept one
(`merged_into`), so that its history and its old links still lead somewhere.

What moves: every row of another model pointing at the person — enrolments (their follow-ups
with them), pathway steps, access-log entries, and whatever later models point at a person —
found from the model's relations, so that a new one is not forgotten. Rows of a model with
history are saved one by one, with the merge as their change reason; the access log, which is
append-only, only has its person changed (docs/decisions.md). A referral of the merged-away
record still waiting for an action where the kept record waits too is withdrawn by the merge
(one waiting referral per person and action; the kept record's stays). All in one transaction:
when the database refuses a row (two open enrolments in the same action), nothing has changed.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import PERSON_FIELDS, Beneficiary, DuplicateCandidate, DuplicateStatus, Enrolment
from .referrals.models import Referral, ReferralStatus

#: The fields whose value the reviewer chooses, record by record, when merging: every field
#: the record form writes.
MERGED_FIELDS = PERSON_FIELDS

#: The database refusals a merge may meet, in plain words.
REFUSALS = {
    "one_open_enrolment_per_person_and_action": gettext_lazy(
        "Both records have an open enrolment in the same action: close or abandon one of them "
        "before merging."
    ),
    # Met only if a referral is sent while the merge runs: the merge withdraws the duplicates.
    "one_waiting_referral_per_person_and_action": gettext_lazy(
        "Both records are waiting for a referral to the same action: withdraw one of them "
        "before merging."
    ),
}


def _refusal_names(constraint):
    """How the database names the unique `constraint` (a name of REFUSALS) when it refuses a
    row: PostgreSQL by its name, SQLite by its table's columns ("UNIQUE constraint failed:
    beneficiaries_enrolment.beneficiary_id, beneficiaries_enrolment.action_id")."""
    for model in (Enrolment, Referral):
        for unique in model._meta.constraints:
            if unique.name == constraint:
                columns = ", ".join(
                    f"{model._meta.db_table}.{model._meta.get_field(name).column}"
                    for name in unique.fields
                )
                return (constraint, f"UNIQUE constraint failed: {columns}")
    return (constraint,)


class MergeError(Exception):
    """The merge was refused; nothing has changed. `str(error)` says why, for the user."""


def _relations():
    """The relations (one-to-many) pointing at a person whose rows move to the kept record,
    enrolments last: their constraint (one open enrolment per person and action) is the one
    that may refuse."""
    relations = [
        relation
        for relation in Beneficiary._meta.related_objects
        if relation.one_to_many
        and relation.related_model not in (Beneficiary, DuplicateCandidate)
        and not relation.related_model._meta.auto_created
    ]
    return sorted(relations, key=lambda relation: relation.related_model is Enrolment)


def _move(relation, merged, kept, user, reason):
    """Point the rows of `relation` from `merged` to `kept`; returns how many moved."""
    model, field = relation.related_model, relation.field
    rows = model._default_manager.filter(**{field.name: merged})
    if not hasattr(model, "history"):
        return rows.update(**{field.name: kept})
    moved = 0
    for row in rows:
        setattr(row, field.name, kept)
        row._history_user = user
        row._change_reason = reason
        row.save(update_fields=[field.name])
        moved += 1
    return moved


def _fit(reason):
    """`reason` (str) cut to what a history row's change reason holds (simple-history's
    `history_change_reason`, 100 characters), ending with "…" when cut: a long list of values
    taken, or a language with longer words, must not make the merge fail. The values taken
    stay readable in full in the kept record's history, field by field."""
    limit = Beneficiary.history.model._meta.get_field("history_change_reason").max_length
    return Truncator(reason).chars(limit)


def _withdraw_duplicate_referrals(kept, merged, user, reason):
    """Withdraw, as `user`, the referrals of `merged` still waiting for an action for which a
    referral of `kept` is waiting too: once moved, the person would wait twice for the same
    action (`one_waiting_referral_per_person_and_action`). The kept record's referral stays;
    the withdrawn one keeps its message, on the timeline, with the merge as its change reason.
    Returns how many were withdrawn."""
    waiting_for = Referral.objects.filter(beneficiary=kept).waiting().values("action_id")
    duplicates = (
        Referral.objects.select_for_update()
        .filter(beneficiary=merged, action_id__in=waiting_for)
        .waiting()
    )
    now = timezone.now()
    withdrawn = 0
    for referral in duplicates:
        referral.status = ReferralStatus.WITHDRAWN
        referral.decided_at = max(now, referral.sent_at)
        referral.decided_by = user
        referral._history_user = user
        referral._change_reason = _fit(
            f"{reason}; " + _("withdrawn: the record kept is already referred to this action")
        )
        referral.save(update_fields=["status", "decided_at", "decided_by"])
        withdrawn += 1
    return withdrawn


def merge(candidate, *, keep, take=(), user):
    """Merge the two records of `candidate` (a pending DuplicateCandidate): keep `keep` (one of
    the pair, a Beneficiary), with the values of the fields named in `take` (names from
    `MERGED_FIELDS`) taken from the other; move everything of the other onto it; mark the
    other merged into it and the pair "same person", decided by `user` now. The history of
    both records says who merged, when and which values were taken.

    Returns the kept Beneficiary. Raises MergeError, with nothing changed, when the pair is
    decided already, `keep` is not one of it, a field is unknown, the values chosen are not
    valid together, or the database refuses a moved row."""
    if keep.pk not in (candidate.first_id, candidate.second_id):
        raise MergeError(_("The record to keep must be one of the pair."))
    unknown = set(take) - set(MERGED_FIELDS)
    if unknown:
        raise MergeError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    other_pk = candidate.second_id if keep.pk == candidate.first_id else candidate.first_id
    try:
        with transaction.atomic():
            return _merge(candidate, keep.pk, other_pk, sorted(take), user)
    except IntegrityError as error:
        for constraint, message in REFUSALS.items():
            if any(name in str(error) for name in _refusal_names(constraint)):
                raise MergeError(str(message)) from error
        raise MergeError(_("The database refused the merge: %(error)s") % {"error": error}) from (
            error
        )
    except ValidationError as error:
        raise MergeError(" ".join(error.messages)) from error


def _merge(candidate, kept_pk, merged_pk, take, user):
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateStatus.PENDING:
        raise MergeError(_("This pair has been decided already."))
    people = Beneficiary.objects.select_for_update().in_bulk([kept_pk, merged_pk])
    kept, merged = people[kept_pk], people[merged_pk]
    if kept.merged_into_id or merged.merged_into_id:
        raise MergeError(_("One of these records has been merged already."))

    for name in take:
        setattr(kept, name, getattr(merged, name))
    kept.full_clean(exclude=["name_key", "merged_into"])

    reason = _fit(
        _("Merge of record #%(merged)s into record #%(kept)s")
        % {"merged": merged.pk, "kept": kept.pk}
    )
    _withdraw_duplicate_referrals(kept, merged, user, reason)
    for relation in _relations():
        _move(relation, merged, kept, user, reason)
    # Records merged earlier into the one merged now point at the kept one: one hop, always.
    Beneficiary.objects.filter(merged_into=merged).update(merged_into=kept)

    taken = ", ".join(take) if take else _("none")
    kept._history_user = user
    kept._change_reason = _fit(f"{reason}; " + _("values taken: %(fields)s") % {"fields": taken})
    kept.save()
    merged.merged_into = kept
    merged._history_user = user
    merged._change_reason = reason
    merged.save(update_fields=["merged_into", "updated_at"])

    candidate.status = DuplicateStatus.SAME
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate._history_user = user
    candidate._change_reason = reason
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    return kept
