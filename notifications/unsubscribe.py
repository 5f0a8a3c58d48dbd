"""Unsubscribe links of notification e-mails: a signed token naming a user and the kinds of
reminder an e-mail was about, so that its recipient stops those e-mails in one click without
signing in (RFC 8058's List-Unsubscribe-Post too). The in-app notifications stay."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .kinds import ReminderKind

SALT = "notifications.unsubscribe"


def make_token(user, kinds):
    """The signed token (str, URL-safe) that stops `user`'s e-mails about `kinds` (ReminderKind
    values). It holds ids and codes only, and does not expire: a link in an old e-mail must
    still work."""
    return signing.dumps({"u": user.pk, "k": sorted(set(kinds))}, salt=SALT, compress=True)


def read_token(token):
    """(user id, list of ReminderKind values) of a token made by `make_token`; raises
    `signing.BadSignature` when it was tampered with or names unknown kinds."""
    data = signing.loads(token, salt=SALT)
    try:
        user_id, kinds = int(data["u"]), list(data["k"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed unsubscribe token.") from error
    if not kinds or not set(kinds) <= set(ReminderKind.values):
        raise signing.BadSignature("Unknown kind of reminder.")
    return user_id, kinds


def unsubscribe_url(user, kinds):
    """The absolute URL (settings.SITE_URL) of the page stopping `user`'s e-mails about
    `kinds`."""
    path = reverse("notifications:unsubscribe", args=[make_token(user, kinds)])
    return f"{settings.SITE_URL}{path}"
