"""The indicator dictionary: each indicator on small hand-made data with the number expected
written down (a person in two programmes is one person and two entries; an exit with no job; a
follow-up not answered), its breakdowns, its filters, national totals equal to the sum of the
départements, and one query per computation whatever the number of people."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from partners.models.interest import day_start
from reporting import dictionary
from reporting.dictionary import DICTIONARY, Filters, compute, compute_many
from territories.models import Department

from ..beneficiaries.factories import (
    BeneficiaryFactory,
    EnrolmentFactory,
    PathwayStepFactory,
)
from ..conventions.factories import ConventionFactory, MobilisationActionFactory, ObjectiveFactory
from ..factories import OrganisationFactory
from ..leads.factories import LeadFactory
from ..programmes.factories import ActionFactory, TargetFactory

D = datetime.date
YEAR = Filters(start=D(2026, 1, 1), end=D(2026, 12, 31))


def year(**ids):
    return Filters(start=YEAR.start, end=YEAR.end, **{k: frozenset(v) for k, v in ids.items()})


@pytest.fixture
def world(departments):
    """Two actions (a PIC one in Paris, an AGIR one in Lyon) and four people:

    - Amina (Paris, woman, born 1994): entered PIC on 19/01, exited 30/06 to a CDI started on
      15/06 with a certification; entered AGIR on 02/02, still in progress;
    - Bilal (Lyon, man, born 1999): entered AGIR on 19/01, exited 30/06 with no job but into
      his own tenancy (from the DNA);
    - Chirine (Paris, woman): referred to PIC, never entered;
    - Dawit (Paris, man): entered PIC, abandoned on 31/03 (no longer in contact).
    """
    pic = ActionFactory(title="PIC Paris", departments=[departments["75"]])
    agir = ActionFactory(title="AGIR Lyon", agir=True, departments=[departments["69"]])
    amina = BeneficiaryFactory(first_name="Amina", sex="F", department=departments["75"])
    bilal = BeneficiaryFactory(
        first_name="Bilal", department=departments["69"], birth_date=D(1999, 3, 1)
    )
    chirine = BeneficiaryFactory(first_name="Chirine", sex="F", department=departments["75"])
    dawit = BeneficiaryFactory(first_name="Dawit", department=departments["75"])
    durable = EnrolmentFactory(beneficiary=amina, action=pic, exited=True)
    job = PathwayStepFactory(enrolment=durable, job=True, start_date=D(2026, 6, 15))
    PathwayStepFactory(enrolment=durable, training=True, certified=True, end_date=D(2026, 5, 29))
    EnrolmentFactory(beneficiary=amina, action=agir, in_progress=True, entry_date=D(2026, 2, 2))
    housed = EnrolmentFactory(beneficiary=bilal, action=agir, exited=True)
    PathwayStepFactory(
        enrolment=housed, kind="housing", housing="tenancy", start_date=D(2026, 5, 4)
    )
    EnrolmentFactory(beneficiary=chirine, action=pic)
    EnrolmentFactory(beneficiary=dawit, action=pic, abandoned=True)
    return {"pic": pic, "agir": agir, "employer": job.organisation, "departments": departments}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("referrals", 5),
        ("entries", 4),  # Amina twice: one entry per programme
        ("persons_followed", 3),  # Amina once
        ("in_progress", 1),
        ("exits", 3),  # Dawit's abandonment included
        ("durable_employment", 1),
        ("transitional_employment", 0),
        ("positive_exit", 0),  # Amina's training ended before her exit
        ("other_exit", 2),  # Bilal with no job, Dawit's abandonment
        ("sortie_dynamique", 1),
        ("sortie_dynamique_rate", 33.3),
        ("abandonments", 1),
        ("certifications", 1),
        ("job_or_training", 1),
        ("housing", 1),
        ("situation_improved", 66.7),  # Amina's job, Bilal's tenancy; not Dawit
        ("employment_improved", 33.3),
        ("housing_improved", 33.3),
        # Amina: 147 days from her PIC entry (19/01 → 15/06), 133 from her AGIR entry (02/02).
        ("days_to_first_job", 140.0),
        ("capacity_use", 10.0),  # 2 entries in each action of 20 places
        ("hires", 1),
        ("durable_hires", 1),
        ("apprenticeships", 0),
    ],
)
def test_each_indicator_on_the_world(world, code, expected):
    assert compute(code, YEAR).total == expected


def test_a_person_in_two_programmes_is_one_person_and_two_entries(world):
    followed = compute("persons_followed", YEAR, by="programme")
    assert {row.key: row.value for row in followed.rows} == {"AGIR": 2, "PIC": 2}
    assert followed.total == 3  # not 4: Amina is one person
    entries = compute("entries", YEAR, by="programme")
    assert {row.key: row.value for row in entries.rows} == {"AGIR": 2, "PIC": 2}
    assert entries.total == 4


def test_an_exit_with_no_job_is_an_exit_but_no_sortie_dynamique(world):
    figure = compute("sortie_dynamique_rate", YEAR, by="action")
    rows = {row.label: (row.value, row.numerator, row.denominator) for row in figure.rows}
    assert rows == {"AGIR Lyon": (0.0, 0, 1), "PIC Paris": (50.0, 1, 2)}
    assert (figure.total, figure.numerator, figure.denominator) == (33.3, 1, 3)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("sex", {"F": ("Female", 3), "M": ("Male", 2)}),
        ("department", {"69": ("Rhône", 1), "75": ("Paris", 4)}),
        ("region", {"84": ("Auvergne-Rhône-Alpes", 1), "11": ("Île-de-France", 4)}),
        # Age on the period's last day, 31/12/2026: 32 (born 12/05/1994), Bilal 27.
        ("age_band", {"26_34": ("26 to 34", 5)}),
        ("nationality", {"AF": ("Afghanistan", 5)}),
        ("protection", {"refugee": ("Refugee", 5)}),
        ("french_level", {"A1": ("A1", 5)}),
        ("month", {D(2026, 1, 1): ("January 2026", 5)}),
        ("programme", {"AGIR": ("AGIR", 2), "PIC": ("PIC", 3)}),
    ],
)
def test_referrals_by_each_breakdown(world, by, expected):
    with translation.override("en"):
        figure = compute("referrals", YEAR, by=by)
    assert {row.key: row.value for row in figure.rows} == {
        key: value for key, (_label, value) in expected.items()
    }
    for row in figure.rows:
        assert row.label.startswith(expected[row.key][0])
    assert figure.total == 5 == sum(row.value for row in figure.rows)


def test_age_bands_are_ages_on_the_last_day_of_the_period(world):
    """Bilal, born 01/03/1999, is 25 until 28/02/2025: under 26 for a period ending then."""
    early = Filters(start=D(2025, 1, 1), end=D(2025, 2, 28))
    late = Filters(start=D(2025, 1, 1), end=D(2025, 3, 1))
    people = BeneficiaryFactory(birth_date=D(1999, 3, 1))
    EnrolmentFactory(beneficiary=people, referral_date=D(2025, 1, 6))
    assert [row.key for row in compute("referrals", early, by="age_band").rows] == ["under_26"]
    assert [row.key for row in compute("referrals", late, by="age_band").rows] == ["26_34"]


def test_exits_by_class(world):
    figure = compute("exits", YEAR, by="exit_class")
    assert [(row.key, row.value) for row in figure.rows] == [("durable", 1), ("other", 2)]


def test_drop_outs_by_reason(world):
    with translation.override("en"):
        figure = compute("abandonments", YEAR, by="abandon_reason")
    assert [(row.key, row.label, row.value) for row in figure.rows] == [
        ("no_contact", "No longer in contact", 1)
    ]


@pytest.mark.parametrize(
    ("filters", "entries", "followed"),
    [
        ({"departments": ["75"]}, 3, 2),  # Amina (twice) and Dawit live in Paris
        ({"departments": ["69"]}, 1, 1),
        ({"departments": []}, 0, 0),
        ({"programmes": ["AGIR"]}, 2, 2),
        ({"actions": ["pic"]}, 2, 2),
        ({"organisations": ["pic_operator"]}, 2, 2),
    ],
)
def test_filters(world, filters, entries, followed):
    ids = {
        "75": world["departments"]["75"].pk,
        "69": world["departments"]["69"].pk,
        "AGIR": world["agir"].programme_id,
        "pic": world["pic"].pk,
        "pic_operator": world["pic"].operator_id,
    }
    asked = year(**{name: [ids[value] for value in values] for name, values in filters.items()})
    assert compute("entries", asked).total == entries
    assert compute("persons_followed", asked).total == followed


def test_a_period_counts_its_days_both_included(world):
    exits_on_30_june = Filters(start=D(2026, 6, 30), end=D(2026, 6, 30))
    assert compute("exits", exits_on_30_june).total == 2
    assert compute("exits", Filters(start=D(2026, 7, 1), end=D(2026, 12, 31))).total == 0


def test_hires_filtered_by_employer(world):
    assert compute("hires", year(organisations=[world["employer"].pk])).total == 1
    assert compute("hires", year(organisations=[world["pic"].operator_id])).total == 0


def test_capacity_use_by_programme(world):
    figure = compute("capacity_use", YEAR, by="programme")
    assert [(row.key, row.value, row.numerator, row.denominator) for row in figure.rows] == [
        ("AGIR", 10.0, 2, 20),
        ("PIC", 10.0, 2, 20),
    ]


#: A target's or an objective's period ended in 2026, whatever today is (2026's entries were
#: all made by then).
ENDED = D(2026, 6, 30)


def test_targets_attainment(world):
    TargetFactory(action=world["pic"], value=2, period_end=ENDED)  # 2 entries: attained
    TargetFactory(action=world["agir"], value=5, period_end=ENDED)  # 2 of 5
    TargetFactory(action=world["agir"], indicator="entries", value=1, period_end=D(2027, 6, 30))
    figure = compute("targets_attainment", YEAR, by="programme")
    assert (figure.total, figure.numerator, figure.denominator) == (50.0, 1, 2)
    assert [(row.key, row.value) for row in figure.rows] == [("AGIR", 0.0), ("PIC", 100.0)]


# --- Follow-ups: due, answered, not answered ---------------------------------------------------


def _exited_on_31_july_2025(situation):
    """An enrolment exited on 31/07/2025, its follow-ups scheduled and the one at 6 months
    (due on 31/01/2026) recorded on 02/02/2026 with `situation` (a job on a CDI when
    "employed"; None: never recorded)."""
    enrolment = EnrolmentFactory(
        referral_date=D(2025, 1, 6),
        entry_date=D(2025, 1, 13),
        status="exited",
        exit_date=D(2025, 7, 31),
        exit_reason="completed",
    )
    enrolment.schedule_follow_ups()
    if situation:
        enrolment.follow_ups.get(months=6).record(
            situation, "cdi" if situation == "employed" else "", on=D(2026, 2, 2)
        )
    return enrolment


def test_employment_after_exit_of_follow_ups_due_and_of_those_answered(departments):
    """Four exits on 31/07/2025, their 6-month follow-ups due on 31/01/2026: one employed, one
    seeking a job, one "no news", one never recorded (not answered)."""
    first_half = Filters(start=D(2026, 1, 1), end=D(2026, 6, 30))
    for situation in ["employed", "job_seeking", "no_news", None]:
        _exited_on_31_july_2025(situation)
    of_due = compute("employed_6_months_of_due", first_half)
    assert (of_due.total, of_due.numerator, of_due.denominator) == (25.0, 1, 4)
    of_answered = compute("employed_6_months_of_answered", first_half)
    assert (of_answered.total, of_answered.numerator, of_answered.denominator) == (50.0, 1, 2)
    # The 12-month follow-ups fall due on 31/07/2026: none in the first half.
    assert compute("employed_12_months_of_due", first_half).total is None
    # By exit: the exits of 2025 with a job at 6 months.
    exits_2025 = Filters(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert compute("employed_6_months", exits_2025).total == 1


def test_the_follow_ups_of_a_record_merged_into_another_count_for_nothing(departments):
    """Two exits on 31/07/2025 whose 6-month follow-ups found a job; one person's record is
    then merged into the other's (its rows not moved yet): its follow-up counts for nothing,
    counted alone, broken down, or side by side with other indicators."""
    from beneficiaries.models import Beneficiary

    first_half = Filters(start=D(2026, 1, 1), end=D(2026, 6, 30))
    enrolments = [_exited_on_31_july_2025("employed") for _n in range(2)]
    codes = ["employed_6_months_of_due", "employed_6_months_of_answered"]
    assert compute(codes[0], first_half).denominator == 2
    kept, merged = (enrolment.beneficiary for enrolment in enrolments)
    Beneficiary.objects.filter(pk=merged.pk).update(merged_into=kept)
    together = dictionary.compute_together_many(codes, {"half": first_half})
    for code in codes:
        alone, by_programme = compute(code, first_half), compute(code, first_half, by="programme")
        assert (alone.numerator, alone.denominator) == (1, 1), code
        assert (by_programme.numerator, by_programme.denominator) == (1, 1), code
        assert together[code]["half"] == alone, code


def test_a_follow_up_not_due_yet_is_not_counted(db):
    today = timezone.localdate()
    enrolment = EnrolmentFactory(
        referral_date=today - datetime.timedelta(days=300),
        entry_date=today - datetime.timedelta(days=300),
        status="exited",
        exit_date=today - datetime.timedelta(days=170),
        exit_reason="completed",
    )
    enrolment.schedule_follow_ups()
    due = enrolment.follow_ups.get(months=6).due_date
    this_year = Filters(start=today - datetime.timedelta(days=30), end=due)
    assert due > today
    assert compute("employed_6_months_of_due", this_year).denominator == 0


# --- Companies ----------------------------------------------------------------------------


@pytest.fixture
def companies(departments):
    """In 2026: a national convention with two parties (Bâtisseurs in Lyon, Groupe National in
    Paris), a draft one; three mobilisation actions (a national one with 30 participants, one
    in Lyon with 12, one in Paris with 8) and a lead in Lyon that became a convention and one
    in Paris not pursued."""
    lyon, paris = departments["69"], departments["75"]
    builders = OrganisationFactory(name="Bâtisseurs", department=lyon)
    national = OrganisationFactory(name="Groupe National", department=paris)
    ConventionFactory(parties=[builders, national], status="signed", signed_on=D(2025, 12, 1))
    ConventionFactory(parties=[OrganisationFactory()])  # a draft
    MobilisationActionFactory(attendees=[builders, national], participants=30)
    MobilisationActionFactory(attendees=[builders], participants=12, departments=[lyon])
    MobilisationActionFactory(participants=8, departments=[paris], date=D(2026, 4, 2))
    converted = LeadFactory(department=lyon, status="convention")
    converted.submitted_at = day_start(D(2026, 2, 3))
    converted.save()
    LeadFactory(department=paris, not_pursued=True, submitted_at=day_start(D(2026, 5, 5)))
    return {"builders": builders, "national": national, "lyon": lyon, "paris": paris}


@pytest.mark.parametrize(
    ("code", "everywhere", "in_lyon"),
    [
        ("mobilisation_actions", 3, 2),  # the national action counts in Lyon
        ("event_participants", 50, 42),
        ("organisations_engaged", 4, 2),  # two parties, two leads' companies; half in Lyon
        ("active_conventions", 1, 1),  # the national convention covers Lyon
        ("leads", 2, 1),
        ("lead_conversion", 50.0, 100.0),
    ],
)
def test_company_indicators(companies, code, everywhere, in_lyon):
    assert compute(code, YEAR).total == everywhere
    assert compute(code, year(departments=[companies["lyon"].pk])).total == in_lyon


def test_company_indicators_filtered_by_organisation(companies):
    builders = year(organisations=[companies["builders"].pk])
    assert compute("event_participants", builders).total == 42
    assert compute("active_conventions", builders).total == 1
    assert compute("leads", builders).total == 0


def test_objectives_attained(companies):
    convention = companies["builders"].conventions.get()
    ObjectiveFactory(convention=convention, target=40, period_end=ENDED)  # 50 participants
    ObjectiveFactory(convention=convention, target=60, period_end=ENDED)
    figure = compute("objectives_attained", YEAR)
    assert (figure.total, figure.numerator, figure.denominator) == (50.0, 1, 2)


def test_objectives_attained_for_many_filters_are_measured_together(
    companies, django_assert_num_queries
):
    """`compute_together_many` loads and measures the objectives of every Filters at once (the
    period and the previous one; a scope and a territory): the figures of `compute` one
    Filters at a time, in the queries of one computation."""
    convention = companies["builders"].conventions.get()
    ObjectiveFactory(convention=convention, target=40, period_end=ENDED)  # 50 participants
    ObjectiveFactory(convention=convention, target=60, period_end=ENDED)
    ObjectiveFactory(
        convention=convention, target=1000, period_end=ENDED, department=companies["lyon"]
    )
    ObjectiveFactory(
        convention=convention, target=1000, period_start=D(2025, 1, 1), period_end=D(2025, 6, 30)
    )
    asked = {
        "now": YEAR,
        "before": Filters(start=D(2025, 1, 1), end=D(2025, 12, 31)),
        "paris": year(departments=[companies["paris"].pk]),  # not the objective in Lyon
        "builders": year(organisations=[companies["builders"].pk]),
        "national": year(organisations=[companies["national"].pk]),
    }
    with django_assert_num_queries(QUERIES["objectives_attained"]):
        together = dictionary.compute_together_many(["objectives_attained"], asked)
    figures = together["objectives_attained"]
    assert figures == {key: compute("objectives_attained", f) for key, f in asked.items()}
    assert {key: (f.numerator, f.denominator) for key, f in figures.items()} == {
        "now": (1, 3),
        "before": (0, 1),
        "paris": (1, 2),
        "builders": (1, 3),
        "national": (1, 3),
    }


def test_a_target_or_objective_still_running_is_neither_attained_nor_missed(world, companies):
    """Ended in the period means before today: a period ending today or later, even within the
    period asked, has not ended (its progress is behind or ahead of its pace, not missed)."""
    today = timezone.localdate()
    around = Filters(
        start=today - datetime.timedelta(days=60), end=today + datetime.timedelta(days=60)
    )
    convention = companies["builders"].conventions.get()
    for days in (-1, 0, 30):  # ended yesterday; ends today; ends in a month
        end = today + datetime.timedelta(days=days)
        start = end - datetime.timedelta(days=100)
        TargetFactory(action=world["pic"], value=1000, period_start=start, period_end=end)
        ObjectiveFactory(convention=convention, target=1000, period_start=start, period_end=end)
    for code in ("targets_attainment", "objectives_attained"):
        figure = compute(code, around)
        assert (figure.total, figure.numerator, figure.denominator) == (0.0, 0, 1), code


# --- Totals, versions, queries ------------------------------------------------------------


ADDITIVE = sorted(
    code
    for code, indicator in DICTIONARY.items()
    if indicator.additive and "department" in indicator.breakdowns
)


@pytest.mark.parametrize("code", ADDITIVE)
def test_national_total_is_the_sum_of_the_departements(world, companies, code):
    """The départements of the data one by one, and all the others at once: a partition."""
    with_data = [world["departments"][code].pk for code in ("75", "69", "13", "01")]
    others = Department.objects.exclude(pk__in=with_data).values_list("pk", flat=True)
    parts = [year(departments=[pk]) for pk in with_data] + [year(departments=others)]
    national = compute(code, YEAR).total
    assert national == sum(compute(code, part).total for part in parts)
    assert national == sum(row.value for row in compute(code, YEAR, by="department").rows)


def test_every_figure_states_the_version_that_computed_it(world, monkeypatch):
    entries = dictionary.get("entries")
    newer = dataclasses.replace(entries, version=2, valid_from=D(2027, 1, 1))
    monkeypatch.setitem(dictionary.VERSIONS, "entries", (entries, newer))
    monkeypatch.setitem(dictionary.DICTIONARY, "entries", newer)
    assert compute("entries", YEAR).version == 2
    assert dictionary.get("entries", version=1).compute(YEAR).version == 1
    with pytest.raises(KeyError):
        dictionary.get("entries", version=3)
    with pytest.raises(KeyError):
        dictionary.get("nothing")


def test_a_breakdown_the_indicator_does_not_allow_is_refused(db):
    with pytest.raises(ValueError):
        compute("active_conventions", YEAR, by="sex")


def test_compute_many_measures_many_filters_in_one_query(world, django_assert_num_queries):
    asked = {"pic": year(actions=[world["pic"].pk]), "agir": year(actions=[world["agir"].pk])}
    with django_assert_num_queries(1):
        figures = compute_many("durable_employment", asked, share_of_exits={"agir"})
    assert figures["pic"].total == 1
    assert (figures["agir"].total, figures["agir"].unit) == (0.0, "percent")


def test_a_breakdown_total_equals_the_whole_count(world):
    # Totals of non-distinct counts are the sum of their cells (no second pass over the rows).
    for code in ("entries", "exits", "sortie_dynamique_rate", "days_to_first_job"):
        whole = compute(code, YEAR)
        for by in ("sex", "programme", "month"):
            broken = compute(code, YEAR, by=by)
            assert (broken.total, broken.numerator, broken.denominator) == (
                whole.total,
                whole.numerator,
                whole.denominator,
            ), (code, by)


#: Attainments read their targets (or objectives, and their parties), then measure them with one
#: query per indicator: here one.
QUERIES = {"targets_attainment": 2, "objectives_attained": 3}


@pytest.mark.parametrize("code", sorted(DICTIONARY))
def test_one_query_per_computation_whatever_the_number_of_people(
    world, companies, code, django_assert_num_queries
):
    indicator = dictionary.get(code)
    TargetFactory(action=world["pic"], indicator="entries", period_end=ENDED)
    ObjectiveFactory(
        convention=companies["builders"].conventions.get(), indicator="hires", period_end=ENDED
    )
    for by in (None, *indicator.breakdowns):
        with django_assert_num_queries(QUERIES.get(code, 1)):
            few = compute(code, YEAR, by=by)
    asked = (None, *indicator.breakdowns[-2:])
    for _n in range(3):
        enrolment = EnrolmentFactory(action=world["pic"], exited=True)
        PathwayStepFactory(enrolment=enrolment, job=True, organisation=world["employer"])
        LeadFactory(department=companies["lyon"])
    for by in asked:
        with django_assert_num_queries(QUERIES.get(code, 1)):
            many = compute(code, YEAR, by=by)
        assert many.code == code and many.version == indicator.version
    assert few.code == code


def _codes_by(by):
    return [code for code, indicator in DICTIONARY.items() if by in indicator.breakdowns]


@pytest.mark.parametrize(
    "by", ["programme", "action", "region", "department", "sex", "age_band", "month"]
)
def test_figures_computed_together_are_the_figures_computed_one_by_one(world, companies, by):
    """Every indicator allowing the breakdown, on people and companies, with filters that
    leave some cells empty for some of them: the same rows, totals, numerators."""
    codes = _codes_by(by)
    for filters in (YEAR, year(departments=[world["departments"]["75"].pk])):
        alone = {code: compute(code, filters, by=by) for code in codes}
        with dictionary.computed_together(codes, filters, by):
            together = {code: compute(code, filters, by=by) for code in codes}
        assert together == alone


PERSON_BREAKDOWNS = ["region", "department", "sex", "age_band", "nationality", "protection"]


def test_figures_computed_across_are_the_figures_computed_one_by_one(world, companies):
    """Every indicator allowing the breakdowns by the person (people, their enrolments, steps
    and follow-ups), counted in one grouping and summed per breakdown: the same rows, totals
    and numerators as one query per breakdown, including the distinct people (Amina, in two
    programmes, is one person in one cell)."""
    codes = [code for code in DICTIONARY if set(PERSON_BREAKDOWNS) <= set(_codes_of(code))]
    assert {"entries", "persons_followed", "sortie_dynamique_rate", "hires"} <= set(codes)
    for filters in (YEAR, year(departments=[world["departments"]["75"].pk])):
        alone = {
            (code, by): compute(code, filters, by=by) for code in codes for by in PERSON_BREAKDOWNS
        }
        with dictionary.computed_across(codes, filters, PERSON_BREAKDOWNS):
            across = {
                (code, by): compute(code, filters, by=by)
                for code in codes
                for by in PERSON_BREAKDOWNS
            }
        assert across == alone
    assert alone[("persons_followed", "region")].total == 2  # Paris alone: Amina, Dawit


def _codes_of(code):
    return DICTIONARY[code].breakdowns


def test_comparisons_by_territory_and_group_of_people_are_counted_in_two_queries(
    world, django_assert_num_queries
):
    """One query for the facts, one for the distinct people (counted from their own rows)."""
    codes = ["entries", "persons_followed", "exits", "sortie_dynamique", "sortie_dynamique_rate"]
    bys = ["region", "department", "sex"]
    with django_assert_num_queries(2), dictionary.computed_across(codes, YEAR, bys):
        figures = {by: [compute(code, YEAR, by=by) for code in codes] for by in bys}
    for by in bys:
        assert [figure.total for figure in figures[by]] == [4, 3, 3, 1, 33.3]
    assert [(row.key, row.value) for row in figures["sex"][1].rows] == [("F", 1), ("M", 2)]
    # A breakdown that does not follow the person (Amina is in two programmes) is left to
    # `compute`, as is any breakdown outside the block's.
    with dictionary.computed_across(codes, YEAR, ["programme"]), django_assert_num_queries(1):
        assert compute("persons_followed", YEAR, by="programme").total == 3


def test_a_comparison_inside_computed_across_takes_its_distinct_totals_from_it(world, companies):
    """By programme (not a breakdown by the person), inside a block that counted the same
    figures by territory: the same figures as alone, without a second pass (UNION ALL) for
    the total of distinct people, which the territories' cells gave."""
    codes = ["entries", "persons_followed", "exits", "sortie_dynamique", "sortie_dynamique_rate"]
    for filters in (YEAR, year(departments=[world["departments"]["75"].pk])):
        alone = {code: compute(code, filters, by="programme") for code in codes}
        # Entered in order: the block by territory has counted before the capture starts.
        with (
            dictionary.computed_across(codes, filters, ["region", "sex"]),
            CaptureQueriesContext(connection) as queries,
            dictionary.computed_together(codes, filters, "programme"),
        ):
            together = {code: compute(code, filters, by="programme") for code in codes}
        assert together == alone
        assert len(queries) == 1 and "UNION" not in queries[0]["sql"]
    assert alone["persons_followed"].total == 2  # Paris: Amina (in two programmes), Dawit


