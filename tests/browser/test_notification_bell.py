"""The header's bell in a real Chromium: htmx, under Tremplin's CSP, fills in the number of
unread notifications after the page loads and refreshes it every minute without reloading
the page; the notification pages have no serious accessibility violation."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification

from ..factories import MembershipFactory
from .test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_and_refreshes_without_a_reload(page, live_server):
    user = MembershipFactory(
        role="national", user__email="cloche@tremplin.test", user__password="tremplin-demo"
    ).user
    for number in range(3):
        Notification.objects.create(user=user, kind="data_entry", title=f"Saisie n° {number}")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.clock.install()
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.locator("main #id_username").fill(user.email)
    page.locator("main #id_password").fill("tremplin-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    bell = page.locator(".fr-header__tools-links #notification-bell a")
    assert bell.get_attribute("href") == "/notifications/"
    expect(bell.locator(".fr-badge")).to_have_text("3")
    # DSFR's copy of the header's tools in the mobile menu counts too (htmx does not poll it).
    mobile_bell = page.locator(".fr-header__menu-links #notification-bell-mobile a")
    expect(mobile_bell.locator(".fr-badge")).to_have_text("3")
    # Read out as "Notifications, 3 notifications non lues" (the portal speaks French first).
    assert "3 notifications non lues" in bell.locator(".fr-sr-only").inner_text()

    page.evaluate("() => { window.notReloaded = true; }")
    Notification.objects.create(user=user, kind="data_entry", title="Saisie n° 4")
    page.clock.fast_forward(61_000)
    expect(bell.locator(".fr-badge")).to_have_text("4")
    expect(mobile_bell.locator(".fr-badge")).to_have_text("4")
    assert page.evaluate("() => window.notReloaded") is True
    assert refused == []

    # The centre's buttons show their text beside their icon, not a bare 40-pixel icon.
    page.goto(f"{live_server.url}/notifications/")
    for name in ["Tout marquer comme lu", "Préférences de courriels"]:
        button = page.locator("main .fr-btns-group").get_by_text(name)
        assert button.bounding_box()["width"] > 100, name

    for path in ["/notifications/", "/notifications/preferences/"]:
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path
