"""Beneficiaries of international protection, their enrolments in programme actions, the dated
steps of their pathway, the follow-ups after an exit, and the log of who read or changed a
record. The most sensitive data Tremplin holds: every queryset goes through `visible_to`.

Exit classes, "situation improved" and every figure computed from these facts live in
`reporting`, never here.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from config.phones import PhoneNumberField

from .choices import (
    OPEN_STATUSES,
    AbandonReason,
    AccessKind,
    ContractType,
    EducationLevel,
    EmploymentSituation,
    EnrolmentStatus,
    ExitClass,
    ExitReason,
    FollowUpSituation,
    FrenchLevel,
    HousingSituation,
    ProtectionStatus,
    ReferralSource,
    RightsKind,
    Sex,
    StepKind,
    StepStatus,
)
from .identifiers import refuse_identity_numbers

#: An AGIR accompaniment lasts at most 24 months (AGIR specifications, DGEF/DIAIR); the operator
#: is warned from the 22nd month.
AGIR_MAX_MONTHS = 24
AGIR_WARNING_MONTHS = 22

#: The follow-ups after an exit, in months after the exit date (DESIGN.md §2).
FOLLOW_UP_MONTHS = (6, 12)
#: A pending follow-up is overdue 30 days after its due date: the time an operator has to reach
#: the person (issue 14: "overdue after 30 days: also the territorial coordinator").
FOLLOW_UP_GRACE = datetime.timedelta(days=30)


class BeneficiaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see everyone; territorial coordinators the people residing in their
        territory or enrolled in an action covering it; operators the people enrolled (or
        referred) in their organisation's actions and those it is the referent of; company
        contacts nobody, ever. One subquery per relation (`scope_conditions`), combined on the
        primary key.

        A record merged into another (`merged_into`) is nobody's: it vanishes from every list,
        search and count (docs/decisions.md)."""
        people = self.filter(merged_into__isnull=True)
        if user.scope.is_national:
            return people
        visible = Q(pk__in=[])
        for condition in self.scope_conditions(user):
            visible |= condition
        return people.filter(visible)

    def scope_conditions(self, user):
        """The conditions (Q on a beneficiary) of which `user`, not national staff, sees the
        people meeting any one: one per relation, as `visible_to` reads them; [] for a company
        contact."""
        from programmes.models import Action

        scope = user.scope
        conditions = []
        if scope.department_ids:
            actions = Action.objects.filter(departments__in=scope.department_ids).values("pk")
            conditions.append(Q(department__in=scope.department_ids))
            conditions.append(
                Q(pk__in=Enrolment.objects.filter(action__in=actions).values("beneficiary_id"))
            )
        if scope.is_operator:
            organisations = scope.operator_organisation_ids
            conditions.append(Q(referent_organisation__in=organisations))
            conditions.append(
                Q(
                    pk__in=Enrolment.objects.filter(action__operator__in=organisations).values(
                        "beneficiary_id"
                    )
                )
            )
        return conditions

    def current(self):
        """The records not merged into another: the people, each once."""
        return self.filter(merged_into__isnull=True)

    def bulk_create(self, objs, *args, **kwargs):
        """`QuerySet.bulk_create`, each person's `name_key` computed first (no `save` runs)."""
        objs = list(objs)
        for obj in objs:
            obj.set_name_key()
        return super().bulk_create(objs, *args, **kwargs)


#: What a person's record holds, in the order the record form shows it: the fields the form
#: writes and the reviewer chooses between when merging two records (`beneficiaries.merge`).
PERSON_FIELDS = [
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "nationality",
    "protection_status",
    "protection_granted_on",
    "department",
    "french_level_at_entry",
    "education_level",
    "prior_occupation",
    "phone",
    "email",
    "employment_at_entry",
    "housing_at_entry",
    "referent_organisation",
    "notice_given_on",
    "notice_version",
]