def test_compared_indicators_are_counted_in_one_query(world, django_assert_num_queries):
    codes = ["entries", "persons_followed", "exits", "sortie_dynamique"]
    with django_assert_num_queries(1), dictionary.computed_together(codes, YEAR, "region"):
        figures = [compute(code, YEAR, by="region") for code in codes]
    assert [figure.total for figure in figures] == [4, 3, 3, 1]
    # Another breakdown or period inside the block is computed as usual.
    with dictionary.computed_together(codes, YEAR, "region"), django_assert_num_queries(1):
        assert compute("entries", YEAR, by="sex").total == 4
    # Months of entries and months of exits are not the same cells: one query each.
    months = dictionary.computed_together(["entries", "exits"], YEAR, "month")
    with months, django_assert_num_queries(2):
        compute("entries", YEAR, by="month")
        compute("exits", YEAR, by="month")


@pytest.mark.parametrize("by", ["programme", "region", "sex", "age_band", "nationality"])
def test_enrolment_indicators_by_a_breakdown_are_counted_in_one_query(
    world, by, django_assert_num_queries
):
    codes = [
        code
        for code in _codes_by(by)
        if getattr(DICTIONARY[code].measure, "queryset", None) is dictionary._enrolments
    ]
    assert len(codes) > 15
    with django_assert_num_queries(1), dictionary.computed_together(codes, YEAR, by):
        for code in codes:
            compute(code, YEAR, by=by)


