"""Vocabularies several apps share: the sectors companies recruit in and the codes of the
indicators that programme targets and convention objectives measure. A leaf module: no model
of Tremplin is imported here, so any app (and any migration) may import it.

What each indicator means and how it is computed is `reporting.dictionary`'s business.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction and public works")
    AGRICULTURE = "agriculture", _("Agriculture")
    HOSPITALITY = "hospitality", _("Hotels, restaurants, catering")
    LOGISTICS = "logistics", _("Logistics and transport")
    CLEANING = "cleaning", _("Cleaning")
    INDUSTRY = "industry", _("Industry")
    CARE = "care", _("Personal care and health")
    RETAIL = "retail", _("Retail")
    DIGITAL = "digital", _("Digital")
    SEVERAL = "several", _("Several sectors")


class Indicator(models.TextChoices):
    """Every indicator a target or an objective can be set on. Codes are stored: never rename
    one without a data migration."""

    # Beneficiaries' pathways in a programme action or a territorial contract.
    REFERRALS = "referrals", _("Referrals")
    ENTRIES = "entries", _("Entries")
    DURABLE_EMPLOYMENT = "durable_employment", _("Durable employment at exit")
    SORTIE_DYNAMIQUE = "sortie_dynamique", _("Sorties dynamiques")
    JOB_OR_TRAINING = "job_or_training", _("Job or training at exit")
    HOUSING = "housing", _("Access to housing")
    EMPLOYED_6_MONTHS = "employed_6_months", _("In employment 6 months after exit")
    CERTIFICATIONS = "certifications", _("Certifications")
    # What the parties of a partnership convention achieve.
    HIRES = "hires", _("Hires")
    DURABLE_HIRES = "durable_hires", _("Hires, of which durable")
    TRAINING_ENTRIES = "training_entries", _("Entries into training")
    IMMERSIONS = "immersions", _("Work immersions (PMSMP)")
    APPRENTICESHIPS = "apprenticeships", _("Apprenticeships")
    EVENT_PARTICIPANTS = "event_participants", _("Participants at events")


def _subset(*indicators):
    return [(indicator.value, indicator.label) for indicator in indicators]


#: The indicators a programme target (on an action or a CTAI contract) can be set on.
TARGET_INDICATORS = _subset(
    Indicator.REFERRALS,
    Indicator.ENTRIES,
    Indicator.DURABLE_EMPLOYMENT,
    Indicator.SORTIE_DYNAMIQUE,
    Indicator.JOB_OR_TRAINING,
    Indicator.HOUSING,
    Indicator.EMPLOYED_6_MONTHS,
    Indicator.CERTIFICATIONS,
)

#: The indicators a partnership convention's objective can be set on.
OBJECTIVE_INDICATORS = _subset(
    Indicator.HIRES,
    Indicator.DURABLE_HIRES,
    Indicator.TRAINING_ENTRIES,
    Indicator.IMMERSIONS,
    Indicator.APPRENTICESHIPS,
    Indicator.EVENT_PARTICIPANTS,
)
