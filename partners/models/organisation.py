"""The organisation registry: companies, operators, public bodies and associations, and the
people Tremplin works with there."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as stdnum_siret

from config.phones import PhoneNumberField
from config.search import NormalisedCopy
from config.vocabularies import Sector

from .. import naf


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    GEIQ = "geiq", _("GEIQ")
    BRANCH = "branch", _("Branch body")
    OPCO = "opco", _("OPCO")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    MISSION_LOCALE = "mission_locale", _("Mission locale")
    CAP_EMPLOI = "cap_emploi", _("Cap emploi")
    OFII = "ofii", _("OFII")
    ASSOCIATION = "association", _("Association")
    OPERATOR = "operator", _("Programme operator")
    COLLECTIVITE = "collectivite", _("Local authority")
    STATE_SERVICE = "state_service", _("State service")


class SizeBand(models.TextChoices):
    MICRO = "0-9", _("0 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-249", _("50 to 249 employees")
    INTERMEDIATE = "250-4999", _("250 to 4,999 employees")
    LARGE = "5000+", _("5,000 employees or more")


#: What people put between the digits of a SIRET copied from an invoice or a website: spaces
#: (non-breaking ones included), dots, dashes of every kind, slashes.
SIRET_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212/]")


def normalise_siret(value):
    """The SIRET as stored, checked and matched: its characters without separators. Letters are
    kept so that the checksum refuses them rather than silently dropping them."""
    return SIRET_SEPARATORS.sub("", value or "")


class SiretFormField(forms.CharField):
    """Accepts a SIRET however it was pasted; the model's validator checks the result."""

    def __init__(self, *, max_length=None, **kwargs):
        # The 14-character limit applies to the digits, not to what is typed around them.
        super().__init__(max_length=30, **kwargs)

    def to_python(self, value):
        return normalise_siret(super().to_python(value))


class SiretField(models.CharField):
    """A SIRET is normalised before it is validated, stored or looked up (CharField prepares
    query values with to_python), so that `627.252.521.00018` and `62725252100018` are one
    company."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None else normalise_siret(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SiretFormField, **kwargs})


def validate_siret(value):
    try:
        stdnum_siret.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid SIRET: 14 digits with a valid checksum."),
            code="invalid_siret",
            params={"value": value},
        ) from error


validate_naf = RegexValidator(
    r"^\d{2}\.\d{2}[A-Z]$", _("A NAF code looks like 43.99C."), code="invalid_naf"
)


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every organisation; coordinators those of their territory and
        national bodies (no département); operators and company contacts their own."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        visible = models.Q(pk__in=scope.organisation_ids)
        if scope.department_ids:
            visible |= models.Q(department__in=scope.department_ids) | models.Q(
                department__isnull=True
            )
        return self.filter(visible)

    def editable_by(self, user):
        """What a user may change: national staff all, coordinators their territory's,
        operators their own organisation."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        editable = models.Q(department__in=scope.department_ids)
        if scope.is_operator:
            editable |= models.Q(pk__in=scope.operator_organisation_ids)
        return self.filter(editable)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    #: The name as searches read it (`config.search.matches`).
    name_normalised = NormalisedCopy("name")
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind)
    siret = SiretField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 digits; spaces, dots and dashes are ignored."),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, editable=False)
    naf_code = models.CharField(_("NAF code"), max_length=6, blank=True, validators=[validate_naf])
    naf_section = models.CharField(
        _("NAF section"), max_length=1, blank=True, editable=False, choices=naf.SECTION_CHOICES
    )
    size_band = models.CharField(_("size"), max_length=10, blank=True, choices=SizeBand)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A postcode has 5 digits."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Empty for a national body."),
    )
    website = models.URLField(_("website"), blank=True)
    opco = models.ForeignKey(
        "self",
        verbose_name=_("OPCO"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_companies",
        limit_choices_to={"kind": OrganisationKind.OPCO},
        help_text=_("The skills operator the company belongs to."),
    )
    # What a company says it needs, from the partnership form and its own space.
    needs_sectors = models.JSONField(_("sectors recruiting"), default=list, blank=True)
    needs_jobs = models.TextField(_("jobs it could offer"), blank=True)
    needs_hires = models.PositiveIntegerField(
        _("hires considered in the next 12 months"), null=True, blank=True
    )
    needs_updated_at = models.DateTimeField(_("needs updated on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["name_normalised"])
    #: The codes each JSON list holds, named by histories (config.history).
    list_choices = {"needs_sectors": Sector.choices}

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~models.Q(siret=""),
                name="organisation_siret_unique_when_present",
            ),
        ]
        indexes = [
            models.Index(fields=["siren"]),
            models.Index(fields=["kind"]),
            # The list's default order, to the last tie: a page's keys, however deep the page
            # (KeysFirstPaginator), are read from the index alone, with the column the
            # coordinators' scope tests (département) included.
            models.Index(
                fields=["name", "id"], include=["department"], name="organisation_list_order"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.siret = normalise_siret(self.siret)
        self.siren = self.siret[:9]
        self.naf_section = naf.section_of(self.naf_code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:organisation-detail", args=[self.pk])

    @property
    def choice_label(self):
        """Name and département code, "Akto (69)": how choices tell namesakes apart (reads
        `department`: select it with the organisation)."""
        if self.department_id:
            return f"{self.name} ({self.department.code})"
        return self.name


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The people of the organisations a user may see, as the organisation page lists them."""
        return self.filter(organisation__in=Organisation.objects.visible_to(user))


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    job_title = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    consents_to_contact = models.BooleanField(
        _("agrees to be contacted"),
        default=False,
        help_text=_("The person agreed to be contacted by DIAIR and its partners."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        constraints = [
            # Two submissions of the public form at once must not make the same person twice.
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=~models.Q(email=""),
                name="contact_email_unique_per_organisation",
                violation_error_message=_(
                    "This organisation already has a contact with this e-mail address."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url() + f"#contact-{self.pk}"

    def validate_constraints(self, exclude=None):
        # Forms leave the organisation out of their fields (the view or the admin inline sets
        # it), so Django would skip the e-mail constraint and let the database refuse the row.
        if exclude and self.organisation_id:
            exclude = set(exclude) - {"organisation"}
        super().validate_constraints(exclude=exclude)