class Beneficiary(models.Model):
    """A beneficiary of international protection (BPI), once, whatever the programmes they pass
    through. Minimal fields only (RGPD art. 5-1-c): each one serves the accompaniment or an
    indicator. Never a social-security number (NIR), a foreign-national number (AGDREF) or a
    residence-permit number: no field holds one and free text refuses them."""

    first_name = models.CharField(
        _("first name"),
        max_length=150,
        validators=[refuse_identity_numbers],
        help_text=_("As written on their papers, transliterated as they spell it."),
    )
    last_name = models.CharField(
        _("last name"),
        max_length=150,
        validators=[refuse_identity_numbers],
        help_text=_("As written on their papers, transliterated as they spell it."),
    )
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    nationality = CountryField(
        _("nationality"), blank=True, help_text=_("Leave empty for a stateless person.")
    )
    protection_status = models.CharField(
        _("protection status"), max_length=20, choices=ProtectionStatus
    )
    protection_granted_on = models.DateField(_("protection granted on"), null=True, blank=True)
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département of residence"),
        on_delete=models.PROTECT,
        related_name="beneficiaries",
    )
    french_level_at_entry = models.CharField(
        _("French level at entry"), max_length=2, choices=FrenchLevel, blank=True
    )
    education_level = models.CharField(
        _("education level"), max_length=4, choices=EducationLevel, blank=True
    )
    prior_occupation = models.CharField(
        _("prior occupation"), max_length=200, blank=True, validators=[refuse_identity_numbers]
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    employment_at_entry = models.CharField(
        _("employment at entry"),
        max_length=10,
        choices=EmploymentSituation,
        default=EmploymentSituation.NONE,
    )
    housing_at_entry = models.CharField(
        _("housing at entry"), max_length=10, choices=HousingSituation
    )
    referent_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("referent organisation"),
        on_delete=models.PROTECT,
        related_name="referred_beneficiaries",
    )
    notice_given_on = models.DateField(
        _("information notice given on"),
        help_text=_("The day the person received the notice on the processing of their data."),
    )
    notice_version = models.CharField(_("information notice version"), max_length=20)

    #: The names reduced for the duplicate check (`beneficiaries.names.name_key`), kept by
    #: `save` and `bulk_create`.
    name_key = models.CharField(_("name key"), max_length=310, editable=False, default="")
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_records",
        help_text=_("The record this duplicate was merged into; set by the merge only."),
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            # The default sort of the beneficiaries list, to its last tie (the key), so that a
            # page's keys are read from the index alone (`KeysFirstPaginator`), the scope's
            # columns included; and the duplicate check (name + birth date, included).
            models.Index(
                fields=["last_name", "first_name", "id"],
                include=["birth_date", "department", "referent_organisation", "merged_into"],
                name="beneficiary_list_order",
            ),
            # The duplicate check and the nightly search for duplicates (beneficiaries.duplicates).
            models.Index(fields=["birth_date", "name_key"], name="beneficiary_duplicate_key"),
            models.Index(Upper("email"), name="beneficiary_email_upper", condition=~Q(email="")),
            models.Index(fields=["phone"], name="beneficiary_phone", condition=~Q(phone="")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(protection_granted_on__isnull=True)
                | Q(protection_granted_on__gte=F("birth_date")),
                name="beneficiary_protection_after_birth",
                violation_error_message=_("Protection cannot be granted before birth."),
            ),
        ]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}"

    def save(self, *args, **kwargs):
        """Save, `name_key` recomputed (and saved with `update_fields` naming a name)."""
        self.set_name_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("beneficiaries:beneficiary-detail", args=[self.pk])

    def set_name_key(self):
        """Compute `name_key` from the names (see `beneficiaries.names`)."""
        from .names import name_key

        self.name_key = name_key(self.first_name, self.last_name)


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    SAME = "same", _("same person (merged)")
    DIFFERENT = "different", _("different people")


class DuplicateSource(models.TextChoices):
    FORM = "form", _("form")
    IMPORT = "import", _("import")
    NIGHTLY = "nightly", _("nightly search")


class DuplicateCandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The pairs of which `user` may see both people (`Beneficiary.objects.visible_to`):
        a pair half outside one's scope is never shown, not even its existence."""
        people = Beneficiary.objects.visible_to(user).values("pk")
        return self.filter(first__in=people, second__in=people)

    def to_review_by(self, user):
        """The pending pairs `user` may decide on: both people visible to them. Whether the
        role reviews at all is the permission `beneficiaries.review_duplicates`."""
        return self.visible_to(user).filter(status=DuplicateStatus.PENDING)


