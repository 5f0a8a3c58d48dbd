"""Users log in by e-mail; their memberships give them a role and a scope."""

import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.relations import any_of, linked_ids

from .scope import scope_for


class Role(models.TextChoices):
    NATIONAL = "national", _("National staff (DIAIR)")
    TERRITORIAL = "territorial", _("Territorial coordinator")
    OPERATOR = "operator", _("Operator")
    COMPANY = "company", _("Company contact")


#: Roles whose scope is an organisation rather than a territory.
ORGANISATION_ROLES = (Role.OPERATOR, Role.COMPANY)


def normalise_email(email):
    """The one spelling of an address under which an account is stored, looked up, counted by
    the sign-in lockout and checked for uniqueness: people type it in any letter case."""
    return (email or "").strip().lower()


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The accounts a user may see: everyone for national staff; for others, themselves
        and the people who share their territory or their organisation."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        # The users of the memberships sharing each relation (config/relations.py).
        departments = scope.department_ids
        sharing = []
        if departments:
            linked = linked_ids(Membership.departments, department__in=departments)
            sharing += [
                Membership.objects.filter(pk__in=linked),
                Membership.objects.filter(region__departments__in=departments),
                Membership.objects.filter(organisation__department__in=departments),
            ]
        if scope.organisation_ids:
            sharing.append(Membership.objects.filter(organisation__in=scope.organisation_ids))
        themselves = self.model.objects.filter(pk=user.pk).values("pk")
        return self.filter(any_of(themselves, *(m.values("user") for m in sharing)))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalise_email(email))

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Invited accounts become active when their owner sets a password."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    invited_at = models.DateTimeField(
        _("invitation sent on"),
        null=True,
        blank=True,
        help_text=_("Its link expires three days later."),
    )
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    #: Tremplin keeps no user or group permission rows (`rules.py` answers every permission):
    #: Django's ModelBackend reads this empty cache instead of querying both tables on every
    #: page that asks a permission the user does not hold (tests/accounts/test_backends.py).
    _perm_cache = frozenset()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    def get_absolute_url(self):
        return reverse("accounts:user-detail", args=[self.pk])

    @property
    def is_invited(self):
        """Invited and not yet arrived: no password set, not active."""
        return not self.is_active and not self.has_usable_password()

    def invite_again(self):
        """Send a pending invitation again, with a fresh three-day link (the notice is recorded
        by `notifications`, which listens to `user_invited`). Does nothing for an account that
        is active or has a password."""
        from .signals import user_invited

        if self.is_invited:
            self.invited_at = timezone.now()
            type(self).objects.filter(pk=self.pk).update(invited_at=self.invited_at)
            user_invited.send(type(self), user=self, invited_at=self.invited_at)

    @property
    def invitation_expires_at(self):
        if not self.is_invited or self.invited_at is None:
            return None
        return self.invited_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)

    @property
    def invitation_has_expired(self):
        expires_at = self.invitation_expires_at
        return expires_at is not None and expires_at <= timezone.now()

    @property
    def is_staff(self):
        """The Django admin is open to national staff (and to superusers made on the server)."""
        return self.is_active and self.has_perm("accounts.view_admin")

    @cached_property
    def scope(self):
        return scope_for(self)


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("A whole région: all its départements."),
    )
    departments = models.ManyToManyField(
        "territories.Department",
        verbose_name=_("départements"),
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=ORGANISATION_ROLES, organisation__isnull=False)
                    | ~models.Q(role__in=ORGANISATION_ROLES)
                ),
                name="membership_organisation_role_has_organisation",
                violation_error_message=_("Choose the organisation they work for."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=ORGANISATION_ROLES)
                | models.Q(organisation__isnull=True),
                name="membership_only_organisation_roles_have_organisation",
                violation_error_message=_(
                    "Only operators and company contacts belong to an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(role="territorial") | models.Q(region__isnull=True),
                name="membership_only_territorial_has_region",
                violation_error_message=_("Only territorial coordinators cover a région."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.scope_label}"

    @property
    def scope_label(self):
        """What the membership covers, in words: a région, départements or an organisation."""
        if self.role == Role.NATIONAL:
            return _("France")
        if self.role == Role.TERRITORIAL:
            parts = [str(self.region)] if self.region_id else []
            parts += [str(d) for d in self.departments.all()]
            return ", ".join(parts)
        return str(self.organisation)


class FormSubmission(models.Model):
    """A create form's one-time token, spent by the first POST that carries it, in the same
    transaction as what that POST created (see accounts.once)."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    result_url = models.CharField(_("result"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return self.token
