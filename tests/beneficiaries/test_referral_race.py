"""Two colleagues accepting the same referral at the same moment enrol the person once: the
row lock of `Referral.accept` makes the second wait, then find the referral accepted."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from beneficiaries.models import Enrolment, Referral

from ..factories import MembershipFactory, OrganisationFactory
from ..markers import RACE_ON_POSTGRESQL
from ..programmes.factories import ActionFactory
from .factories import BeneficiaryFactory

pytestmark = [pytest.mark.django_db(transaction=True), RACE_ON_POSTGRESQL]


def test_two_accepts_at_once_enrol_the_person_once(departments):
    receiver = OrganisationFactory(kind="operator", department=departments["75"])
    action = ActionFactory(operator=receiver, departments=[departments["75"]])
    colleagues = [MembershipFactory(role="operator", organisation=receiver).user for _ in "ab"]
    person = BeneficiaryFactory(department=departments["69"])
    referral = Referral.objects.create(
        beneficiary=person,
        referred_by=MembershipFactory(role="national").user,
        action=action,
        message="Orientation",
    )
    both_ready = threading.Barrier(2, timeout=10)
    outcomes = []

    def accept(user):
        # Each colleague's page loaded the referral while it was still waiting.
        stale = Referral.objects.get(pk=referral.pk)
        both_ready.wait()
        try:
            stale.accept(user)
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in colleagues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["accepted", "refused"]
    assert Enrolment.objects.filter(beneficiary=person, action=action).count() == 1
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.enrolment.beneficiary == person
