"""The organisation registry: companies, operators, public bodies and associations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations a user may open: all for national staff, those of their
        territory for coordinators, their own for operators and company contacts."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        return self.filter(
            models.Q(department__in=scope.department_ids) | models.Q(pk__in=scope.organisation_ids)
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

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

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:organisation-detail", args=[self.pk])