def test_key_figures_of_many_indicators_are_counted_one_query_per_kind_of_row(
    world, companies, django_assert_num_queries
):
    """Every indicator with a measure, this year and last year: the figures of `compute_many`
    indicator by indicator, those reading the same rows (enrolments, steps, leads…) in one
    query."""
    codes = [code for code, indicator in DICTIONARY.items() if indicator.measure is not None]
    asked = {"now": YEAR, "before": Filters(start=D(2025, 1, 1), end=D(2025, 12, 31))}
    kinds = {DICTIONARY[code].measure.queryset for code in codes}
    assert len(kinds) < len(codes) / 2
    with django_assert_num_queries(len(kinds)):
        together = dictionary.compute_together_many(codes, asked)
    assert together == {code: compute_many(code, asked) for code in codes}
    assert together["entries"]["now"] == compute("entries", YEAR)


def test_the_rows_left_out_before_aggregating_count_for_nothing(world, companies):
    """`measures.counted_rows` keeps only the rows meeting a numerator or denominator: every
    indicator's aggregates over those rows equal its aggregates over all the rows of its
    scope and period (`where`), for this year, last year and Paris alone."""
    from reporting import measures

    checked = 0
    for code, indicator in DICTIONARY.items():
        m = indicator.measure
        if type(m) is not measures.Measure:
            continue
        last_year = Filters(start=D(2025, 1, 1), end=D(2025, 12, 31))
        for filters in (YEAR, last_year, year(departments=[world["departments"]["75"].pk])):
            aggregates = m.aggregates(filters)

            def aggregated(rows, aggregates=aggregates):
                # As `measures.run_many` aggregates (conditions may read aliases).
                everything = rows.order_by().annotate(everything=Value(True))
                return everything.values("everything").annotate(**aggregates).get()

            every = aggregated(m.queryset().filter(m.where(filters)))
            counted = aggregated(m.queryset().filter(measures.counted_rows(m, filters)))
            assert counted == every, code
        checked += 1
    assert checked > 30
