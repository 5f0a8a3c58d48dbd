"""The `Referral` model, its states and who may see one (`ReferralQuerySet.visible_to`).

Imported by `beneficiaries.models`, so that Django finds the model in its app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ..identifiers import refuse_identity_numbers


class ReferralStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral", "Withdrawn")


class DeclineReason(models.TextChoices):
    """Why a receiving operator declines a referral."""

    FULL = "full", _("No place left in the action")
    NOT_ELIGIBLE = "not_eligible", _("The person does not meet the action's criteria")
    OUTSIDE_TERRITORY = "outside_territory", _("The person lives outside the action's territory")
    ALREADY_ACCOMPANIED = "already_accompanied", _("The person is already accompanied")
    UNREACHABLE = "unreachable", _("The person could not be reached")
    OTHER = "other", pgettext_lazy("decline reason", "Other")


#: Longest message of a referral, in characters: a few sentences, not a file.
MESSAGE_MAX_LENGTH = 1000


def actions_open_to_referrals(user):
    """The actions `user` may refer a person to (QuerySet of programmes.Action): every running
    action, whoever runs it, except those of the user's own operator organisations (there they
    enrol the person themselves). Wider than `Action.objects.visible_to` on purpose: which
    actions exist is programme information every staff member may read, and knowing where to
    send someone is the point (docs/decisions.md)."""
    from programmes.models import Action, ActionStatus

    if not user.scope.is_staff_role:
        return Action.objects.none()
    return Action.objects.filter(status=ActionStatus.RUNNING).exclude(
        operator__in=user.scope.operator_organisation_ids
    )


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every referral. Others see those about a person they may see
        (the sender's side), and those received: sent to an action their organisation runs
        (operators) or covering one of their départements (coordinators). Company contacts see
        none. What the receiver reads of the person before acceptance is `Referral.summary`."""
        from ..models import Beneficiary

        if user.scope.is_national:
            return self.all()
        if not user.scope.is_staff_role:
            return self.none()
        # The person tested row by row (EXISTS on the referral's beneficiary, through the
        # people's primary key): `beneficiary IN (every person the user sees)` read all of
        # them for a few referrals, tens of thousands of people for a coordinator.
        seen = Beneficiary.objects.visible_to(user).filter(pk=OuterRef("beneficiary_id"))
        return self.filter(Exists(seen) | self._received_condition(user))

    def received_by(self, user):
        """The referrals sent to `user`'s side (see `visible_to`): every one for national
        staff."""
        if user.scope.is_national:
            return self.all()
        return self.filter(self._received_condition(user))

    def sent_by(self, user):
        """The referrals `user` sent, or their organisations did, among those they see."""
        sent = Q(referred_by=user) | Q(from_organisation__in=user.scope.organisation_ids)
        return self.visible_to(user).filter(sent)

    @staticmethod
    def _received_condition(user):
        from programmes.models import Action

        scope = user.scope
        received = Q(pk__in=[])
        if scope.department_ids:
            covering = Action.objects.filter(departments__in=scope.department_ids)
            received |= Q(action__in=covering.values("pk"))
        if scope.is_operator:
            received |= Q(action__operator__in=scope.operator_organisation_ids)
        return received

    def waiting(self):
        """Referrals still waiting for the receiver's answer."""
        return self.filter(status=ReferralStatus.SENT)


