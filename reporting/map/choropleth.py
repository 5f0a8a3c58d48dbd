"""What the map shows: for each département, one indicator's figure over a period, its colour
on the scale and whether the user may open its dashboard. Figures about people come from
`reporting.dictionary` (by département, `indicators.py`); nothing here counts people itself.

Who sees what (docs/decisions.md): national staff see every département's figures and open
every dashboard; territorial coordinators see the whole map too, their own départements'
figures in full and highlighted, the others' under the small-count rule
(`reporting.suppression`), and open only the dashboards they may see."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reporting.suppression import Hidden, suppress
from reporting.tables import PERCENT, display
from territories.models import Department

from .geometry import frames
from .scale import SUPPRESSED_COLOUR


@dataclass(frozen=True)
class Reading:
    """One département's figure as the indicator measured it: `value` (the number the scale
    reads: a percentage, a count or a category), with the `numerator` and `denominator` of a
    rate (None otherwise); `people`: whether the numerator (or the value, for a count) counts
    persons, and `denominator_people` whether the denominator does (not so for a target), for
    the small-count rule; `label`: how a category reads."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    people: bool = True
    denominator_people: bool = True
    label: str | None = None


@dataclass(frozen=True)
class Cell:
    """A département on the map and in its table: `shown` is the figure as written (`"< 5"`
    when suppressed, "—" when there is none), `colour` its fill, `url` its dashboard (None when
    the user may not open it), `highlighted` whether it is in a région of the user's territory."""

    department: Department
    reading: Reading
    shown: str
    colour: str
    suppressed: bool
    url: str | None
    highlighted: bool

    @property
    def code(self):
        return self.department.code


def hidden(readings, codes):
    """{INSEE code: `reporting.suppression.Hidden`} of the `readings` ({code: Reading}) of the
    départements `codes` (those outside the viewer's scope) that the small-count rule hides:
    counts of 1 to 4 persons (a rate's numerator, or its denominator when it counts persons),
    and the complementary cells that would let one recompute them from the national total
    (which coordinators read on the national dashboard) less their own départements."""
    codes = [code for code in codes if code in readings and readings[code].people]
    columns = []
    for code in codes:
        reading = readings[code]
        if reading.numerator is None and reading.denominator is None:
            columns.append((reading.value, None))
        else:
            columns.append(
                (reading.numerator, reading.denominator if reading.denominator_people else None)
            )
    found = {}
    for values in zip(*columns, strict=True) if columns else ():
        for code, marker in zip(codes, suppress(list(values)), strict=True):
            if isinstance(marker, Hidden) and (code not in found or marker.small):
                found[code] = marker
    return found


def written(reading, percent):
    """The figure as the map's title and table write it."""
    if reading.label is not None:
        return str(reading.label)
    return display(reading.value, PERCENT if percent else "")


def cells(indicator, readings, user, dashboard_url):
    """[Cell] of every département, by code, for `user`: `readings` ({département INSEE code:
    Reading}) coloured on `indicator.scale`, suppressed outside the user's scope when small,
    linked to `dashboard_url(department)` (a URL or None) where the user may open it. One
    query (the départements)."""
    scope = user.scope
    own = None if scope.is_national else scope.department_ids
    departments = list(Department.objects.select_related("region").order_by("code"))
    own_regions = {d.region_id for d in departments if own is not None and d.pk in own}
    outside = [d.code for d in departments if own is not None and d.pk not in own]
    markers = hidden(readings, outside)
    result = []
    for department in departments:
        reading = readings.get(department.code, Reading(None))
        suppressed = department.code in markers
        if suppressed:
            shown, colour = str(markers[department.code]), SUPPRESSED_COLOUR
        else:
            shown = written(reading, indicator.percent)
            colour = indicator.scale.colour(reading.value)
        result.append(
            Cell(
                department=department,
                reading=Reading(None) if suppressed else reading,
                shown=shown,
                colour=colour,
                suppressed=suppressed,
                url=dashboard_url(department),
                highlighted=department.region_id in own_regions,
            )
        )
    return result


def drawn_frames(cells_by_code):
    """The map's frames (`geometry.frames`) with their shapes as (Cell, path data) pairs and a
    label: the frames as the template draws them."""
    labels = {"metropole": _("Metropolitan France"), "paris": _("Paris and its inner ring")}
    return [
        {
            "key": frame.key,
            "view_box": frame.view_box,
            "label": labels.get(frame.key) or cells_by_code[frame.key].department.name,
            "shapes": [(cells_by_code[code], d) for code, d in frame.paths.items()],
        }
        for frame in frames()
    ]
