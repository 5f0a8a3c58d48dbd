"""Conventions de partenariat: parties, scope, dates, signed document, amendments and their
objectives. Progress towards an objective is computed from recorded facts by `reporting`,
which reads this app; nothing here imports it."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.relations import any_of, linked_ids
from config.search import NormalisedCopy
from config.vocabularies import OBJECTIVE_INDICATORS


def private_storage():
    """Files never served by the web server: only through a view that checks the scope."""
    return storages["private"]


def validate_pdf(upload):
    """PDF only (by content, not only by name), and no larger than PDF_MAX_SIZE. Files already
    stored were checked when they arrived."""
    if getattr(upload, "_committed", False):
        return
    if upload.size > settings.PDF_MAX_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s MB at most)."),
            code="file_too_large",
            params={"size": settings.PDF_MAX_SIZE // (1024 * 1024)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    header = upload.read(5)
    upload.seek(position)
    if not str(upload.name).lower().endswith(".pdf") or header != b"%PDF-":
        raise ValidationError(_("Only PDF files are accepted."), code="not_pdf")


def convention_document_path(instance, filename):
    return f"conventions/{timezone.now():%Y/%m}/{Path(filename).name}"


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    RENEWED = "renewed", _("Renewed")


class ConventionScope(models.TextChoices):
    NATIONAL = "national", _("National")
    TERRITORIAL = "territorial", _("Départements")


class ConventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every convention; coordinators the national ones and those of
        their départements; operators and company contacts those their organisation signed."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        model, ids = self.model, []
        if scope.organisation_ids:
            ids.append(linked_ids(model.parties, organisation__in=scope.organisation_ids))
        if scope.is_territorial:
            ids.append(model.objects.filter(scope=ConventionScope.NATIONAL).values("pk"))
            ids.append(linked_ids(model.departments, department__in=scope.department_ids))
        return self.filter(any_of(*ids))

    def editable_by(self, user):
        """National staff edit every convention; coordinators those of their départements."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        if not scope.is_territorial:
            return self.none()
        ids = linked_ids(self.model.departments, department__in=scope.department_ids)
        return self.filter(pk__in=ids, scope=ConventionScope.TERRITORIAL)

    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            status__in=[ConventionStatus.SIGNED, ConventionStatus.ACTIVE],
            start_date__lte=today,
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))

    def ending_within(self, days, today=None):
        """Active conventions (see `active`) whose end date falls within `days` days of
        `today` (a date, default today in Europe/Paris), today and the last day included.
        Source: DESIGN.md §3 (conventions ending within 60 and 30 days)."""
        today = today or timezone.localdate()
        return self.active(today).filter(end_date__lte=today + datetime.timedelta(days=days))


class Convention(models.Model):
    title = models.CharField(_("title"), max_length=200)
    #: The title as searches read it (`config.search.matches`).
    title_normalised = NormalisedCopy("title")
    parties = models.ManyToManyField(
        "partners.Organisation", verbose_name=_("parties"), related_name="conventions"
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=ConventionScope, default=ConventionScope.NATIONAL
    )
    departments = models.ManyToManyField(
        "territories.Department",
        verbose_name=_("départements"),
        blank=True,
        related_name="conventions",
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConventionStatus, default=ConventionStatus.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner at DIAIR"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_conventions",
    )
    document = models.FileField(
        _("signed document (PDF)"),
        storage=private_storage,
        upload_to=convention_document_path,
        blank=True,
        validators=[validate_pdf],
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[parties, departments], excluded_fields=["title_normalised"]
    )

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership convention")
        verbose_name_plural = _("partnership conventions")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="convention_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(status=ConventionStatus.DRAFT) | Q(signed_on__isnull=False),
                name="convention_signed_has_signing_date",
                violation_error_message=_(
                    "Give the signing date of a convention that is no longer a draft."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("conventions:convention-detail", args=[self.pk])


class ConventionAmendment(models.Model):
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("convention"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    signed_on = models.DateField(_("signing date"))
    summary = models.TextField(_("what it changes"))
    document = models.FileField(
        _("document (PDF)"),
        storage=private_storage,
        upload_to=convention_document_path,
        blank=True,
        validators=[validate_pdf],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["signed_on"]

    def __str__(self):
        return f"{self.convention} — {date_format(self.signed_on, 'SHORT_DATE_FORMAT')}"


class ConventionObjective(models.Model):
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("convention"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=OBJECTIVE_INDICATORS)
    target = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convention_objectives",
        help_text=_("Empty for the whole scope of the convention."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["period_start", "indicator"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="objective_target_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="objective_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()}: {self.target}"

    def expected_by(self, day=None):
        """The pro-rata pace: the share of the target due by `day`."""
        day = day or timezone.localdate()
        if day <= self.period_start:
            return 0
        if day >= self.period_end:
            return self.target
        elapsed = (day - self.period_start).days
        length = (self.period_end - self.period_start).days or 1
        return round(self.target * elapsed / length, 1)
