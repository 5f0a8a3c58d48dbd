"""The indicator catalogue: one definition per code, shared by programme targets and convention
objectives."""

from config.vocabularies import OBJECTIVE_INDICATORS, TARGET_INDICATORS, Indicator
from partners.models import ConventionObjective
from programmes.models import Target
from reporting.indicators import CATALOGUE, Measure, measure


def test_every_indicator_code_has_one_definition():
    assert set(CATALOGUE) == set(Indicator)
    for code, definition in CATALOGUE.items():
        assert definition.code == code
        assert definition.label == code.label
        assert definition.unit


def test_targets_and_objectives_choose_among_the_same_codes():
    assert dict(Target._meta.get_field("indicator").choices) == dict(TARGET_INDICATORS)
    assert dict(ConventionObjective._meta.get_field("indicator").choices) == dict(
        OBJECTIVE_INDICATORS
    )
    assert set(dict(TARGET_INDICATORS)) | set(dict(OBJECTIVE_INDICATORS)) == set(Indicator.values)


def test_only_event_participants_are_measured_so_far():
    """Everything else counts beneficiaries' pathway steps, not recorded yet. When one becomes
    measured, `reporting.progress.targets_progress` must compute it too."""
    assert [code for code, definition in CATALOGUE.items() if definition.measured] == [
        Indicator.EVENT_PARTICIPANTS
    ]


def test_an_indicator_not_measured_yet_answers_none_for_every_measure():
    measures = [
        Measure(key=key, organisations=frozenset({1}), start=None, end=None) for key in "ab"
    ]
    assert measure(Indicator.HIRES, measures) == {"a": None, "b": None}
