"""Programmes (HOPE, PIC, AGIR, CTAI…), their actions on the ground, CTAI territorial contracts
and the targets set on actions and contracts."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.relations import any_of, linked_ids
from config.search import NormalisedCopy
from config.vocabularies import TARGET_INDICATORS, Sector


class ProgrammeScope(models.TextChoices):
    NATIONAL = "national", _("National")
    TERRITORIAL = "territorial", _("Territorial")


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes are reference information for staff; company contacts do not use them."""
        return self.all() if user.scope.is_staff_role else self.none()


class Programme(models.Model):
    #: Codes of the programmes Tremplin knows by design (created by a data migration).
    HOPE, PIC, AGIR, CTAI = "HOPE", "PIC", "AGIR", "CTAI"

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(
        _("scope"), max_length=20, choices=ProgrammeScope, default=ProgrammeScope.NATIONAL
    )
    lead_body = models.CharField(_("lead ministry or body"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="programme_end_after_start",
            ),
        ]

    def __str__(self):
        """The programme's name, led by its code unless the name already starts with it
        ("AGIR — Accompagnement global…", not "AGIR — AGIR — …")."""
        if self.name.startswith(self.code):
            return self.name
        return f"{self.code} — {self.name}"

    def get_absolute_url(self):
        return reverse("programmes:programme-detail", args=[self.code])


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every action; coordinators those covering one of their
        départements; operators those their organisation runs or joins."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        model, ids = self.model, []
        if scope.department_ids:
            ids.append(linked_ids(model.departments, department__in=scope.department_ids))
        if scope.is_operator:
            operators = scope.operator_organisation_ids
            ids.append(model.objects.filter(operator__in=operators).values("pk"))
            ids.append(linked_ids(model.partners, organisation__in=operators))
        return self.filter(any_of(*ids))

    def editable_by(self, user):
        """National staff edit every action; coordinators those of their territory; operators
        those their organisation runs."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        model, ids = self.model, []
        if scope.department_ids:
            ids.append(linked_ids(model.departments, department__in=scope.department_ids))
        if scope.is_operator:
            operators = scope.operator_organisation_ids
            ids.append(model.objects.filter(operator__in=operators).values("pk"))
        return self.filter(any_of(*ids))

    def agir(self):
        return self.filter(programme__code=Programme.AGIR)


class Action(models.Model):
    """One concrete implementation of a programme: a HOPE session, a PIC project, an AGIR
    deployment in a département, a CTAI employment action. The few programme-specific facts
    are optional fields grouped below."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=200)
    #: The title as searches read it (`config.search.matches`).
    title_normalised = NormalisedCopy("title")
    operator = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="operated_actions",
    )
    departments = models.ManyToManyField(
        "territories.Department", verbose_name=_("départements covered"), related_name="actions"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1)],
        help_text=_("Planned number of beneficiaries."),
    )
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funders = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("funders"),
        blank=True,
        related_name="funded_actions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus, default=ActionStatus.PLANNED
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, blank=True)
    partners = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partner_actions",
    )
    description = models.TextField(_("description"), blank=True)

    # HOPE sessions
    hope_centre = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("AFPA centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hope_sessions",
    )
    hope_opco = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("OPCO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hope_sessions_funded",
        limit_choices_to={"kind": "opco"},
    )
    french_start = models.DateField(_("French course: start"), null=True, blank=True)
    french_end = models.DateField(_("French course: end"), null=True, blank=True)
    poec_start = models.DateField(_("POEC: start"), null=True, blank=True)
    poec_end = models.DateField(_("POEC: end"), null=True, blank=True)
    work_study_start = models.DateField(_("work-study: start"), null=True, blank=True)
    work_study_end = models.DateField(_("work-study: end"), null=True, blank=True)
    housing_provided = models.BooleanField(_("housing provided"), null=True, blank=True)

    # AGIR deployments
    agir_department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("AGIR département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agir_deployments",
    )
    agir_wave = models.PositiveSmallIntegerField(
        _("AGIR wave"),
        null=True,
        blank=True,
        help_text=_("The year of the wave: 2022, 2023, 2024…"),
    )
    actual_start_date = models.DateField(_("actual start"), null=True, blank=True)

    # CTAI employment actions
    contract = models.ForeignKey(
        "TerritorialContract",
        verbose_name=_("territorial contract (CTAI)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[departments, partners, funders], excluded_fields=["title_normalised"]
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="action_end_after_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="action_capacity_positive"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="action_budget_not_negative",
            ),
            models.UniqueConstraint(
                fields=["agir_department"],
                condition=Q(status="running"),
                name="one_running_agir_deployment_per_department",
                violation_error_message=_(
                    "This département already has a running AGIR deployment."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:action-detail", args=[self.pk])


class ContractDomain(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    RIGHTS = "rights", _("Access to rights")
    HOUSING = "housing", _("Housing")
    LANGUAGE = "language", _("Language")
    EMPLOYMENT = "employment", _("Employment")
    HEALTH = "health", _("Health")
    CULTURE = "culture", _("Culture and citizenship")


class TerritorialContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every contract; coordinators those of their territory;
        operators those whose employment actions they run or join."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        ids = []
        if scope.department_ids:
            ids.append(linked_ids(self.model.departments, department__in=scope.department_ids))
        if scope.is_operator:
            # The contracts of the employment actions the operator runs or joins.
            operators = scope.operator_organisation_ids
            actions = Action.objects.filter(contract__isnull=False)
            ids.append(actions.filter(operator__in=operators).values("contract"))
            partnered = linked_ids(Action.partners, organisation__in=operators)
            ids.append(actions.filter(pk__in=partnered).values("contract"))
        return self.filter(any_of(*ids))

    def editable_by(self, user):
        scope = user.scope
        if scope.is_national:
            return self.all()
        if not scope.department_ids:
            return self.none()
        ids = linked_ids(self.model.departments, department__in=scope.department_ids)
        return self.filter(pk__in=ids)


class TerritorialContract(models.Model):
    """A CTAI (contrat territorial d'accueil et d'intégration), signed by the préfet with a
    métropole, an intercommunality, a département or a région."""

    name = models.CharField(_("name"), max_length=200)
    prefecture = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("préfecture"),
        on_delete=models.PROTECT,
        related_name="ctai_signed",
        limit_choices_to={"kind": "state_service"},
    )
    signatories = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("local signatories"),
        related_name="ctai_cosigned",
        help_text=_("The métropole, intercommunality, département or région."),
    )
    departments = models.ManyToManyField(
        "territories.Department", verbose_name=_("territory"), related_name="contracts"
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    domains = models.JSONField(_("domains"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[signatories, departments])
    #: The codes each JSON list holds, named by histories (config.history).
    list_choices = {"domains": ContractDomain.choices}

    objects = TerritorialContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorial contract (CTAI)")
        verbose_name_plural = _("territorial contracts (CTAI)")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="contract_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="contract_budget_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:contract-detail", args=[self.pk])

    def get_domains_display(self):
        labels = dict(ContractDomain.choices)
        return [labels.get(domain, domain) for domain in self.domains]


class TargetUnit(models.TextChoices):
    COUNT = "count", _("people")
    PERCENT = "percent", _("% of exits")


class Target(models.Model):
    """A measurable objective on an action or a contract: “60 entries in 2026”. Progress is
    computed from recorded beneficiaries' pathways, never typed."""

    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    contract = models.ForeignKey(
        TerritorialContract,
        verbose_name=_("territorial contract"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=TARGET_INDICATORS)
    value = models.DecimalField(
        _("target value"), max_digits=10, decimal_places=1, validators=[MinValueValidator(0.1)]
    )
    unit = models.CharField(_("unit"), max_length=10, choices=TargetUnit, default=TargetUnit.COUNT)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_start", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(action__isnull=False, contract__isnull=True)
                    | Q(action__isnull=True, contract__isnull=False)
                ),
                name="target_on_action_or_contract",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="target_value_positive"),
            models.CheckConstraint(
                condition=Q(unit="count") | Q(value__lte=100), name="target_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="target_period_ordered"
            ),
        ]

    def __str__(self):
        suffix = " %" if self.unit == TargetUnit.PERCENT else ""
        return f"{self.get_indicator_display()}: {self.value:g}{suffix}"
