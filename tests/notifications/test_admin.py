"""National staff read the outgoing messages in the admin; nobody adds, edits or deletes one."""

import pytest
from django.urls import reverse

from notifications.models import MessageKind, OutgoingMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(national_user):
    return OutgoingMessage.objects.record(
        MessageKind.INVITATION, national_user, 1, user=national_user, email=national_user.email
    )


def test_national_staff_read_outgoing_messages(client, national_user, message):
    client.force_login(national_user)
    changelist = client.get(reverse("admin:notifications_outgoingmessage_changelist"))
    assert changelist.status_code == 200
    assert national_user.email in changelist.content.decode()
    page = client.get(reverse("admin:notifications_outgoingmessage_change", args=[message.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:notifications_outgoingmessage_add")).status_code == 403
    delete = reverse("admin:notifications_outgoingmessage_delete", args=[message.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert OutgoingMessage.objects.filter(pk=message.pk).exists()


def test_other_roles_do_not(client, rhone_user, message):
    client.force_login(rhone_user)
    response = client.get(reverse("admin:notifications_outgoingmessage_changelist"))
    assert response.status_code == 302
