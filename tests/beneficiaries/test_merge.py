"""Merging two records of one person (issue 12, part 3): everything moves onto the record kept,
the history of both says who merged, when and which values were taken, nothing changes when
the database refuses a row, and the merged-away record leads to the kept one only for those
who may see it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from beneficiaries.duplicates import record_candidates
from beneficiaries.merge import MergeError, merge
from beneficiaries.models import AccessLog, Beneficiary, DuplicateCandidate, Enrolment

from ..conftest import in_english
from ..programmes.factories import ActionFactory
from .factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory


@pytest.fixture
def client(client):
    return in_english(client)


@pytest.fixture
def twins(followed):
    """The Rhône person followed (`kept`), and a second record of them (`merged`) made by
    another Rhône action, with an e-mail address, an exited enrolment (two follow-ups), a step
    of that enrolment, a step outside any enrolment, and an access-log entry; the pair flagged."""
    kept = followed.rhone.person
    merged = BeneficiaryFactory(
        first_name=kept.first_name.upper(),
        last_name=kept.last_name,
        birth_date=kept.birth_date,
        department=kept.department,
        referent_organisation=kept.referent_organisation,
        email="r.haidari@example.org",
        prior_occupation="Maçon",
    )
    other_action = ActionFactory(
        operator=followed.rhone.action.operator, departments=[kept.department]
    )
    enrolment = EnrolmentFactory(beneficiary=merged, action=other_action, exited=True)
    steps = [
        PathwayStepFactory(enrolment=enrolment, job=True),
        PathwayStepFactory(beneficiary=merged, kind="housing"),
    ]
    log = AccessLog.objects.create(beneficiary=merged, user=followed.users["operator"], kind="view")
    record_candidates(merged, "nightly")
    return {
        "kept": kept,
        "merged": merged,
        "enrolment": enrolment,
        "steps": steps,
        "log": log,
        "candidate": DuplicateCandidate.objects.get(),
    }


def names_record(record, reason):
    """True when the history `reason` names `record` by its number ("#3" in English,
    "n° 3" in French)."""
    return re.search(rf"(#|n° ){record.pk}\b", reason) is not None


def test_a_merge_moves_everything_and_keeps_both_histories(followed, twins):
    kept, merged, reviewer = twins["kept"], twins["merged"], followed.users["rhone"]
    enrolments_before = set(kept.enrolments.values_list("pk", flat=True))

    result = merge(twins["candidate"], keep=kept, take=["email", "prior_occupation"], user=reviewer)

    assert result == kept
    kept.refresh_from_db()
    merged.refresh_from_db()
    assert (kept.email, kept.prior_occupation) == ("r.haidari@example.org", "Maçon")
    assert merged.merged_into == kept
    assert set(kept.enrolments.values_list("pk", flat=True)) == enrolments_before | {
        twins["enrolment"].pk
    }
    assert kept.steps.filter(pk__in=[s.pk for s in twins["steps"]]).count() == 2
    assert twins["enrolment"].follow_ups.count() == 2  # with their enrolment, now the kept's
    assert AccessLog.objects.get(pk=twins["log"].pk).beneficiary == kept
    assert not merged.enrolments.exists() and not merged.steps.exists()
    assert not merged.access_log.exists()
    # Who, when, which values: in the history of both records and of what moved.
    kept_change = kept.history.latest()
    assert kept_change.history_user == reviewer
    assert names_record(merged, kept_change.history_change_reason)
    assert kept_change.history_change_reason.endswith(": email, prior_occupation")
    assert kept_change.prev_record.email == ""
    merged_change = merged.history.latest()
    assert (merged_change.merged_into_id, merged_change.history_user) == (kept.pk, reviewer)
    moved = Enrolment.objects.get(pk=twins["enrolment"].pk).history.latest()
    assert (moved.beneficiary_id, moved.history_user) == (kept.pk, reviewer)
    assert moved.prev_record.beneficiary_id == merged.pk
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.status, candidate.decided_by) == ("same", reviewer)
    assert candidate.decided_at is not None


def test_a_merge_refused_halfway_changes_nothing(followed, twins):
    kept, merged = twins["kept"], twins["merged"]
    # Both records open in the same action: the database refuses one enrolment moved, after the
    # steps and the access log have moved.
    EnrolmentFactory(beneficiary=merged, action=followed.rhone.action, entered=True)
    history_before = kept.history.count(), merged.history.count()

    with translation.override("en"), pytest.raises(MergeError) as refused:
        merge(twins["candidate"], keep=kept, take=["email"], user=followed.users["rhone"])

    assert str(refused.value) == (
        "Both records have an open enrolment in the same action: close or abandon one of them "
        "before merging."
    )
    merged.refresh_from_db()
    kept.refresh_from_db()
    assert merged.merged_into is None and kept.email == ""
    assert merged.enrolments.count() == 2
    assert merged.steps.count() == 2
    assert AccessLog.objects.get(pk=twins["log"].pk).beneficiary == merged
    assert (kept.history.count(), merged.history.count()) == history_before
    assert DuplicateCandidate.objects.get().status == "pending"


def test_a_merge_refuses_values_invalid_together(followed, twins):
    kept, merged = twins["kept"], twins["merged"]
    # Born after the kept record's protection date, which the reviewer keeps.
    Beneficiary.objects.filter(pk=merged.pk).update(
        birth_date="2025-12-01", protection_granted_on=None
    )
    merged.refresh_from_db()
    with translation.override("en"), pytest.raises(MergeError, match="before birth"):
        merge(twins["candidate"], keep=kept, take=["birth_date"], user=followed.users["rhone"])
    assert DuplicateCandidate.objects.get().status == "pending"


def test_a_decided_pair_cannot_be_merged_again(followed, twins):
    merge(twins["candidate"], keep=twins["merged"], user=followed.users["national"])
    with pytest.raises(MergeError):
        merge(twins["candidate"], keep=twins["kept"], user=followed.users["national"])


def test_the_merged_away_record_vanishes_and_the_person_counts_once(followed, twins):
    kept, merged = twins["kept"], twins["merged"]
    national = followed.users["national"]
    people = Beneficiary.objects.visible_to(national)
    assert (
        Enrolment.objects.filter(beneficiary__in=[kept, merged])
        .values("beneficiary")
        .distinct()
        .count()
        == 2
    )

    merge(twins["candidate"], keep=kept, user=national)

    assert merged not in people.all() and kept in people.all()
    assert not Beneficiary.objects.visible_to(followed.users["rhone"]).filter(pk=merged.pk).exists()
    # Persons counted from their enrolments: one person, once.
    assert (
        Enrolment.objects.filter(beneficiary__in=[kept, merged])
        .values("beneficiary")
        .distinct()
        .count()
        == 1
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("national", 302),
        ("rhone", 302),
        ("operator", 302),
        ("paris", 404),
        ("other_operator", 404),
        ("company", 404),
    ],
)
def test_the_merged_away_url_leads_to_the_kept_record_for_who_may_see_it(
    client, followed, twins, role, expected
):
    merge(twins["candidate"], keep=twins["kept"], user=followed.users["national"])
    client.force_login(followed.users[role])

    response = client.get(twins["merged"].get_absolute_url())

    assert response.status_code == expected
    if expected == 302:
        assert response.url == twins["kept"].get_absolute_url()


def test_the_review_page_merges_with_the_values_chosen(client, followed, twins):
    kept, merged, candidate = twins["kept"], twins["merged"], twins["candidate"]
    client.force_login(followed.users["rhone"])
    url = reverse("beneficiaries:duplicate-detail", args=[candidate.pk])
    form = client.get(url).context["form"]
    keep_second = "second" if candidate.second == kept else "first"
    merged_side = "first" if keep_second == "second" else "second"
    # Only the fields that differ are asked.
    assert set(form.differing) == {"first_name", "email", "prior_occupation"}

    response = client.post(
        url,
        {
            "keep": keep_second,
            "value_first_name": keep_second,
            "value_email": merged_side,
            "value_prior_occupation": keep_second,
        },
    )

    assert response.url == kept.get_absolute_url()
    kept.refresh_from_db()
    assert (kept.email, kept.first_name) == (
        "r.haidari@example.org",
        followed.rhone.person.first_name,
    )
    assert Beneficiary.objects.get(pk=merged.pk).merged_into == kept
    assert AccessLog.objects.filter(beneficiary=kept, kind="change").count() == 1


def test_the_review_page_says_why_a_merge_is_refused(client, followed, twins):
    EnrolmentFactory(beneficiary=twins["merged"], action=followed.rhone.action, entered=True)
    candidate = twins["candidate"]
    client.force_login(followed.users["national"])
    keep = "first" if candidate.first == twins["kept"] else "second"

    values = {f"value_{name}": keep for name in ("first_name", "email", "prior_occupation")}

    response = client.post(
        reverse("beneficiaries:duplicate-detail", args=[candidate.pk]), {"keep": keep, **values}
    )

    assert response.status_code == 200
    assert "Both records have an open enrolment in the same action" in response.content.decode()
    assert Beneficiary.objects.get(pk=twins["merged"].pk).merged_into is None


def test_the_merged_away_record_leaves_the_list_and_its_search(client, followed, twins):
    kept, merged = twins["kept"], twins["merged"]
    merge(twins["candidate"], keep=kept, user=followed.users["national"])
    client.force_login(followed.users["national"])

    response = client.get(reverse("beneficiaries:beneficiary-list"), {"q": kept.last_name})

    assert list(response.context["object_list"]) == [kept]
    assert merged.get_absolute_url() not in response.content.decode()


def test_a_record_merged_twice_leads_to_the_last_one_kept(client, followed, twins):
    kept, merged, national = twins["kept"], twins["merged"], followed.users["national"]
    merge(twins["candidate"], keep=kept, user=national)
    third = BeneficiaryFactory(
        first_name=kept.first_name,
        last_name=kept.last_name,
        birth_date=kept.birth_date,
        department=kept.department,
    )
    record_candidates(third, "form")
    merge(DuplicateCandidate.objects.get(status="pending"), keep=third, user=national)

    assert Beneficiary.objects.get(pk=merged.pk).merged_into == third
    client.force_login(national)
    response = client.get(merged.get_absolute_url())
    assert response.url == third.get_absolute_url()


def test_a_merge_withdraws_the_duplicate_of_a_waiting_referral(followed, twins):
    """Both records wait for a referral to the same action (the one waiting referral per person
    and action): the merge keeps the kept record's, withdraws the other's as the reviewer, and
    says so in its history; a referral to another action simply moves."""
    from beneficiaries.models import Referral

    kept, merged, reviewer = twins["kept"], twins["merged"], followed.users["rhone"]
    sender = followed.users["operator"]
    common = {
        "from_organisation": followed.rhone.action.operator,
        "referred_by": sender,
        "action": followed.paris.action,
    }
    kept_referral = Referral.objects.create(beneficiary=kept, message="Du dossier gardé.", **common)
    twin_referral = Referral.objects.create(beneficiary=merged, message="Du doublon.", **common)
    elsewhere = ActionFactory(departments=[followed.paris.action.departments.first()])
    other = Referral.objects.create(
        beneficiary=merged, message="Ailleurs.", **{**common, "action": elsewhere}
    )

    merge(twins["candidate"], keep=kept, user=reviewer)

    kept_referral.refresh_from_db()
    twin_referral.refresh_from_db()
    other.refresh_from_db()
    assert (kept_referral.beneficiary, kept_referral.status) == (kept, "sent")
    assert (twin_referral.beneficiary, twin_referral.status) == (kept, "withdrawn")
    assert twin_referral.decided_by == reviewer and twin_referral.decided_at is not None
    assert (other.beneficiary, other.status) == (kept, "sent")
    withdrawal = twin_referral.history.filter(status="withdrawn").earliest("history_date")
    assert withdrawal.history_user == reviewer
    assert names_record(merged, withdrawal.history_change_reason)
    assert Referral.objects.filter(beneficiary=kept).waiting().count() == 2


def test_a_merge_refused_halfway_leaves_the_waiting_referrals_as_they_were(followed, twins):
    from beneficiaries.models import Referral

    kept, merged = twins["kept"], twins["merged"]
    EnrolmentFactory(beneficiary=merged, action=followed.rhone.action, entered=True)
    common = {
        "from_organisation": followed.rhone.action.operator,
        "referred_by": followed.users["operator"],
        "action": followed.paris.action,
        "message": "Orientation.",
    }
    Referral.objects.create(beneficiary=kept, **common)
    twin_referral = Referral.objects.create(beneficiary=merged, **common)

    with pytest.raises(MergeError):
        merge(twins["candidate"], keep=kept, user=followed.users["rhone"])

    twin_referral.refresh_from_db()
    assert (twin_referral.beneficiary, twin_referral.status) == (merged, "sent")
    assert twin_referral.decided_by is None


def test_the_referral_refusal_has_its_plain_message():
    """The safety net, for a referral sent while the merge runs."""
    from beneficiaries.merge import REFUSALS

    with translation.override("en"):
        message = str(REFUSALS["one_waiting_referral_per_person_and_action"])
    assert "waiting for a referral to the same action" in message


def test_a_merge_taking_many_values_in_french_fits_the_history(followed, twins):
    """The change reasons (who merged, which values were taken, a referral withdrawn) fit the
    history's 100 characters whatever the number of values taken and the language: the merge
    does not fail with a database error (a 500 on the review page)."""
    from beneficiaries.merge import MERGED_FIELDS
    from beneficiaries.models import Referral

    kept, merged, reviewer = twins["kept"], twins["merged"], followed.users["national"]
    for person in (kept, merged):
        Referral.objects.create(
            beneficiary=person, referred_by=reviewer, action=followed.paris.action, message="Test"
        )

    with translation.override("fr"):
        merge(twins["candidate"], keep=kept, take=MERGED_FIELDS, user=reviewer)

    kept.refresh_from_db()
    assert kept.email == "r.haidari@example.org"
    reason = kept.history.latest().history_change_reason
    assert len(reason) <= 100 and reason.endswith("…") and names_record(merged, reason)
    assert Referral.objects.filter(beneficiary=kept).waiting().count() == 1


def test_the_steps_merged_in_count_at_the_exits_of_the_record_kept(followed, twins):
    """One person, one situation: the job recorded on the merged-away record counts at the
    exit of an enrolment of the record kept, in the exit class the figures read."""
    kept, merged = twins["kept"], twins["merged"]
    ended = EnrolmentFactory(
        beneficiary=kept,
        exited=True,
        follow_ups=False,
        # Before any step of the world's person.
        referral_date=datetime.date(2020, 1, 6),
        entry_date=datetime.date(2020, 1, 13),
        exit_date=datetime.date(2020, 6, 30),
    )
    PathwayStepFactory(
        beneficiary=merged, job=True, contract_type="cdi", start_date=ended.exit_date
    )
    ended.refresh_from_db()
    assert ended.exit_class == "other"

    merge(twins["candidate"], keep=kept, user=followed.users["national"])

    ended.refresh_from_db()
    assert (ended.exit_class, ended.employment_at_exit) == ("durable", "job")
