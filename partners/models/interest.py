"""Leads: what a company submits through the public partnership form, then followed up by the
coordinators of its département (new → contacted → qualified → convention / not pursued)."""

import datetime
import functools

import holidays
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.vocabularies import Sector

#: A lead still "new" after this many working days is late.
LEAD_RESPONSE_WORKING_DAYS = 5
#: …and after this many, national staff are told too (DESIGN.md §3, issue 14).
LEAD_ESCALATION_WORKING_DAYS = 10


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    CONVENTION = "convention", _("Convention signed")
    NOT_PURSUED = "not_pursued", _("Not pursued")


class HelpWanted(models.TextChoices):
    AWARENESS = "awareness", _("Awareness of hiring refugees")
    RECRUITMENT = "recruitment", _("Recruitment support")
    TRAINING = "training", _("Training")
    MENTORING = "mentoring", _("Mentoring")
    IMMERSION = "immersion", _("Hosting work immersions (PMSMP)")


#: Départements whose public holidays differ from the rest of France, under the name of their
#: calendar in the `holidays` package: Alsace-Moselle adds Good Friday and 26 December, overseas
#: départements the abolition of slavery.
HOLIDAY_CALENDARS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}


def working_days_before(day, count, department_code=None):
    """The date `count` working days before `day`, weekends and the public holidays of the
    département's calendar skipped."""
    return _working_days_before(day, count, HOLIDAY_CALENDARS.get(department_code))


@functools.lru_cache(maxsize=256)
def _working_days_before(day, count, calendar):
    # Holidays are fixed data, so the answer is kept: a list of leads builds each calendar
    # once, not once per row.
    public_holidays = holidays.France(subdiv=calendar, years=range(day.year - 1, day.year + 1))
    while count > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in public_holidays:
            count -= 1
    return day


def day_start(day):
    """The aware datetime at which `day` (a date) begins in Europe/Paris (settings.TIME_ZONE),
    for ranges on timestamps that an index serves."""
    naive = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(naive, timezone.get_default_timezone())


class LeadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every lead; coordinators those of their départements."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        if scope.is_territorial:
            return self.filter(department__in=scope.department_ids)
        return self.none()

    def late(self, today=None):
        """Leads still new after five working days of their département's calendar."""
        return self.waiting(LEAD_RESPONSE_WORKING_DAYS, today)

    def waiting(self, working_days, today=None):
        """Leads still new after `working_days` working days (weekends and the public
        holidays of their département's calendar skipped) on `today` (a date, default today
        in Europe/Paris): submitted before the day `working_days` working days before today."""
        today = today or timezone.localdate()

        def submitted_before_limit(department_code=None):
            limit = working_days_before(today, working_days, department_code)
            # Before the limit day began in Paris: a range on the indexed timestamp (its
            # `__date` would convert every row's timestamp instead).
            return Q(submitted_at__lt=day_start(limit))

        late = ~Q(department__code__in=HOLIDAY_CALENDARS) & submitted_before_limit()
        for calendar in set(HOLIDAY_CALENDARS.values()):
            codes = [code for code, name in HOLIDAY_CALENDARS.items() if name == calendar]
            late |= Q(department__code__in=codes) & submitted_before_limit(codes[0])
        return self.filter(late, status=LeadStatus.NEW)


class Lead(models.Model):
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="leads",
    )
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="leads",
    )
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    jobs_offered = models.TextField(_("jobs it could offer"), blank=True)
    positions = models.PositiveIntegerField(_("number of positions"), null=True, blank=True)
    hires_planned = models.PositiveIntegerField(
        _("hires considered in the next 12 months"), null=True, blank=True
    )
    help_wanted = models.JSONField(_("help wanted"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LeadStatus, default=LeadStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_leads",
    )
    not_pursued_reason = models.TextField(_("reason for not pursuing"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    convention = models.ForeignKey(
        "partners.Convention",
        verbose_name=_("convention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    submitted_at = models.DateTimeField(_("submitted on"), default=timezone.now)
    contacted_at = models.DateTimeField(_("contacted on"), null=True, blank=True)
    qualified_at = models.DateTimeField(_("qualified on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()
    #: The codes each JSON list holds, named by histories (config.history).
    list_choices = {"sectors": Sector.choices, "help_wanted": HelpWanted.choices}

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-submitted_at"]
        # The funnel counts leads over a range of submission times.
        indexes = [models.Index(fields=["submitted_at"], name="lead_submitted_at")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_pursued") | ~Q(not_pursued_reason=""),
                name="lead_not_pursued_has_reason",
                violation_error_message=_("Say why the lead is not pursued."),
            ),
            models.CheckConstraint(
                condition=Q(convention__isnull=True) | Q(status=LeadStatus.CONVENTION),
                name="lead_convention_only_when_signed",
                violation_error_message=_(
                    "Link a convention only to a lead whose convention is signed."
                ),
            ),
        ]

    def __str__(self):
        submitted = date_format(timezone.localtime(self.submitted_at), "SHORT_DATE_FORMAT")
        return f"{self.organisation} ({submitted})"

    def get_absolute_url(self):
        return reverse("leads:lead-detail", args=[self.pk])

    @property
    def is_late(self):
        if self.status != LeadStatus.NEW:
            return False
        limit = working_days_before(
            timezone.localdate(), LEAD_RESPONSE_WORKING_DAYS, self.department.code
        )
        return timezone.localtime(self.submitted_at).date() < limit

    def get_sectors_display(self):
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.sectors]

    def get_help_wanted_display(self):
        labels = dict(HelpWanted.choices)
        return [str(labels.get(code, code)) for code in self.help_wanted]

    def set_status(self, status, when=None):
        """Move the lead in the pipeline, stamping the date of each step reached (a step
        skipped is reached at the same time) and clearing the closing date when it reopens."""
        when = when or timezone.now()
        self.status = status
        if status in (LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.CONVENTION):
            self.contacted_at = self.contacted_at or when
        if status in (LeadStatus.QUALIFIED, LeadStatus.CONVENTION):
            self.qualified_at = self.qualified_at or when
        if status in (LeadStatus.CONVENTION, LeadStatus.NOT_PURSUED):
            self.closed_at = when
        else:
            self.closed_at = None
