"""Where a person went when an enrolment ended: the exit classes and "situation improved", in
ONE place, in two forms that must agree (tests/reporting/test_exits.py checks them on one table
of cases):

- Python functions on one enrolment (`exit_class`, `situation_at_exit`, `situation_improved`),
  for the pages of one person;
- a queryset annotation (`with_exit_situation`), SQL only, for many enrolments at once, which
  `store_exit_situations` writes into each enrolment's own fields (`Enrolment.exit_class`,
  `employment_at_exit`, `housing_at_exit`, `situation_improved`) whenever what it derives from
  is written (`connect`): the counts read those fields.

The classes follow the IAE exit definitions (DGEFP, instruction of 2 March 2022 on the exits of
SIAE, as DESIGN.md §2 adapts them):

- **durable employment**: CDI; CDD or temporary work of 6 months or more; civil-service post;
  business creation; apprenticeship and professionalisation contracts;
- **transitional employment**: CDD or temporary work under 6 months; subsidised (IAE) contract;
- **positive exit**: entry into qualifying or pre-qualifying training (vocational training,
  POEC, pre-qualification);
- **other**: anything else, and every abandonment;
- **sortie dynamique**: the first three.

What counts is the person's situation at the exit date, read from their pathway steps (whatever
enrolment they were recorded in): a step counts when it was started or completed (not planned,
not cancelled), started on or before the exit date plus `EXIT_WINDOW` (30 days: a contract
signed at the exit often starts the next month), and had not ended before the exit date. When
several steps count, the best class wins. See docs/decisions.md.
"""

import datetime

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from beneficiaries.choices import (
    ContractType,
    EmploymentSituation,
    EnrolmentStatus,
    ExitClass,
    HousingSituation,
    StepKind,
    StepStatus,
)
from beneficiaries.models import EXIT_SITUATION_FIELDS, Beneficiary, Enrolment, PathwayStep

#: A job or training starting this long after the exit date still counts as the exit's outcome.
EXIT_WINDOW = datetime.timedelta(days=30)

#: The statuses of a step that happened: planned and cancelled steps count for nothing.
HAPPENED = (StepStatus.STARTED, StepStatus.COMPLETED)

DURABLE_CONTRACTS = (
    ContractType.CDI,
    ContractType.CDD_6_MONTHS_OR_MORE,
    ContractType.TEMPORARY_6_MONTHS_OR_MORE,
    ContractType.CIVIL_SERVICE,
    ContractType.BUSINESS_CREATION,
    ContractType.APPRENTICESHIP,
    ContractType.PROFESSIONALISATION,
)
TRANSITIONAL_CONTRACTS = (
    ContractType.CDD_UNDER_6_MONTHS,
    ContractType.TEMPORARY_UNDER_6_MONTHS,
    ContractType.IAE,
)
#: Qualifying or pre-qualifying training: the step kinds of a positive exit.
TRAINING_KINDS = (StepKind.TRAINING, StepKind.POEC, StepKind.PRE_QUALIFICATION)


#: The classes that make a "sortie dynamique".
SORTIE_DYNAMIQUE = (ExitClass.DURABLE, ExitClass.TRANSITIONAL, ExitClass.POSITIVE)

#: Employment situations from the least to the most favourable.
EMPLOYMENT_ORDER = (EmploymentSituation.NONE, EmploymentSituation.TRAINING, EmploymentSituation.JOB)
#: Housing situations from the least to the most autonomous, in `HousingSituation`'s order.
HOUSING_ORDER = tuple(HousingSituation)


# --- One enrolment, in Python ----------------------------------------------------------------


def _counts_at(step, exit_date):
    return (
        step.status in HAPPENED
        and step.start_date <= exit_date + EXIT_WINDOW
        and (step.end_date is None or step.end_date >= exit_date)
    )


def _counted_steps(enrolment, steps):
    if steps is None:
        steps = enrolment.beneficiary.steps.all()
    return [step for step in steps if _counts_at(step, enrolment.exit_date)]


