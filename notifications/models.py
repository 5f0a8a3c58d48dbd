"""Outgoing messages: each e-mail Tremplin owes someone, recorded with the event that calls for
it and marked sent once the mail server accepted it, so that it goes out once, and surely."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.expressions import Col
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import ReminderKind

#: Unsent messages are tried again when they are this old (the first try runs at once)…
RETRY_AFTER = datetime.timedelta(minutes=5)
#: …until they have been tried this many times.
MAX_ATTEMPTS = 10


class MessageKind(models.TextChoices):
    LEAD_NEW = "lead_new", _("New lead, to its coordinators")
    LEAD_RECEIVED = "lead_received", _("Lead received, to the company's contact")
    INVITATION = "invitation", _("Invitation to Tremplin")
    NOTIFICATION = "notification", _("Notification, by e-mail at once")
    DIGEST = "digest", _("Daily digest of notifications")


def message_key(kind, content_type, object_id, version, *, user=None, email=""):
    """The key (str) of the message of `kind` about the object (`content_type`, `object_id`)
    on the occasion `version` to `user` (or, without an account, to `email`): the same message
    is recorded once."""
    recipient = f"user-{user.pk}" if user else email.lower()
    return f"{kind}:{content_type.app_label}.{content_type.model}:{object_id}:{version}:{recipient}"


class OutgoingMessageQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due_for_retry(self, now=None):
        now = now or timezone.now()
        return self.unsent().filter(attempts__lt=MAX_ATTEMPTS, created_at__lte=now - RETRY_AFTER)

    def failed(self):
        """Messages that will not be tried again: refused at every attempt, or moot (what they
        were about is gone). `last_error` says why."""
        return self.unsent().filter(attempts__gte=MAX_ATTEMPTS)

    def record(self, kind, about, version, *, email, user=None, language=""):
        """The message of `kind` about `about` to one recipient, recorded once whoever asks:
        `version` tells one occasion from the next (a lead's submission, an invitation's date)."""
        content_type = ContentType.objects.get_for_model(about)
        key = message_key(kind, content_type, about.pk, version, user=user, email=email)
        message, _created = self.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "content_type": content_type,
                "object_id": about.pk,
                "user": user,
                "email": email,
                "language": language or (user.language if user else settings.LANGUAGE_CODE),
            },
        )
        return message


class OutgoingMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=MessageKind)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    about = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    key = models.CharField(
        _("key"),
        max_length=500,
        help_text=_("Kind, object, occasion and recipient: the same message is recorded once."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("When the mail server accepted it.")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="outgoing_message_key_unique"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outgoing_message_unsent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.email}"

    @property
    def is_failed(self):
        """True when it was not sent and will not be tried again (see `last_error`)."""
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS


class ReminderQuerySet(models.QuerySet):
    def record(self, reminders, batch_size=1000):
        """Insert `reminders` (unsaved Reminder objects) whose key is not recorded yet, in one
        INSERT … ON CONFLICT DO NOTHING RETURNING per `batch_size` rows, and return those this
        call inserted (with their pk), in no particular order. A reminder another sweep recorded
        first — even one still in its transaction, which this waits for — is left out: only its
        recorder delivers it."""
        reminders = list(reminders)
        table = connection.ops.quote_name(self.model._meta.db_table)
        fields = [self.model._meta.get_field(name) for name in RECORDED_FIELDS]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        # The backend's converters, as Django applies to the rows it reads: SQLite returns a
        # timestamp as naive UTC text, which would be taken for Paris time once delivered.
        converters = [_converters(self.model, field) for field in fields]
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        inserted = []
        for start in range(0, len(reminders), batch_size):
            batch = reminders[start : start + batch_size]
            params = [
                field.get_db_prep_save(getattr(reminder, field.attname), connection)
                for reminder in batch
                for field in fields
            ]
            sql = (
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(batch))} "
                f"ON CONFLICT DO NOTHING RETURNING id, {columns}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                for values in cursor.fetchall():
                    reminder = self.model(pk=values[0])
                    for field, value, (column, convert) in zip(
                        fields, values[1:], converters, strict=True
                    ):
                        for converter in convert:
                            value = converter(value, column, connection)
                        setattr(reminder, field.attname, field.to_python(value))
                    inserted.append(reminder)
        return inserted


def _converters(model, field):
    """(column expression, [converter]) turning what the database returns for `field` into
    what Django reads from it (an aware datetime on SQLite too)."""
    column = Col(model._meta.db_table, field)
    return column, connection.ops.get_db_converters(column) + field.get_db_converters(connection)


#: The columns a sweep writes, in the order of `ReminderQuerySet.record`'s INSERT.
RECORDED_FIELDS = [
    "kind",
    "content_type",
    "object_id",
    "recipient",
    "due_date",
    "title",
    "url",
    "created_at",
]


class Reminder(models.Model):
    """A reminder owed to one user: its key (kind, object, recipient, due date) is unique, so
    that whoever sweeps — a second run, a retried task, two workers — records it once, and only
    the sweep that recorded it delivers it. `title` and `url` are what the notification shows:
    never a beneficiary's name (an enrolment is named by its number and action)."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    about = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_date = models.DateField(
        _("due date"),
        help_text=_("The day (Europe/Paris) the reminder is about: the same one is sent once."),
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "due_date"],
                name="reminder_sent_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.due_date}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's notifications are theirs alone, national staff included."""
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """What a user finds in their notification centre: a title without personal data of
    beneficiaries and a link to the object's page (which checks scope again)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind)
    reminder = models.ForeignKey(
        Reminder,
        verbose_name=_("reminder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
        ]

    def __str__(self):
        return self.title


# The e-mail side of notifications lives in its own modules; imported here for Django.
from .emailing import NotificationEmail  # noqa: E402, F401
from .preferences import DigestSetting, NotificationPreference  # noqa: E402, F401
