"""The indicator catalogue: one definition per code, shared by programme targets and convention
objectives."""

from config.vocabularies import OBJECTIVE_INDICATORS, TARGET_INDICATORS, Indicator
from partners.models import ConventionObjective
from programmes.models import Target
from reporting.indicators import CATALOGUE


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


def test_every_indicator_is_measured():
    """Pathways are recorded: every target and objective reads real figures."""
    assert all(definition.measured for definition in CATALOGUE.values())
