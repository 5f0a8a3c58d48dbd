"""The chart components: a chart (DSFR Chart web component) with its accessible data table and
a CSV link beside it, the CSV holding exactly the table's cells, neutralised against formula
injection."""

import csv
import io
import json

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from reporting.tables import (
    BAR,
    GAUGE,
    LINE,
    PERCENT,
    SUPPRESSED,
    Column,
    Table,
    TableRow,
    csv_rows,
    display,
    neutralise,
    to_csv,
    trend,
)

from .html import figures


def entries_by_sex(chart=BAR):
    return Table(
        id="entries-by-sex",
        caption="Entries by sex",
        row_header="Sex",
        columns=[Column("entries", "Entries"), Column("rate", "Sorties dynamiques", PERCENT)],
        rows=[
            TableRow("f", "Women", [12, 41.666]),
            TableRow("m", "Men", [SUPPRESSED, None]),
            TableRow("x", '=HYPERLINK("http://evil")', [SUPPRESSED, 50.0]),
        ],
        total=TableRow("total", "Total", [20, 45.0]),
        chart=chart,
    )


def render(source, **context):
    request = RequestFactory().get("/tableaux-de-bord/", {"period": "year", "year": "2026"})
    with translation.override("en"):
        return Template("{% load charts %}" + source).render(
            Context({"request": request, **context})
        )


def test_a_bar_chart_comes_with_its_table_and_csv_link():
    output = render("{% chart table %}", table=entries_by_sex())
    page = figures(output)
    [(tag, bar, section)] = page.charts
    assert (tag, section) == ("bar-chart", "entries-by-sex")
    assert json.loads(bar["x"]) == [["Women", "Men", '=HYPERLINK("http://evil")']]
    # Suppressed and empty cells are gaps in the chart; the table says "< 5".
    assert json.loads(bar["y"]) == [[12, None, None], [41.666, None, 50.0]]
    assert json.loads(bar["name"]) == ["Entries", "Sorties dynamiques"]
    # The chart repeats its table: assistive technologies read the table.
    assert page.hidden == {"entries-by-sex"}

    table = page.tables["entries-by-sex-table"]
    assert table["caption"] == "Entries by sex"
    assert table["header"] == ["Sex", "Entries", "Sorties dynamiques"]
    assert table["scopes"] == ["col"] * 3 + ["row"] * 4
    assert table["rows"] == [
        ["Women", "12", "41.7 %"],
        ["Men", "< 5", "—"],
        ['=HYPERLINK("http://evil")', "< 5", "50.0 %"],
        ["Total", "20", "45.0 %"],
    ]
    assert "fewer than 5 people" in output
    assert page.downloads == [
        "/tableaux-de-bord/?period=year&year=2026&format=csv&table=entries-by-sex"
    ]


def test_a_line_chart_repeats_its_x_axis_per_series():
    [(tag, line, _section)] = figures(
        render("{% chart table %}", table=entries_by_sex(LINE))
    ).charts
    assert tag == "line-chart"
    assert json.loads(line["x"]) == [["Women", "Men", '=HYPERLINK("http://evil")']] * 2


def test_a_gauge_per_target_with_its_table():
    table = Table(
        id="targets",
        caption="Targets",
        row_header="Target",
        columns=[Column("achieved", "Achieved"), Column("target", "Target")],
        rows=[TableRow(1, "Entries 2026", [30, 60]), TableRow(2, "Hidden", [SUPPRESSED, 10])],
        chart=GAUGE,
        gauge_columns=(0, 1),
    )
    page = figures(render("{% chart table %}", table=table))
    gauges = [attrs for tag, attrs, _section in page.charts if tag == "gauge-chart"]
    assert [(g["value"], g["init"], g["target"]) for g in gauges] == [("30", "0", "60")]
    assert page.tables["targets-table"]["rows"] == [
        ["Entries 2026", "30", "60"],
        ["Hidden", "< 5", "10"],
    ]


def test_an_empty_table_says_what_to_do():
    table = Table(id="empty", caption="Nothing", row_header="Row", columns=[Column("n", "N")])
    output = render("{% chart table %}", table=table)
    assert "Try a longer period" in output
    assert not figures(output).tables


def test_chart_assets_load_the_vendored_module_with_the_nonce():
    request = RequestFactory().get("/")
    request.csp_nonce = "abc"
    output = Template("{% load charts %}{% chart_assets %}").render(Context({"request": request}))
    assert 'src="/static/vendor/dsfr-chart/DSFRChart.js" nonce="abc"' in output
    assert 'type="module"' in output


def test_csv_holds_the_table_cells_neutralised():
    with translation.override("fr"):
        text = to_csv(entries_by_sex())
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [
        ["Sex", "Entries", "Sorties dynamiques"],
        ["Women", "12", "41,7 %"],
        ["Men", "< 5", "—"],
        ['\'=HYPERLINK("http://evil")', "< 5", "50,0 %"],
        ["Total", "20", "45,0 %"],
    ]


def test_formula_characters_are_neutralised():
    for text in ("=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Rhône (69)") == "Rhône (69)"
    # Numbers formatted by the page are not touched, even negative.
    table = Table("t", "T", "Row", [Column("n", "N")], [TableRow(1, "a", [-3])], chart=None)
    assert csv_rows(table)[1] == ["a", "-3"]


def test_display_and_trend():
    with translation.override("en"):
        assert display(1234) == "1234"
        assert display(12.0) == "12"
        assert display(33.333, PERCENT) == "33.3 %"
        assert display(None) == "—"
        assert display(SUPPRESSED) == "< 5"
    assert trend(120, 100) == 20
    assert trend(5, 0) is None
    assert trend(SUPPRESSED, 10) is None
