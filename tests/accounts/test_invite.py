"""National staff invite people; the invited person activates their account from the e-mail."""

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership, User


def invite(client, **data):
    return client.post(reverse("accounts:user-invite"), data)


def test_national_staff_invite_a_territorial_coordinator(
    client, national_user, departments, mailoutbox, django_capture_on_commit_callbacks, settings
):
    client.force_login(national_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client,
            email="Nouvelle.Coordinatrice@Rhone.gouv.fr",
            first_name="Léa",
            last_name="Martin",
            language="fr",
            role="territorial",
            departments=[departments["69"].pk, departments["01"].pk],
        )
    user = User.objects.get(email="nouvelle.coordinatrice@rhone.gouv.fr")
    assert response.status_code == 302
    assert response.url == user.get_absolute_url()
    assert not user.is_active
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.role == "territorial"
    assert {d.code for d in membership.departments.all()} == {"69", "01"}

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nouvelle.coordinatrice@rhone.gouv.fr"]
    assert "Tremplin" in message.subject
    link = re.search(r"http://\S+/comptes/invitation/\S+/", message.body).group(0)

    client.logout()
    path = link.removeprefix(settings.SITE_URL)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "new_password1" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"new_password1": "Un-tremplin-vers-2027", "new_password2": "Un-tremplin-vers-2027"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password("Un-tremplin-vers-2027")
    assert user.scope.department_ids == {departments["69"].pk, departments["01"].pk}
    # The link works once only.
    assert "new_password1" not in client.get(path, follow=True).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "territorial"}, "departments", "Choose the région or the départements"),
        ({"role": "operator"}, "organisation", "Choose the organisation they work for"),
        ({"role": "company"}, "organisation", "Choose the organisation they work for"),
        ({"role": ""}, "role", "Choose “"),
    ],
)
def test_invitation_with_missing_scope_is_refused_with_a_field_error(
    client, national_user, mailoutbox, data, field, message, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(national_user)
    national_user.language = "en"
    national_user.save()
    response = invite(
        client, email="x@tremplin.test", first_name="X", last_name="Y", language="fr", **data
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    page = response.content.decode()
    assert "fr-error-text" in page
    assert not User.objects.filter(email="x@tremplin.test").exists()
    assert mailoutbox == []


def test_invitation_of_an_existing_address_is_refused(client, national_user, operator_user):
    client.force_login(national_user)
    response = invite(
        client,
        email=operator_user.email.upper(),
        first_name="A",
        last_name="B",
        language="fr",
        role="national",
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact=operator_user.email).count() == 1


def test_a_password_link_does_not_reactivate_a_deactivated_account(client, paris_user):
    paris_user.is_active = False
    paris_user.save()
    path = reverse(
        "accounts:invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(paris_user.pk)),
            "token": default_token_generator.make_token(paris_user),
        },
    )
    page = client.get(path, follow=True)
    assert "new_password1" not in page.content.decode()
    client.post(path, {"new_password1": "Un-essai-2027!", "new_password2": "Un-essai-2027!"})
    paris_user.refresh_from_db()
    assert not paris_user.is_active


@pytest.fixture
def expired_invitation(db, national_user, settings):
    invited = User.objects.create_user("lea.martin@rhone.gouv.fr", first_name="Léa", last_name="M")
    invited.is_active = False
    invited.invited_by = national_user
    invited.set_unusable_password()
    invited.invited_at = timezone.now() - datetime.timedelta(days=4)
    invited.save()
    return invited


def test_an_expired_invitation_says_so_and_can_be_sent_again(
    client, national_user, expired_invitation, mailoutbox, django_capture_on_commit_callbacks
):
    """Field case: an invitation not accepted within three days was a dead end."""
    client.force_login(national_user)
    page = client.get(expired_invitation.get_absolute_url()).content.decode()
    assert "fr-alert--warning" in page
    assert reverse("accounts:user-reinvite", args=[expired_invitation.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user-reinvite", args=[expired_invitation.pk]))
    assert response.status_code == 302
    assert response.url == expired_invitation.get_absolute_url()
    assert [mail.to for mail in mailoutbox] == [[expired_invitation.email]]
    expired_invitation.refresh_from_db()
    assert not expired_invitation.invitation_has_expired
    link = re.search(r"http\S+/invitation/\S+/", mailoutbox[0].body).group(0)
    assert client.get(link, follow=True).status_code == 200


def test_inviting_a_pending_address_again_points_to_the_resend(
    client, national_user, expired_invitation
):
    client.force_login(national_user)
    response = invite(
        client, email="Lea.Martin@rhone.gouv.fr", first_name="L", last_name="M", role="national"
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("email", "already_invited")


def test_only_those_who_may_invite_can_resend(client, rhone_user, expired_invitation):
    client.force_login(rhone_user)
    response = client.post(reverse("accounts:user-reinvite", args=[expired_invitation.pk]))
    assert response.status_code in (403, 404)


def test_forgot_password_for_a_pending_invitation_sends_a_fresh_invitation(
    client, expired_invitation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password-reset"), {"email": "LEA.martin@rhone.gouv.fr"}
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/invitation/" in mailoutbox[0].body
    expired_invitation.refresh_from_db()
    assert not expired_invitation.invitation_has_expired


def test_the_user_page_tells_when_the_link_expires_as_soon_as_invited(
    client, national_user, departments
):
    """The link's three days count from the invitation, before any worker sent it."""
    client.force_login(national_user)
    response = invite(
        client,
        email="paul.durand@rhone.gouv.fr",
        first_name="Paul",
        last_name="Durand",
        language="fr",
        role="territorial",
        departments=[departments["69"].pk],
    )
    user = User.objects.get(email="paul.durand@rhone.gouv.fr")
    assert user.invited_at is not None
    assert user.invitation_expires_at > timezone.now() + datetime.timedelta(days=2, hours=23)
    page = client.get(response.url).content.decode()
    assert "Invitation en attente : son lien expire le" in page
