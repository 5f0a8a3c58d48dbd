"""The kinds of reminder Tremplin sends (DESIGN.md §3): one code each, shared by the reminders
sent once, the in-app notifications and the users' e-mail preferences. A leaf module: no model
imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
    CONVENTION_ENDING_60 = "convention_ending_60", _("Convention ending within 60 days")
    CONVENTION_ENDING_30 = "convention_ending_30", _("Convention ending within 30 days")
    OBJECTIVE_BEHIND = "objective_behind", _("Convention objective behind its pace")
    LEAD_WAITING = "lead_waiting", _("Company interest waiting for an answer")
    LEAD_WAITING_LONG = "lead_waiting_long", _("Company interest waiting for too long")
    ENROLMENT_WITHOUT_STEP = "enrolment_without_step", _("Enrolment without a recent step")
    AGIR_22_MONTHS = "agir_22_months", _("AGIR accompaniment reaching 22 months")
    DATA_ENTRY = "data_entry", _("Monthly data entry")
    EVENT_TOMORROW = "event_tomorrow", _("Mobilisation action tomorrow")
