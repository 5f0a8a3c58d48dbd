"""Mobilising companies: the actions DIAIR and coordinators run with them (awareness sessions,
webinars, job datings…) and the dated notes of each contact with an organisation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from config.relations import any_of, linked_ids, unlinked_ids
from config.search import NormalisedCopy


class MobilisationKind(models.TextChoices):
    AWARENESS = "awareness", _("Awareness session")
    WEBINAR = "webinar", _("Webinar")
    HR_SUPPORT = "hr_support", _("HR best-practice support")
    JOB_DATING = "job_dating", _("Job dating")
    NETWORK_MEETING = "network_meeting", _("Network meeting")


class MobilisationFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")


class MobilisationActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every action; coordinators national ones (no département) and
        those of their territory; operators and companies those their organisation was
        invited to or attended."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        model, ids = self.model, []
        if scope.organisation_ids:
            ids.append(linked_ids(model.invited, organisation__in=scope.organisation_ids))
            ids.append(linked_ids(model.attendees, organisation__in=scope.organisation_ids))
        if scope.is_territorial:
            ids.append(linked_ids(model.departments, department__in=scope.department_ids))
            ids.append(unlinked_ids(model.departments))
        return self.filter(any_of(*ids))

    def editable_by(self, user):
        scope = user.scope
        if scope.is_national:
            return self.all()
        if not scope.is_territorial:
            return self.none()
        ids = linked_ids(self.model.departments, department__in=scope.department_ids)
        return self.filter(pk__in=ids)


class MobilisationAction(models.Model):
    title = models.CharField(_("title"), max_length=200)
    #: The title as searches read it (`config.search.matches`).
    title_normalised = NormalisedCopy("title")
    kind = models.CharField(_("kind"), max_length=20, choices=MobilisationKind)
    date = models.DateField(_("date"))
    format = models.CharField(
        _("format"), max_length=10, choices=MobilisationFormat, default=MobilisationFormat.ON_SITE
    )
    departments = models.ManyToManyField(
        "territories.Department",
        verbose_name=_("territory"),
        blank=True,
        related_name="mobilisation_actions",
        help_text=_("Empty for a national action."),
    )
    organiser = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_mobilisations",
    )
    invited = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("organisations invited"),
        blank=True,
        related_name="mobilisations_invited",
    )
    attendees = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("organisations present"),
        blank=True,
        related_name="mobilisations_attended",
    )
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[departments, invited, attendees], excluded_fields=["title_normalised"]
    )

    objects = MobilisationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobilisation action")
        verbose_name_plural = _("mobilisation actions")
        ordering = ["-date", "title"]
        # The list's default order, read in order by a page instead of sorting every action.
        indexes = [models.Index(fields=["-date", "title"], name="mobilisation_date_title")]

    def __str__(self):
        return f"{self.title} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"

    def get_absolute_url(self):
        return reverse("mobilisation:action-detail", args=[self.pk])


class InteractionKind(models.TextChoices):
    CALL = "call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    # "E-mail" also names an address elsewhere: a context lets French tell the two apart.
    EMAIL = "email", pgettext_lazy("interaction kind", "E-mail")
    EVENT = "event", _("Event")


class InteractionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff who can see the organisation see its contact notes; companies never see them."""
        from .organisation import Organisation

        if not user.scope.is_staff_role:
            return self.none()
        return self.filter(organisation__in=Organisation.objects.visible_to(user))


class Interaction(models.Model):
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="interactions",
    )
    summary = models.TextField(_("summary"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-created_at"]

    def __str__(self):
        day = date_format(self.date, "SHORT_DATE_FORMAT")
        return f"{self.get_kind_display()} — {self.organisation} ({day})"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url() + f"#interaction-{self.pk}"