class DuplicateCandidate(models.Model):
    """Two records that may be the same person, found on creation (form, import) or by the
    nightly search (`beneficiaries.duplicates`), stored once with the lower key first. A pair
    decided "different people" is never proposed again; "same person" was merged."""

    first = models.ForeignKey(
        Beneficiary,
        verbose_name=_("first record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    second = models.ForeignKey(
        Beneficiary,
        verbose_name=_("second record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DuplicateStatus, default=DuplicateStatus.PENDING
    )
    source = models.CharField(_("found by"), max_length=10, choices=DuplicateSource)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-found_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_candidate_per_pair"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="candidate_pair_lower_key_first"
            ),
            models.CheckConstraint(
                condition=Q(status=DuplicateStatus.PENDING)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="candidate_decided_has_who_and_when",
            ),
        ]

    def __str__(self):
        return f"#{self.first_id} / #{self.second_id}"

    @property
    def people(self):
        """The two records (tuple of Beneficiary), lower key first."""
        return (self.first, self.second)


#: The fields of an enrolment derived from the person's steps at its exit (`reporting.exits`),
#: which its history leaves out: they change with the steps, which have their own history.
EXIT_SITUATION_FIELDS = [
    "exit_class",
    "employment_at_exit",
    "housing_at_exit",
    "situation_improved",
]


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The enrolments of the people `user` may see, whichever action they are in: an
        operator sees that a person passed through another organisation's action (which
        programme, when), not what happened there (see `accompanied_by`). National staff: every
        one, with no condition (a subquery over the whole table would be read for each page)."""
        if user.scope.is_national:
            return self.all()
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))

    def accompanied_by(self, user):
        """The enrolments whose details (steps, notes, exit) `user` may read and record:
        every one for national staff, those in an action covering their territory for
        coordinators, those in their organisation's actions for operators."""
        from programmes.models import Action

        scope = user.scope
        if scope.is_national:
            return self.all()
        accompanied = Q(pk__in=[])
        if scope.department_ids:
            actions = Action.objects.filter(departments__in=scope.department_ids).values("pk")
            accompanied |= Q(action__in=actions)
        if scope.is_operator:
            accompanied |= Q(action__operator__in=scope.operator_organisation_ids)
        return self.filter(accompanied)

    def open(self):
        """The enrolments still open: referred, entered or in progress."""
        return self.filter(status__in=OPEN_STATUSES)

    def without_step_for(self, days, today=None):
        """Enrolments in progress whose latest pathway step started `days` days or more
        before `today` (a date, default today in Europe/Paris), or which have no step and
        were entered that long ago: the operator should record what is happening. Each is
        annotated with `quiet_since` (a date: its latest step's start, else its entry date).
        Source: DESIGN.md §3 (a pathway with no step for 90 days)."""
        today = today or timezone.localdate()
        latest_step = (
            PathwayStep.objects.filter(enrolment=OuterRef("pk"))
            .order_by("-start_date")
            .values("start_date")[:1]
        )
        return (
            self.filter(status=EnrolmentStatus.IN_PROGRESS)
            .alias(latest_step=Subquery(latest_step))
            .annotate(quiet_since=Coalesce("latest_step", "entry_date"))
            .filter(quiet_since__lte=today - datetime.timedelta(days=days))
        )

    def agir_nearing_limit(self, today=None):
        """Open AGIR enrolments that have lasted `AGIR_WARNING_MONTHS` months or more on
        `today` (a date, default: today in Europe/Paris), those past the 24-month limit
        included: the operator should prepare their exit. Source: AGIR specifications
        (DGEF/DIAIR), 24 months at most."""
        from programmes.models import Programme

        today = today or timezone.localdate()
        return self.open().filter(
            action__programme__code=Programme.AGIR,
            entry_date__isnull=False,
            entry_date__lte=today - relativedelta(months=AGIR_WARNING_MONTHS),
        )