class Referral(models.Model):
    """One organisation (or a coordinator, or national staff) hands a person to an action run by
    another organisation. The receiver reads only what the referral states until it accepts:
    then the person gets an enrolment "referred" in the action and enters its scope."""

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    from_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_sent",
        help_text=_("Empty when a coordinator or national staff member refers in their name."),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    action = models.ForeignKey(
        "programmes.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    message = models.TextField(
        _("message"),
        max_length=MESSAGE_MAX_LENGTH,
        validators=[refuse_identity_numbers],
        help_text=_(
            "Why you refer the person and what the receiving organisation needs to know. "
            "It is all they read before accepting."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus, default=ReferralStatus.SENT
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason, blank=True
    )
    decline_details = models.TextField(
        _("details"),
        blank=True,
        max_length=MESSAGE_MAX_LENGTH,
        validators=[refuse_identity_numbers],
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_decided",
        help_text=_("Who accepted, declined or withdrew it."),
    )
    enrolment = models.OneToOneField(
        "beneficiaries.Enrolment",
        verbose_name=_("enrolment"),
        # The person's deletion takes both; an accepted referral keeps its enrolment otherwise.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="referral",
    )
    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["status", "-sent_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", decided_at__isnull=True, decided_by__isnull=True)
                | ~Q(status="sent") & Q(decided_at__isnull=False, decided_by__isnull=False),
                name="referral_answered_when_not_sent",
                violation_error_message=_("An answered referral says who answered and when."),
            ),
            models.CheckConstraint(
                condition=Q(status="declined") & ~Q(decline_reason="")
                | ~Q(status="declined") & Q(decline_reason="", decline_details=""),
                name="referral_decline_reason_when_declined",
                violation_error_message=_("A declined referral says why, and only then."),
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", enrolment__isnull=False)
                | ~Q(status="accepted") & Q(enrolment__isnull=True),
                name="referral_enrolment_when_accepted",
                violation_error_message=_("An accepted referral has its enrolment, and only it."),
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=models.F("sent_at")),
                name="referral_answered_after_sent",
                violation_error_message=_("A referral cannot be answered before it is sent."),
            ),
            models.UniqueConstraint(
                fields=["beneficiary", "action"],
                condition=Q(status="sent"),
                name="one_waiting_referral_per_person_and_action",
                violation_error_message=_("This person has already been referred to this action."),
            ),
        ]

    def __str__(self):
        return f"{self.summary['name']} → {self.action}"

    def get_absolute_url(self):
        return reverse("beneficiaries:referral-detail", args=[self.pk])

    @property
    def summary(self):
        """What the referral states of the person, all the receiver reads before accepting
        (docs/decisions.md): a dict with `name` (first name and initial of the last name),
        `birth_year` (int) and `department` (their département of residence)."""
        person = self.beneficiary
        initial = person.last_name[:1].upper()
        return {
            "name": f"{person.first_name} {initial}." if initial else person.first_name,
            "birth_year": person.birth_date.year,
            "department": person.department,
        }

    @property
    def is_waiting(self):
        """True while the receiver has not answered and the sender not withdrawn."""
        return self.status == ReferralStatus.SENT

    # --- Lifecycle: sent -> accepted / declined / withdrawn -----------------------------------

    def accept(self, user):
        """Accept the referral as `user` (a member of the receiving operator): in one
        transaction, lock the referral, enrol the person in the action with an enrolment
        "referred" dated the day it was sent (Europe/Paris), and mark it accepted. Returns the
        new Enrolment.

        Raises ValidationError when the referral has been answered or withdrawn meanwhile (a
        second click, another colleague), or when the person already has an open enrolment in
        the action."""
        from ..choices import EnrolmentStatus, ReferralSource
        from ..models import Enrolment

        with transaction.atomic():
            referral = self._locked_waiting()
            if Enrolment.objects.open().filter(
                beneficiary_id=referral.beneficiary_id, action_id=referral.action_id
            ):
                raise ValidationError(_("This person is already enrolled in this action."))
            enrolment = Enrolment.objects.create(
                beneficiary_id=referral.beneficiary_id,
                action_id=referral.action_id,
                referral_source=ReferralSource.ORGANISATION,
                referral_date=timezone.localdate(referral.sent_at),
                status=EnrolmentStatus.REFERRED,
            )
            self._answer(referral, user, ReferralStatus.ACCEPTED, enrolment=enrolment)
        return enrolment

    def decline(self, user, reason, details=""):
        """Decline the referral as `user` for `reason` (a `DeclineReason`), with free-text
        `details`, and save. Raises ValidationError when it is no longer waiting."""
        with transaction.atomic():
            referral = self._locked_waiting()
            self._answer(
                referral,
                user,
                ReferralStatus.DECLINED,
                decline_reason=reason,
                decline_details=details,
            )

    def withdraw(self, user):
        """Withdraw the referral as `user` (its sender) and save. Raises ValidationError when
        it is no longer waiting."""
        with transaction.atomic():
            referral = self._locked_waiting()
            self._answer(referral, user, ReferralStatus.WITHDRAWN)

    def _locked_waiting(self):
        """This referral read again under a row lock (SELECT … FOR UPDATE): two answers at once
        are serialised, and the second finds it answered. Raises ValidationError unless it is
        still waiting."""
        referral = Referral.objects.select_for_update().get(pk=self.pk)
        if referral.status != ReferralStatus.SENT:
            raise ValidationError(
                _("This referral has already been %(status)s.")
                % {"status": referral.get_status_display().lower()}
            )
        return referral

    def _answer(self, referral, user, status, **fields):
        changes = {"status": status, "decided_at": timezone.now(), "decided_by": user, **fields}
        for name, value in changes.items():
            setattr(referral, name, value)
            setattr(self, name, value)
        referral.full_clean(exclude=["beneficiary", "action", "from_organisation", "referred_by"])
        referral.save()

    def clean(self):
        """The action is run by another organisation than the referring one, and takes people
        (running). Raises ValidationError on `action`."""
        super().clean()
        if not self.action_id or self.pk:
            return
        if self.from_organisation_id and self.action.operator_id == self.from_organisation_id:
            raise ValidationError(
                {"action": _("Refer to another organisation's action: enrol the person here.")}
            )
