"""The coded values of a beneficiary's record and pathway. Codes are stored: never rename one
without a data migration. Labels are what people read, in French and English."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    """As written on the person's papers (the published AGIR profiles count women and men)."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class ProtectionStatus(models.TextChoices):
    """Who is a beneficiary of international protection (CESEDA, book V), and the family members
    who join them ("rejoignants", family reunification)."""

    REFUGEE = "refugee", _("Refugee")
    SUBSIDIARY = "subsidiary", _("Subsidiary protection")
    STATELESS = "stateless", _("Stateless")
    FAMILY_MEMBER = "family_member", _("Family member joining a BPI")


class FrenchLevel(models.TextChoices):
    """The Common European Framework of Reference for Languages, with A0 for a beginner."""

    A0 = "A0", "A0"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class EducationLevel(models.TextChoices):
    """The French nomenclature of certification levels (décret n° 2019-14 du 8 janvier 2019)."""

    NONE = "none", _("No diploma")
    LEVEL_3 = "3", _("Level 3 (CAP, BEP)")
    LEVEL_4 = "4", _("Level 4 (baccalauréat)")
    LEVEL_5 = "5", _("Level 5 (bac + 2)")
    LEVEL_6 = "6", _("Level 6 (bachelor's degree)")
    LEVEL_7 = "7", _("Level 7 (master's degree)")
    LEVEL_8 = "8", _("Level 8 (doctorate)")


class EmploymentSituation(models.TextChoices):
    NONE = "none", _("Neither job nor training")
    JOB = "job", pgettext_lazy("employment situation", "In a job")
    TRAINING = "training", pgettext_lazy("employment situation", "In training")


class HousingSituation(models.TextChoices):
    """From the least to the most autonomous; "situation improved" compares positions in this
    order (see `reporting`)."""

    EMERGENCY = "emergency", _("Emergency shelter")
    DNA = "dna", _("National reception scheme (DNA)")
    HOSTED = "hosted", _("Hosted by someone")
    OTHER = "other", pgettext_lazy("housing", "Other")
    TENANCY = "tenancy", _("Own tenancy")


class ReferralSource(models.TextChoices):
    OFII = "ofii", _("OFII")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    MISSION_LOCALE = "mission_locale", _("Mission locale")
    ASSOCIATION = "association", _("Association")
    SIAO = "siao", _("SIAO")
    SELF = "self", _("Self-referred")
    #: Another organisation referred the person through Tremplin (a `Referral`, accepted).
    ORGANISATION = "organisation", _("Another organisation, through Tremplin")
    OTHER = "other", pgettext_lazy("referral source", "Other")


#: The sources a user (or the demo) chooses: `ORGANISATION` comes only with an accepted
#: `Referral`, which says which organisation referred the person.
CHOSEN_REFERRAL_SOURCES = [s for s in ReferralSource if s != ReferralSource.ORGANISATION]


class EnrolmentStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ENTERED = "entered", _("Entered")
    IN_PROGRESS = "in_progress", _("In progress")
    EXITED = "exited", _("Exited")
    ABANDONED = "abandoned", _("Abandoned")


#: The statuses of an enrolment that is still open: a person has at most one in an action.
OPEN_STATUSES = (EnrolmentStatus.REFERRED, EnrolmentStatus.ENTERED, EnrolmentStatus.IN_PROGRESS)


class ExitReason(models.TextChoices):
    """Why an enrolment ended. Where the person went (job, training) is read from the pathway
    steps, not from this reason: see `reporting` for the exit classes."""

    COMPLETED = "completed", _("Pathway completed")
    JOB = "job", _("Found a job")
    TRAINING = "training", _("Entered training")
    MOVED = "moved", _("Moved away")
    REORIENTED = "reoriented", _("Referred to another scheme")
    END_OF_PROGRAMME = "end_of_programme", _("End of the programme's duration")
    OTHER = "other", pgettext_lazy("exit reason", "Other")


class AbandonReason(models.TextChoices):
    NO_CONTACT = "no_contact", _("No longer in contact")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family reasons")
    MOVED = "moved", _("Moved away")
    DECLINED = "declined", _("Declined the accompaniment")
    OTHER = "other", pgettext_lazy("abandon reason", "Other")


class StepKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    FRENCH_COURSE = "french_course", _("French course")
    PRE_QUALIFICATION = "pre_qualification", _("Pre-qualification")
    TRAINING = "training", _("Vocational training")
    POEC = "poec", _("POEC")
    IMMERSION = "immersion", _("Work immersion (PMSMP)")
    JOB = "job", pgettext_lazy("pathway step", "Job")
    HOUSING = "housing", pgettext_lazy("pathway step", "Housing")
    RIGHTS = "rights", _("Rights")
    OTHER = "other", pgettext_lazy("pathway step", "Other")


class StepStatus(models.TextChoices):
    """A training planned but never started counts for nothing; one started counts from its
    start date."""

    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ContractType(models.TextChoices):
    """The contract of a job step, the categories the IAE exit definitions distinguish (DGEFP,
    instruction of 2 March 2022 on the exits of SIAE: durable, transitional, positive)."""

    CDI = "cdi", _("Permanent contract (CDI)")
    CDD_6_MONTHS_OR_MORE = "cdd_6m_plus", _("Fixed-term contract of 6 months or more")
    CDD_UNDER_6_MONTHS = "cdd_under_6m", _("Fixed-term contract under 6 months")
    TEMPORARY_6_MONTHS_OR_MORE = "temp_6m_plus", _("Temporary work of 6 months or more")
    TEMPORARY_UNDER_6_MONTHS = "temp_under_6m", _("Temporary work under 6 months")
    IAE = "iae", _("Work-integration contract (IAE)")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship contract")
    PROFESSIONALISATION = "professionalisation", _("Professionalisation contract")
    CIVIL_SERVICE = "civil_service", _("Civil-service post")
    BUSINESS_CREATION = "business_creation", _("Business creation")


class ExitClass(models.TextChoices):
    """The class of an ended enrolment, best first: the IAE exit definitions (DGEFP,
    instruction of 2 March 2022) as `reporting.exits` applies them."""

    DURABLE = "durable", _("Durable employment")
    TRANSITIONAL = "transitional", _("Transitional employment")
    POSITIVE = "positive", _("Positive exit")
    OTHER = "other", _("Other exit")


class RightsKind(models.TextChoices):
    BANK_ACCOUNT = "bank_account", _("Bank account")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")
    DRIVING_LICENCE = "driving_licence", _("Driving-licence exchange")
    BENEFITS = "benefits", _("Social benefits (RSA, CAF)")
    OTHER = "other", pgettext_lazy("rights", "Other")


class FollowUpSituation(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    TRAINING = "training", pgettext_lazy("follow-up", "In training")
    JOB_SEEKING = "job_seeking", _("Seeking a job")
    NO_NEWS = "no_news", _("No news")


class AccessKind(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")
