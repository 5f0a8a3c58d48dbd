"""The tables dashboards show: one `Table` is drawn as a chart, printed as an accessible data
table beside it and downloaded as CSV, so that the three always carry the same cells.

A cell is a number (int or float), None (nothing to show: not measured, or no denominator) or
anything else shown as its text: a marker of `reporting.suppression` (`SMALL`, read "< 5", or
`SECRET`, a complementary cell), or `SUPPRESSED`. Tables
are plain dataclasses: they pickle into the cache (`reporting.cache`) and carry no query.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.formats import number_format

#: How a suppressed cell reads, in pages and CSV alike (issue 13 §5).
SUPPRESSED = "< 5"

#: Units whose values are percentages (shown with one decimal and a % sign).
PERCENT = "%"

#: The chart kinds the `charts` template tags draw (DSFR Chart web components).
LINE, BAR, GAUGE = "line", "bar", "gauge"

#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column of values: `key` (stable, for tests and CSV consumers), `label` (its header)
    and `unit` ("%" for rates; anything else is a count)."""

    key: str
    label: str
    unit: str = ""


@dataclass
class TableRow:
    """A row: `key` (a code or an id), `label` (its header cell) and one cell per column.
    `unit`: the unit of its cells in columns that have none (key figures mix counts and
    rates in one column)."""

    key: object
    label: str
    cells: list
    unit: str = ""

    def units(self, columns):
        """The unit of each of its cells."""
        return [column.unit or self.unit for column in columns]


@dataclass
class Table:
    """What one chart shows, as a table.

    `id`: unique in its page, used in the CSV link (`?format=csv&table=<id>`) and as the HTML
    id; `caption`: the table's caption and the chart's title; `row_header`: the header of the
    label column; `columns`: the value columns; `rows`; `total`: an optional last row (shown in
    the table, not drawn); `chart`: LINE, BAR, GAUGE or None (a table alone); `note`: a
    sentence under the table (a definition's version, what was suppressed…)."""

    id: str
    caption: str
    row_header: str
    columns: list
    rows: list = field(default_factory=list)
    total: TableRow | None = None
    chart: str | None = BAR
    note: str = ""
    #: For a GAUGE: the column holding the achieved value and the one holding the target.
    gauge_columns: tuple = ()
    #: The columns a LINE or BAR chart draws (indices; None: all), so that counts and rates
    #: are not drawn on one axis.
    chart_columns: tuple | None = None

    @property
    def is_empty(self):
        return not self.rows

    @property
    def all_rows(self):
        return [*self.rows, self.total] if self.total is not None else list(self.rows)

    @property
    def has_suppressed(self):
        """Whether a cell is hidden (anything but a number or None)."""
        return any(
            cell is not None and not isinstance(cell, int | float)
            for row in self.all_rows
            for cell in row.cells
        )

    def column_values(self, index):
        """The values of column `index` for drawing: numbers, None for suppressed or empty
        cells (a chart cannot draw "< 5": its data table says it)."""
        return [
            row.cells[index] if isinstance(row.cells[index], int | float) else None
            for row in self.rows
        ]


def display(value, unit=""):
    """A cell as pages and CSV show it: "< 5" kept, "—" for nothing, a rate with one decimal
    and " %", a count as an integer; numbers in the active language's decimal mark, without
    grouping (so that a spreadsheet reads them as numbers)."""
    if value is None:
        return "—"
    if not isinstance(value, int | float):
        return str(value)
    # number_format cuts decimals off: round first.
    if unit == PERCENT:
        return f"{number_format(round(value, 1), 1, use_l10n=True, force_grouping=False)} %"
    if isinstance(value, float) and not value.is_integer():
        return number_format(round(value, 1), 1, use_l10n=True, force_grouping=False)
    return number_format(int(value), 0, use_l10n=True, force_grouping=False)


def neutralise(text):
    """`text` safe to open in a spreadsheet: a cell starting with a formula character gets a
    leading apostrophe (OWASP, CSV injection), so that a name such as "=HYPERLINK(…)" stays
    text."""
    text = str(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_rows(table):
    """The table as lists of strings: the header row, then each row (total last), each cell
    as the page shows it. Labels and headers are neutralised; numbers the page formatted are
    not (a negative trend stays a number)."""
    header = [neutralise(table.row_header)] + [neutralise(c.label) for c in table.columns]
    lines = [header]
    for row in table.all_rows:
        cells = [
            neutralise(cell) if isinstance(cell, str) else display(cell, unit)
            for cell, unit in zip(row.cells, row.units(table.columns), strict=True)
        ]
        lines.append([neutralise(row.label), *cells])
    return lines


def to_csv(table):
    """The CSV text of `table`: semicolon-separated (French spreadsheets use the comma as
    decimal mark), a byte-order mark so that Excel reads UTF-8, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(csv_rows(table))
    return buffer.getvalue()


def trend(current, previous):
    """The change from `previous` to `current` in percent (float), or None when either is not a
    number or `previous` is 0."""
    if not isinstance(current, int | float) or not isinstance(previous, int | float):
        return None
    if not previous:
        return None
    return 100 * (current - previous) / previous


def find(tables, table_id):
    """The table of `tables` whose id is `table_id`, or None."""
    return next((table for table in tables if table.id == table_id), None)