def exit_class(enrolment, steps=None):
    """The `ExitClass` of an ended enrolment, or None while it is open (no exit date).

    `steps`: the person's pathway steps (an iterable of PathwayStep), default
    `enrolment.beneficiary.steps.all()` (prefetch it for many enrolments). An abandonment is
    always OTHER."""
    if enrolment.exit_date is None or enrolment.status not in (
        EnrolmentStatus.EXITED,
        EnrolmentStatus.ABANDONED,
    ):
        return None
    if enrolment.status == EnrolmentStatus.ABANDONED:
        return ExitClass.OTHER
    counted = _counted_steps(enrolment, steps)
    contracts = {step.contract_type for step in counted if step.kind == StepKind.JOB}
    if contracts & set(DURABLE_CONTRACTS):
        return ExitClass.DURABLE
    if contracts & set(TRANSITIONAL_CONTRACTS):
        return ExitClass.TRANSITIONAL
    if any(step.kind in TRAINING_KINDS for step in counted):
        return ExitClass.POSITIVE
    return ExitClass.OTHER


def situation_at_exit(enrolment, steps=None):
    """(employment, housing) of the person at the exit of an ended enrolment, as
    (`EmploymentSituation`, `HousingSituation`) values; None while it is open.

    Employment: JOB when a job step counts at the exit (see the module), else TRAINING when a
    qualifying training does, else NONE. Housing: the latest housing step that happened by the
    exit date plus `EXIT_WINDOW`, else the housing at entry."""
    if enrolment.exit_date is None:
        return None
    counted = _counted_steps(enrolment, steps)
    if any(step.kind == StepKind.JOB for step in counted):
        employment = EmploymentSituation.JOB
    elif any(step.kind in TRAINING_KINDS for step in counted):
        employment = EmploymentSituation.TRAINING
    else:
        employment = EmploymentSituation.NONE
    if steps is None:
        steps = enrolment.beneficiary.steps.all()
    housing_steps = sorted(
        (
            step
            for step in steps
            if step.kind == StepKind.HOUSING
            and step.status in HAPPENED
            and step.housing
            and step.start_date <= enrolment.exit_date + EXIT_WINDOW
        ),
        key=lambda step: (step.start_date, step.pk or 0),
    )
    housing = housing_steps[-1].housing if housing_steps else enrolment.beneficiary.housing_at_entry
    return EmploymentSituation(employment), HousingSituation(housing)


def situation_improved(enrolment, steps=None):
    """True when the person's job or housing situation at the exit is better than at their
    entry (the beneficiary's situation at entry, whatever the programme), in the orders
    `EMPLOYMENT_ORDER` and `HOUSING_ORDER`; None while the enrolment is open. Source: the
    published AGIR results ("17 % had a better job situation, 20 % better housing")."""
    at_exit = situation_at_exit(enrolment, steps)
    if at_exit is None:
        return None
    employment, housing = at_exit
    beneficiary = enrolment.beneficiary
    return EMPLOYMENT_ORDER.index(employment) > EMPLOYMENT_ORDER.index(
        beneficiary.employment_at_entry
    ) or HOUSING_ORDER.index(housing) > HOUSING_ORDER.index(beneficiary.housing_at_entry)


# --- Many enrolments, in SQL -----------------------------------------------------------------


def _counted_steps_sql():
    exit_date = OuterRef("exit_date")
    return PathwayStep.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=exit_date),
        beneficiary=OuterRef("beneficiary"),
        status__in=HAPPENED,
        start_date__lte=models.ExpressionWrapper(
            exit_date + EXIT_WINDOW, output_field=models.DateField()
        ),
    )


def _rank(field, order):
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(order)),
        output_field=models.IntegerField(),
    )


def _first(steps, value, rank):
    """A scalar subquery: `value` (an expression) of the step of `steps` with the lowest
    `rank` (an expression; the best first), NULL when no step is among them. ONE correlated
    probe of the person's steps per reference, where EXISTS clauses would make one per class."""
    return Subquery(
        steps.annotate(first_value=value, first_rank=rank)
        .order_by("first_rank")
        .values("first_value")[:1]
    )


