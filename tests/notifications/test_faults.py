"""Faults around the sweep: with Redis down the web still serves its pages (nothing on a page
waits for the broker or the cache), and the next sweep catches up what came due meanwhile."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.reminders import sweep

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory
from ..programmes.factories import ActionFactory

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": UNREACHABLE_REDIS,
    }
    settings.CACHES = {"default": cache, "ratelimit": cache}
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "beneficiaries:followup-list",
        "beneficiaries:beneficiary-list",
        "reporting:dashboard-index",
    ],
)
def test_pages_are_served_with_redis_down(client, redis_down, operator_user, page):
    client.force_login(operator_user)
    assert client.get(reverse(page)).status_code == 200


def test_the_figures_are_computed_without_their_cache_when_redis_is_down(redis_down, caplog):
    from reporting import cache

    cache.bump()  # after a save's commit: logged, not raised
    assert cache.cached(("test", "figure"), lambda: 42) == 42
    assert "Figures' cache unreachable" in caplog.text


def test_the_sign_in_page_is_served_with_redis_down(client, redis_down):
    assert client.get(reverse("accounts:login")).status_code == 200


def test_the_sweep_after_an_outage_sends_what_came_due_meanwhile(
    rhone_operator, operator_user, departments
):
    """Beat and the worker were down from 28 to 31 December: the sweep of 2 January sends the
    follow-up that came due on the 30th (within the catch-up window), once."""
    action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    person = BeneficiaryFactory(department=departments["69"], referent_organisation=rhone_operator)
    EnrolmentFactory(beneficiary=person, action=action, exited=True)  # due 30 December 2026
    sweep(datetime.date(2026, 12, 27), wet_run=True)
    assert not Notification.objects.exists()
    outcomes = sweep(datetime.date(2027, 1, 2), wet_run=True)
    assert [(o.rule, o.due_date, o.state) for o in outcomes] == [
        ("follow_up_due", datetime.date(2026, 12, 30), "sent")
    ]
    assert Notification.objects.filter(user=operator_user).count() == 1
