"""What the map shows: for each département, one indicator's figure over a period, its colour
on the scale and whether the user may open its dashboard. Every figure comes from
`reporting.dictionary.compute` (by département); nothing here counts people itself.

Who sees what (docs/decisions.md): national staff see every département's figures and open
every dashboard; territorial coordinators see the whole map too, their own départements'
figures in full and highlighted, the others' under the small-count rule
(`reporting.suppression`), and open only the dashboards they may see."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reporting.tables import PERCENT, SUPPRESSED, display
from territories.models import Department

from .geometry import frames
from .scale import SUPPRESSED_COLOUR

#: Counts of persons from 1 to this minus one are hidden outside their scope (DESIGN.md §5).
SMALL_COUNT = 5


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
    the user may not open it), `highlighted` whether it is in the user's own territory."""

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


def hidden(reading):
    """Whether the small-count rule hides `reading` from someone outside its département: a
    count of persons, or a rate's numerator or denominator, of 1 to 4."""
    if not reading.people:
        return False
    if reading.numerator is None and reading.denominator is None:
        counts = [reading.value]
    else:
        counts = [reading.numerator]
        if reading.denominator_people:
            counts.append(reading.denominator)
    return any(count is not None and 0 < count < SMALL_COUNT for count in counts)


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
    result = []
    for department in departments:
        reading = readings.get(department.code, Reading(None))
        suppressed = own is not None and department.pk not in own and hidden(reading)
        if suppressed:
            shown, colour = SUPPRESSED, SUPPRESSED_COLOUR
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