def _best_exit_class_sql(steps):
    """The best exit class the counted steps give (durable, transitional, positive), NULL when
    none gives one."""
    classes = (
        (Q(kind=StepKind.JOB, contract_type__in=DURABLE_CONTRACTS), ExitClass.DURABLE),
        (Q(kind=StepKind.JOB, contract_type__in=TRANSITIONAL_CONTRACTS), ExitClass.TRANSITIONAL),
        (Q(kind__in=TRAINING_KINDS), ExitClass.POSITIVE),
    )
    whens = [When(condition, then=Value(value.value)) for condition, value in classes]
    ranks = [When(condition, then=Value(rank)) for rank, (condition, _v) in enumerate(classes)]
    matching = Q()
    for condition, _value in classes:
        matching |= condition
    return _first(
        steps.filter(matching),
        Case(*whens, output_field=models.CharField()),
        Case(*ranks, output_field=models.IntegerField()),
    )


def _employment_rank_sql(steps):
    """The rank in `EMPLOYMENT_ORDER` of the employment the counted steps give: JOB's for a
    job, TRAINING's for a qualifying training, NULL for none."""
    job, training = (
        EMPLOYMENT_ORDER.index(EmploymentSituation.JOB),
        EMPLOYMENT_ORDER.index(EmploymentSituation.TRAINING),
    )
    rank = Case(
        When(kind=StepKind.JOB, then=Value(job)),
        default=Value(training),
        output_field=models.IntegerField(),
    )
    return _first(
        steps.filter(Q(kind=StepKind.JOB) | Q(kind__in=TRAINING_KINDS)),
        rank,
        models.ExpressionWrapper(-rank, output_field=models.IntegerField()),
    )


def _employment_sql(steps):
    """The `EmploymentSituation` value the counted steps give: JOB for a job, TRAINING for a
    qualifying training, NULL for none."""
    job = Q(kind=StepKind.JOB)
    return _first(
        steps.filter(job | Q(kind__in=TRAINING_KINDS)),
        Case(
            When(job, then=Value(EmploymentSituation.JOB.value)),
            default=Value(EmploymentSituation.TRAINING.value),
            output_field=models.CharField(),
        ),
        Case(When(job, then=Value(0)), default=Value(1), output_field=models.IntegerField()),
    )


def _latest_housing_sql(value="housing"):
    return (
        PathwayStep.objects.filter(
            beneficiary=OuterRef("beneficiary"),
            kind=StepKind.HOUSING,
            status__in=HAPPENED,
            start_date__lte=models.ExpressionWrapper(
                OuterRef("exit_date") + EXIT_WINDOW, output_field=models.DateField()
            ),
        )
        .exclude(housing="")
        .annotate(latest_value=_rank("housing", HOUSING_ORDER) if value == "rank" else F(value))
        .order_by("-start_date", "-pk")
        .values("latest_value")[:1]
    )


def _at_entry(value):
    """A scalar subquery: `value` (a Beneficiary field name or expression) of the enrolment's
    person. Read where a condition needs it, rather than joined: a count that does not look
    at the person's situation at entry then reads no Beneficiary row."""
    value = F(value) if isinstance(value, str) else value
    return Subquery(
        Beneficiary.objects.filter(pk=OuterRef("beneficiary"))
        .annotate(at_entry=value)
        .values("at_entry")[:1]
    )


#: What `with_exit_situation` names each stored field's value computed afresh.
COMPUTED = {name: f"computed_{name}" for name in EXIT_SITUATION_FIELDS}


