"""What the map shows: for each département, one indicator's figure over a period, its colour
on the scale and whether the user may open its dashboard. Figures about people come from
`reporting.dictionary` (by département, `indicators.py`); nothing here counts people itself.

Who sees what (docs/decisions.md): national staff see every département's figures and open
every dashboard; territorial coordinators see the whole map too, their own départements
highlighted, with exactly the cells hidden that the national dashboard's "By département"
table hides for them over the same year (`hidden`: the same suppression, with the same
inputs), and open only the dashboards they may see."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reporting.dashboards import NATIONAL, Subject, View, national_department_table
from reporting.suppression import SECRET, SMALL, Hidden, known_rows, sees_outside_scope
from reporting.tables import PERCENT, display
from territories.models import Department

from .geometry import frames
from .scale import SUPPRESSED_COLOUR


@dataclass(frozen=True)
class Reading:
    """One département's figure as the indicator measured it: `value` (the number the scale
    reads: a percentage, a count or a category), with the `numerator` and `denominator` of a
    rate (None otherwise); `label`: how a category reads. Which of its counts count people is
    the `MapIndicator`'s `counts`."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Cell:
    """A département on the map and in its table: `shown` is the figure as written (`"< 5"` or
    "secret" when suppressed, "—" when there is none), `numerator_shown` and
    `denominator_shown` a rate's two counts as written (each with its own reading: "< 5",
    "secret" or the count; "—" without a rate), `colour` its fill, `url` its dashboard (None
    when the user may not open it), `highlighted` whether it is in a région of the user's
    territory."""

    department: Department
    reading: Reading
    shown: str
    colour: str
    suppressed: bool
    url: str | None
    highlighted: bool
    numerator_shown: str = "—"
    denominator_shown: str = "—"

    @property
    def code(self):
        return self.department.code

    @property
    def ratio(self):
        """The "x / y" column: numerator / denominator as written, or "—" without a rate."""
        if self.denominator_shown == "—":
            return "—"
        return f"{self.numerator_shown} / {self.denominator_shown}"


def hidden(indicator, filters, previous, user):
    """{INSEE code: (numerator's marker, denominator's marker)} of the départements whose
    figure of `indicator` (a `MapIndicator`) over `filters` (a year over all France; `previous`
    the year before) `user` may not read: exactly the cells the national dashboard's "By
    département" table hides for them over the same period
    (`reporting.dashboards.national_department_table`: the small-count rule of
    `reporting.suppression` linked across its région, département and rate tables). Each
    marker is a `reporting.suppression.Hidden`, or None for a part shown. Empty for a viewer
    who reads every count (`sees_outside_scope`) or a figure counting no people; otherwise
    5 queries (the dashboard's territorial tables, 4, and the rows the user knows)."""
    if indicator.counts is None or not sees_outside_scope(user, filters):
        return {}
    view = View(
        subject=Subject(NATIONAL),
        filters=filters,
        previous=previous,
        suppressed=True,
        known=known_rows(user),
    )
    table = national_department_table(view)
    columns = [column.key for column in table.columns]
    found = {}
    for row in table.rows:
        markers = tuple(
            row.cells[columns.index(code)] if code is not None else None
            for code in indicator.counts
        )
        markers = tuple(marker if isinstance(marker, Hidden) else None for marker in markers)
        if row.key and any(markers):
            found[row.key] = markers
    return found


def written(reading, percent):
    """The figure as the map's title and table write it."""
    if reading.label is not None:
        return str(reading.label)
    return display(reading.value, PERCENT if percent else "")


def _part(count, marker):
    """One count of a rate as written: its marker's reading when hidden, else the count."""
    if marker is not None:
        return str(marker)
    return "—" if count is None else display(count, "")


def cells(indicator, readings, markers, user, dashboard_url):
    """[Cell] of every département, by code, for `user`: `readings` ({département INSEE code:
    Reading}) coloured on `indicator.scale`, those of `markers` (`hidden`) suppressed — the
    figure reads "< 5" when one of its counts is small, else "secret", and each count keeps
    its own reading — linked to `dashboard_url(department)` (a URL or None) where the user may
    open it. One query (the départements)."""
    scope = user.scope
    own = None if scope.is_national else scope.department_ids
    departments = list(Department.objects.select_related("region").order_by("code"))
    own_regions = {d.region_id for d in departments if own is not None and d.pk in own}
    result = []
    for department in departments:
        reading = readings.get(department.code, Reading(None))
        parts = markers.get(department.code) if department.code in readings else None
        suppressed = parts is not None
        if suppressed:
            shown = str(SMALL if SMALL in parts else SECRET)
            colour = SUPPRESSED_COLOUR
        else:
            parts = (None, None)
            shown = written(reading, indicator.percent)
            colour = indicator.scale.colour(reading.value)
        rate = reading.denominator is not None
        result.append(
            Cell(
                department=department,
                reading=Reading(None) if suppressed else reading,
                shown=shown,
                colour=colour,
                suppressed=suppressed,
                url=dashboard_url(department),
                highlighted=department.region_id in own_regions,
                numerator_shown=_part(reading.numerator, parts[0]) if rate else "—",
                denominator_shown=_part(reading.denominator, parts[1]) if rate else "—",
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
