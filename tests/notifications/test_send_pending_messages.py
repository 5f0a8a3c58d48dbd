"""send_pending_messages sends what is still unsent, those past their last automatic attempt
included; without --wet-run it only counts them."""

import io

import pytest
from django.core.management import call_command

from notifications.models import MAX_ATTEMPTS, OutgoingMessage
from notifications.notices import record_invitation

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(django_capture_on_commit_callbacks):
    """An invitation the mail server never took, past its last automatic attempt."""
    user = UserFactory(is_active=False)
    user.set_unusable_password()
    user.save()
    with django_capture_on_commit_callbacks(execute=False):
        record_invitation(None, user=user, invited_at=user.date_joined)
    OutgoingMessage.objects.update(attempts=MAX_ATTEMPTS, last_error="SMTPServerDisconnected")
    return OutgoingMessage.objects.get()


def run(*args):
    out = io.StringIO()
    call_command("send_pending_messages", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_counts_and_sends_nothing(pending, mailoutbox):
    assert "Would change — invitation to send: 1." in run()
    assert mailoutbox == []
    pending.refresh_from_db()
    assert pending.sent_at is None


def test_a_wet_run_sends(pending, mailoutbox):
    assert "Changed — invitation sent: 1." in run("--wet-run")
    assert [mail.to for mail in mailoutbox] == [[pending.email]]
    pending.refresh_from_db()
    assert pending.sent_at is not None
    assert "Changed — nothing." in run("--wet-run")