def with_exit_situation(enrolments):
    """`enrolments` (an Enrolment queryset) annotated, in SQL, with the exit situation computed
    afresh from the person's steps: `computed_exit_class` (an `ExitClass` value, None while
    open), `computed_employment_at_exit`, `computed_housing_at_exit` (None while open) and
    `computed_situation_improved` (bool, None while open): the same answers as the functions
    above, in bulk. `store_exit_situations` keeps them in the enrolment's own fields
    (`Enrolment.exit_class`…), which the figures read.

    Each of them reads the person's steps with ONE correlated scalar subquery per reference
    (the best step first, LIMIT 1), evaluated only for the rows that reach it (an open or
    abandoned enrolment reads none)."""
    steps = _counted_steps_sql()
    ended = Q(
        exit_date__isnull=False, status__in=[EnrolmentStatus.EXITED, EnrolmentStatus.ABANDONED]
    )
    annotated = enrolments.annotate(
        computed_exit_class=Case(
            When(~ended, then=Value(None)),
            When(status=EnrolmentStatus.ABANDONED, then=Value(ExitClass.OTHER.value)),
            default=Coalesce(_best_exit_class_sql(steps), Value(ExitClass.OTHER.value)),
            output_field=models.CharField(),
        ),
        computed_employment_at_exit=Case(
            When(exit_date__isnull=True, then=Value(None)),
            default=Coalesce(_employment_sql(steps), Value(EmploymentSituation.NONE.value)),
            output_field=models.CharField(),
        ),
        computed_housing_at_exit=Case(
            When(exit_date__isnull=True, then=Value(None)),
            default=Coalesce(Subquery(_latest_housing_sql()), _at_entry("housing_at_entry")),
            output_field=models.CharField(),
        ),
    )
    return _with_situation_improved(annotated, steps)