class Enrolment(models.Model):
    """A beneficiary in an `Action` of any programme, from referral to exit."""

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    action = models.ForeignKey(
        "programmes.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        # Indexed with the person (`enrolment_action_person`, Meta.indexes).
        db_index=False,
    )
    referral_source = models.CharField(_("referred by"), max_length=20, choices=ReferralSource)
    referral_date = models.DateField(_("referral date"))
    entry_date = models.DateField(_("entry date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus, default=EnrolmentStatus.REFERRED
    )
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason, blank=True)
    abandon_reason = models.CharField(
        _("reason for abandoning"), max_length=20, choices=AbandonReason, blank=True
    )
    notes = models.TextField(_("notes"), blank=True, validators=[refuse_identity_numbers])

    # The person's situation at the exit, derived from their pathway steps by
    # `reporting.exits` and kept by it (`reporting.exits.store_exit_situations`) whenever the
    # enrolment, the person or one of their steps is written: read by the figures instead of
    # being derived again for each count. NULL while the enrolment is open (no exit date).
    exit_class = models.CharField(  # noqa: DJ001 (NULL: open, not "no class")
        _("exit class"), max_length=12, choices=ExitClass, null=True, editable=False
    )
    employment_at_exit = models.CharField(  # noqa: DJ001
        _("employment at exit"),
        max_length=10,
        choices=EmploymentSituation,
        null=True,
        editable=False,
    )
    housing_at_exit = models.CharField(  # noqa: DJ001
        _("housing at exit"), max_length=10, choices=HousingSituation, null=True, editable=False
    )
    situation_improved = models.BooleanField(_("situation improved"), null=True, editable=False)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=EXIT_SITUATION_FIELDS)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-referral_date", "pk"]
        indexes = [
            # The people enrolled in some actions (the scopes: `visible_to`, the départements
            # offered by the list's filter), read from the index alone; also the enrolments
            # of one action, as the foreign key's own index read them. On PostgreSQL it also
            # carries the key and the entry date (migrations 0008, 0011).
            models.Index(fields=["action", "beneficiary"], name="enrolment_action_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_date__isnull=True) | Q(entry_date__gte=F("referral_date")),
                name="enrolment_entry_after_referral",
                violation_error_message=_("The entry date cannot precede the referral date."),
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True)
                | Q(entry_date__isnull=False, exit_date__gte=F("entry_date"))
                | Q(entry_date__isnull=True, exit_date__gte=F("referral_date")),
                name="enrolment_exit_after_entry",
                violation_error_message=_("The exit date cannot precede the entry date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["entered", "in_progress", "exited"])
                | Q(entry_date__isnull=False),
                name="enrolment_entered_has_entry_date",
                violation_error_message=_("An enrolment that has started needs its entry date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["exited", "abandoned"]) | Q(exit_date__isnull=False),
                name="enrolment_closed_has_exit_date",
                violation_error_message=_("An enrolment that has ended needs its exit date."),
            ),
            models.UniqueConstraint(
                fields=["beneficiary", "action"],
                condition=Q(status__in=["referred", "entered", "in_progress"]),
                name="one_open_enrolment_per_person_and_action",
                violation_error_message=_("This person is already enrolled in this action."),
            ),
        ]

    def __str__(self):
        return f"{self.beneficiary} — {self.action}"

    def get_absolute_url(self):
        """The person's timeline at this enrolment: whoever may see the person sees when and
        where they were enrolled; the enrolment's own page is for those who accompany it."""
        return reverse("beneficiaries:beneficiary-detail", args=[self.beneficiary_id]) + (
            f"#enrolment-{self.pk}"
        )

    @property
    def is_open(self):
        """True while the enrolment is referred, entered or in progress."""
        return self.status in OPEN_STATUSES

    @property
    def is_agir(self):
        """True when the enrolment is in an action of the AGIR programme (one query unless the
        action and its programme are already loaded)."""
        from programmes.models import Programme

        return bool(self.action_id) and self.action.programme.code == Programme.AGIR

    @property
    def agir_limit(self):
        """The last day an AGIR accompaniment may run (a date), or None outside AGIR or before
        entry: `AGIR_MAX_MONTHS` months after the entry date."""
        if not (self.entry_date and self.is_agir):
            return None
        return self.entry_date + relativedelta(months=AGIR_MAX_MONTHS)

    @property
    def agir_warning_date(self):
        """The day the operator is warned that an AGIR accompaniment nears its limit (a date,
        `AGIR_WARNING_MONTHS` months after entry), or None outside AGIR or before entry."""
        if not (self.entry_date and self.is_agir):
            return None
        return self.entry_date + relativedelta(months=AGIR_WARNING_MONTHS)

    def agir_nearing_limit(self, today=None):
        """True when this open AGIR enrolment has lasted `AGIR_WARNING_MONTHS` months or more
        on `today` (default: today in Europe/Paris). See `EnrolmentQuerySet.agir_nearing_limit`."""
        if not (self.is_open and self.entry_date and self.is_agir):
            return False
        today = today or timezone.localdate()
        return self.entry_date <= today - relativedelta(months=AGIR_WARNING_MONTHS)

    # --- Lifecycle: referred -> entered -> in progress -> exited, or abandoned --------------

    def enter(self, entry_date=None):
        """Record that the referred person entered the action on `entry_date` (a date, default
        today in Europe/Paris) and save. Raises ValidationError when the enrolment is not
        referred any more or the date precedes the referral."""
        if self.status != EnrolmentStatus.REFERRED:
            raise ValidationError(_("Only a referred person can enter the action."))
        self.entry_date = entry_date or timezone.localdate()
        self.status = EnrolmentStatus.ENTERED
        self.full_clean()
        self.save()

    def start(self):
        """Mark an entered enrolment as in progress (the accompaniment has begun) and save.
        Raises ValidationError unless it is entered."""
        if self.status != EnrolmentStatus.ENTERED:
            raise ValidationError(_("Only an enrolment that has been entered can be started."))
        self.status = EnrolmentStatus.IN_PROGRESS
        self.save(update_fields=["status", "updated_at"])

    def close(self, exit_date, reason):
        """Close an entered or in-progress enrolment with an exit on `exit_date` (a date) for
        `reason` (an `ExitReason`), and create its follow-ups at 6 and 12 months, in one
        transaction. Returns the follow-ups created (list of FollowUp).

        Raises ValidationError when the enrolment has not started or is closed already, when
        the exit precedes the entry, or when an AGIR accompaniment would exceed 24 months."""
        if self.status not in (EnrolmentStatus.ENTERED, EnrolmentStatus.IN_PROGRESS):
            raise ValidationError(_("Only an enrolment that has started can be closed."))
        self.status = EnrolmentStatus.EXITED
        self.exit_date = exit_date
        self.exit_reason = reason
        self.abandon_reason = ""
        self.full_clean()
        with transaction.atomic():
            self.save()
            return self.schedule_follow_ups()

    def abandon(self, reason, on=None):
        """Record that the person abandoned the enrolment on `on` (a date, default today in
        Europe/Paris) for `reason` (an `AbandonReason`), and save. No follow-up is scheduled:
        the person left the accompaniment (see docs/decisions.md). A referred person who never
        entered may abandon too. Raises ValidationError when the enrolment is closed already or
        the date precedes its entry (or referral)."""
        if not self.is_open:
            raise ValidationError(_("This enrolment is closed already."))
        self.status = EnrolmentStatus.ABANDONED
        self.exit_date = on or timezone.localdate()
        self.abandon_reason = reason
        self.exit_reason = ""
        self.full_clean()
        self.save()

    def schedule_follow_ups(self):
        """Create the missing follow-ups of an exited enrolment, due `FOLLOW_UP_MONTHS` months
        after its exit date (calendar months: relativedelta). Idempotent. Returns the
        follow-ups created (list of FollowUp); raises ValueError without an exit date."""
        if not self.exit_date:
            raise ValueError("An enrolment without exit date has no follow-up.")
        existing = set(self.follow_ups.values_list("months", flat=True))
        rows = [
            FollowUp(
                enrolment=self,
                months=months,
                due_date=self.exit_date + relativedelta(months=months),
            )
            for months in FOLLOW_UP_MONTHS
            if months not in existing
        ]
        return FollowUp.objects.bulk_create(rows)

    def clean(self):
        """An AGIR enrolment lasts at most `AGIR_MAX_MONTHS` months from its entry date.
        Raises ValidationError on `exit_date`."""
        super().clean()
        if not (self.action_id and self.entry_date and self.exit_date):
            return
        from programmes.models import Programme

        if self.action.programme.code != Programme.AGIR:
            return
        limit = self.entry_date + relativedelta(months=AGIR_MAX_MONTHS)
        if self.exit_date > limit:
            raise ValidationError(
                {
                    "exit_date": _(
                        "An AGIR accompaniment lasts at most %(months)d months: exit on "
                        "%(limit)s at the latest."
                    )
                    % {"months": AGIR_MAX_MONTHS, "limit": limit.strftime("%d/%m/%Y")}
                }
            )


class PathwayStepQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Steps of an enrolment `user` accompanies, and steps recorded outside any enrolment
        for a person `user` may see. National staff: every one, with no condition. Each
        condition is an EXISTS on the step's own enrolment or person, so that PostgreSQL tests
        the few steps of a person's page by their keys rather than first gathering every
        enrolment and person in scope (it still hashes them when many steps are read)."""
        if user.scope.is_national:
            return self.all()
        accompanied = Enrolment.objects.accompanied_by(user).filter(pk=OuterRef("enrolment_id"))
        visible = Beneficiary.objects.visible_to(user).filter(pk=OuterRef("beneficiary_id"))
        return self.filter(Q(Exists(accompanied)) | Q(enrolment__isnull=True) & Q(Exists(visible)))


class PathwayStep(models.Model):
    """A dated step of a person's pathway. It belongs to the person and, when it happened
    during one, to an enrolment. Which fields matter depends on the kind: a job names its
    employer, contract type and weekly hours; a training its body and certification; an
    immersion its host; a French course its hours and level reached."""

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        # Indexed with the step's start (`step_enrolment_start`, Meta.indexes).
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind)
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus, default=StepStatus.STARTED
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathway_steps",
        help_text=_("The employer, training body or host company."),
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType, blank=True
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    course_hours = models.PositiveIntegerField(_("course hours"), null=True, blank=True)
    french_level_reached = models.CharField(
        _("French level reached"), max_length=2, choices=FrenchLevel, blank=True
    )
    certification = models.CharField(
        _("certification"),
        max_length=200,
        blank=True,
        help_text=_("For example DELF A2, CACES R489, a professional title."),
    )
    certified = models.BooleanField(_("certification obtained"), default=False)
    housing = models.CharField(_("housing"), max_length=10, choices=HousingSituation, blank=True)
    rights = models.CharField(_("right"), max_length=20, choices=RightsKind, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[refuse_identity_numbers])

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = PathwayStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        ordering = ["start_date", "pk"]
        indexes = [
            # Convention objectives count steps by organisation, kind and date.
            models.Index(fields=["organisation", "kind", "start_date"]),
            # An enrolment's steps, and its latest one read from the index alone (the
            # enrolments with no step for 90 days: `EnrolmentQuerySet.without_step_for`).
            models.Index(fields=["enrolment", "start_date"], name="step_enrolment_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pathway_step_end_after_start",
                violation_error_message=_("The end cannot precede the start."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="job") | ~Q(contract_type=""),
                name="pathway_step_job_has_contract_type",
                violation_error_message=_("A job needs its contract type."),
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__isnull=True)
                | Q(weekly_hours__gt=0, weekly_hours__lte=48),
                name="pathway_step_weekly_hours_legal",
                violation_error_message=_("Weekly hours are between 0 and 48."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.start_date:%d/%m/%Y}"


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The follow-ups of the enrolments `user` accompanies (see
        `EnrolmentQuerySet.accompanied_by`). National staff: every one, with no condition."""
        if user.scope.is_national:
            return self.all()
        return self.filter(enrolment__in=Enrolment.objects.accompanied_by(user).values("pk"))

    def pending(self):
        """Follow-ups not recorded yet."""
        return self.filter(recorded_on__isnull=True)

    def recorded(self):
        """Follow-ups whose situation has been recorded."""
        return self.filter(recorded_on__isnull=False)

    def due(self, today=None):
        """Pending follow-ups whose due date has come on `today` (a date, default today in
        Europe/Paris), the overdue ones included: what an operator should do now."""
        today = today or timezone.localdate()
        return self.pending().filter(due_date__lte=today)

    def overdue(self, today=None):
        """Pending follow-ups more than `FOLLOW_UP_GRACE` (30 days) past their due date on
        `today` (a date, default today in Europe/Paris)."""
        today = today or timezone.localdate()
        return self.pending().filter(due_date__lt=today - FOLLOW_UP_GRACE)


class FollowUp(models.Model):
    """The situation of a person 6 or 12 months after they exited an enrolment. Created with its
    due date when the enrolment exits; `recorded_on` stays empty until someone asks."""

    MONTHS = FOLLOW_UP_MONTHS

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    months = models.PositiveSmallIntegerField(
        _("months after exit"), choices=[(6, _("6 months")), (12, _("12 months"))]
    )
    due_date = models.DateField(_("due date"))
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    situation = models.CharField(
        _("situation"), max_length=12, choices=FollowUpSituation, blank=True
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType, blank=True
    )
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("after an exit", "follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(recorded_on__isnull=True),
                name="follow_up_pending_due",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "months"], name="one_follow_up_per_enrolment_and_delay"
            ),
            models.CheckConstraint(
                condition=Q(recorded_on__isnull=True) | ~Q(situation=""),
                name="follow_up_recorded_has_situation",
                violation_error_message=_("A recorded follow-up needs the person's situation."),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.get_months_display()}"

    @property
    def is_pending(self):
        """True until the person's situation is recorded."""
        return self.recorded_on is None

    def is_due(self, today=None):
        """True when pending and due on `today` (default today in Europe/Paris)."""
        today = today or timezone.localdate()
        return self.is_pending and self.due_date <= today

    def is_overdue(self, today=None):
        """True when pending more than `FOLLOW_UP_GRACE` after the due date on `today`."""
        today = today or timezone.localdate()
        return self.is_pending and self.due_date < today - FOLLOW_UP_GRACE

    def clean(self):
        """An employed person's follow-up names the contract type; no other situation does.
        Raises ValidationError on `contract_type`."""
        super().clean()
        employed = self.situation == FollowUpSituation.EMPLOYED
        if employed and not self.contract_type:
            raise ValidationError({"contract_type": _("Give the contract type of the job.")})
        if self.contract_type and not employed:
            raise ValidationError(
                {"contract_type": _("A contract type only goes with an employed person.")}
            )

    def record(self, situation, contract_type="", on=None):
        """Record the person's `situation` (a `FollowUpSituation`), with the `contract_type`
        when employed, on `on` (default today in Europe/Paris), and save. Raises
        ValidationError when the contract type is missing for a job or given otherwise."""
        self.situation = situation
        self.contract_type = contract_type
        self.recorded_on = on or timezone.localdate()
        self.full_clean()
        self.save()


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only national staff read who consulted or changed a record."""
        return self.all() if user.scope.is_national else self.none()


class AccessLog(models.Model):
    """Who viewed, created, changed or exported a beneficiary's record, when and from where
    (CNIL, référentiel « accompagnement social » : traçabilité des accès). Written by the pages
    and exports, never edited: the admin shows it read-only and the UI has no form for it."""

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.CASCADE,
        related_name="access_log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="beneficiary_accesses",
    )
    kind = models.CharField(_("access"), max_length=10, choices=AccessKind)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to a beneficiary's record")
        verbose_name_plural = _("accesses to beneficiaries' records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["beneficiary", "-at"])]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} — {self.at:%d/%m/%Y %H:%M}"


from .imports.models import ColumnMapping, ImportJob  # noqa: E402, F401

# Referrals between organisations live in their slice; imported here for Django to find them.
from .referrals.models import Referral  # noqa: E402, F401
