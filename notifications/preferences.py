"""How each user wants to be e-mailed about their notifications: per kind of reminder,
immediately, in the daily digest or not at all (the in-app notification always stays), and the
hour of their daily digest. A user who never chose gets the defaults below: no row is written
until they change something."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import ReminderKind


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In the daily digest")
    NONE = "none", _("No e-mail")


#: A user who never chose gets each kind in the daily digest: one e-mail a day at most
#: (docs/decisions.md).
DEFAULT_EMAIL_MODE = EmailMode.DIGEST
#: …at 8 o'clock, Europe/Paris time.
DEFAULT_DIGEST_HOUR = 8


class NotificationPreference(models.Model):
    """The e-mail mode a user chose for one kind of reminder."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ReminderKind)
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode, default=DEFAULT_EMAIL_MODE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_email_mode_display()}"


class DigestSetting(models.Model):
    """The hour (0–23, Europe/Paris) at which a user's daily digest goes out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_setting",
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("time of the daily digest"),
        default=DEFAULT_DIGEST_HOUR,
        validators=[MaxValueValidator(23)],
        help_text=_("Paris time."),
    )

    class Meta:
        verbose_name = _("digest setting")
        verbose_name_plural = _("digest settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_hour__lte=23), name="digest_hour_within_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.digest_hour:02d}:00"


def email_modes(user):
    """{ReminderKind value: EmailMode value} for every kind, the defaults filled in."""
    chosen = dict(user.notification_preferences.values_list("kind", "email_mode"))
    return {kind: chosen.get(kind, DEFAULT_EMAIL_MODE) for kind in ReminderKind.values}


def set_email_modes(user, modes):
    """Record `modes` ({ReminderKind value: EmailMode value}) for `user`."""
    for kind, mode in modes.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email_mode": mode}
        )


def digest_hour(user):
    """The hour (0–23, Europe/Paris) of `user`'s daily digest."""
    hour = DigestSetting.objects.filter(user=user).values_list("digest_hour", flat=True).first()
    return DEFAULT_DIGEST_HOUR if hour is None else hour