def _with_situation_improved(enrolments, steps):
    """`enrolments` annotated with `situation_improved` (bool, None while open): the job or the
    housing at exit ranks above the one at entry (EMPLOYMENT_ORDER, HOUSING_ORDER), as
    `situation_improved` above decides it for one enrolment. `steps`: the counted steps' SQL."""
    return (
        enrolments.alias(
            employment_entry_rank=_at_entry(_rank("employment_at_entry", EMPLOYMENT_ORDER)),
            housing_entry_rank=_at_entry(_rank("housing_at_entry", HOUSING_ORDER)),
        )
        .alias(
            # The ranks at exit read the steps once each (not once per value of the order).
            employment_exit_rank=Case(
                When(exit_date__isnull=True, then=Value(None)),
                default=Coalesce(_employment_rank_sql(steps), Value(0)),
                output_field=models.IntegerField(),
            ),
            housing_exit_rank=Case(
                When(exit_date__isnull=True, then=Value(None)),
                default=Coalesce(Subquery(_latest_housing_sql("rank")), F("housing_entry_rank")),
                output_field=models.IntegerField(),
            ),
        )
        .annotate(
            computed_situation_improved=Case(
                When(exit_date__isnull=True, then=Value(None)),
                When(
                    Q(employment_exit_rank__gt=F("employment_entry_rank"))
                    | Q(housing_exit_rank__gt=F("housing_entry_rank")),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )
    )


# --- Kept on the enrolments ------------------------------------------------------------------


def store_exit_situations(enrolments):
    """Store in the fields `EXIT_SITUATION_FIELDS` of `enrolments` (an Enrolment queryset)
    their exit situation computed afresh by `with_exit_situation`: ONE UPDATE, whose values
    the database computes (no row comes to Python). Returns the number of enrolments written.

    The figures read these fields rather than compute them for each count (a probe of the
    person's steps per ended enrolment and figure made the national dashboard's cost,
    docs/benchmarks/issue-13-dashboards.md). They are kept by `connect`'s signals, by the
    imports (`beneficiaries.signals.people_written`) and, for rows written by other means
    (`QuerySet.update`, a seed), by `store_missing_exit_situations`."""
    computed = with_exit_situation(Enrolment.objects.filter(pk=OuterRef("pk")))
    return enrolments.order_by().update(
        **{name: Subquery(computed.values(COMPUTED[name])[:1]) for name in EXIT_SITUATION_FIELDS}
    )


def with_situation_ranks(enrolments):
    """`enrolments` with the aliases `employment_entry_rank`, `employment_exit_rank`,
    `housing_entry_rank` and `housing_exit_rank`: the ranks (ints, in `EMPLOYMENT_ORDER` and
    `HOUSING_ORDER`) of the person's situation at entry and of the stored one at the exit
    (None while open), for the figures of what improved. Read only where a condition names
    them."""
    return enrolments.alias(
        employment_entry_rank=_at_entry(_rank("employment_at_entry", EMPLOYMENT_ORDER)),
        housing_entry_rank=_at_entry(_rank("housing_at_entry", HOUSING_ORDER)),
        employment_exit_rank=_rank("employment_at_exit", EMPLOYMENT_ORDER),
        housing_exit_rank=_rank("housing_at_exit", HOUSING_ORDER),
    )


def concerned(enrolments):
    """Those of `enrolments` whose stored exit situation may change: the ended ones, and the
    open ones still holding a situation (an exit undone)."""
    return enrolments.filter(Q(exit_date__isnull=False) | Q(employment_at_exit__isnull=False))


def store_exit_situations_of(beneficiary_ids):
    """`store_exit_situations` of the ended enrolments of the people `beneficiary_ids` (ids):
    what a change to a person's steps or situation at entry may change. Returns the number
    of enrolments written."""
    if not beneficiary_ids:
        return 0
    return store_exit_situations(
        concerned(Enrolment.objects.filter(beneficiary_id__in=list(beneficiary_ids)))
    )


def store_missing_exit_situations():
    """`store_exit_situations` of the enrolments whose stored situation does not match their
    state: ended without one, or open with one. Run after `migrate` (the rows of a database
    migrated from before these fields) and after the demo seeds, which write in bulk. Returns
    the number of enrolments written."""
    return store_exit_situations(
        Enrolment.objects.filter(
            Q(exit_date__isnull=False, employment_at_exit__isnull=True)
            | Q(exit_date__isnull=True, employment_at_exit__isnull=False)
        )
    )


def _enrolment_saved(sender, instance, raw=False, **kwargs):
    if raw or (instance.exit_date is None and instance.employment_at_exit is None):
        return  # a fixture being loaded, or an open enrolment with nothing stored
    store_exit_situations(Enrolment.objects.filter(pk=instance.pk))


def _person_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    person = instance.pk if sender is Beneficiary else instance.beneficiary_id
    store_exit_situations_of([person])


def _people_written(sender, beneficiary_ids, **kwargs):
    store_exit_situations_of(beneficiary_ids)


def _migrated(sender, apps=None, **kwargs):
    # Nothing to store in a database migrated backwards, before these fields. `flush` sends
    # the signal without the migrated state: the models are the current ones.
    from django.apps import apps as current

    try:
        (apps or current).get_model("beneficiaries", "Enrolment")._meta.get_field("exit_class")
    except (LookupError, FieldDoesNotExist):
        return
    store_missing_exit_situations()


def connect():
    """Keep the stored exit situations in step with what they derive from (called once, by
    `ReportingConfig.ready`): an enrolment saved, a person saved (their situation at entry),
    a pathway step saved or deleted (any enrolment of the person may end differently), the
    people of an import (`beneficiaries.signals.people_written`), and after `migrate` (sent
    once by the beneficiaries' app: reporting has no models, so Django sends it none)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_migrate, post_save

    from beneficiaries.signals import people_written

    uid = "reporting-exit-situation"
    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid=f"{uid}-enrolment")
    post_save.connect(_person_changed, sender=Beneficiary, dispatch_uid=f"{uid}-person")
    post_save.connect(_person_changed, sender=PathwayStep, dispatch_uid=f"{uid}-step-save")
    post_delete.connect(_person_changed, sender=PathwayStep, dispatch_uid=f"{uid}-step-delete")
    people_written.connect(_people_written, dispatch_uid=f"{uid}-import")
    post_migrate.connect(
        _migrated, sender=apps.get_app_config("beneficiaries"), dispatch_uid=f"{uid}-migrate"
    )


class ExitClassFilter(django_filters.ChoiceFilter):
    """The people with at least one ended enrolment of the chosen class, among the enrolments
    whose details the user may read (`Enrolment.objects.accompanied_by`): how another
    organisation's accompaniment ended is not theirs to learn, even through a filter."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        user = self.parent.request.user
        ended = Enrolment.objects.accompanied_by(user).filter(exit_class=value)
        return qs.filter(pk__in=ended.values("beneficiary_id"))


def exit_class_filter():
    """The beneficiaries list's "exit class" filter (an `ExitClassFilter`), which
    `ReportingConfig.ready()` registers on the list."""
    return ExitClassFilter(label=_("Exit class"), choices=ExitClass.choices)
