"""Charts with their data table and CSV download, for any page that shows a
`reporting.tables.Table` (dashboards, the map, home pages):

    {% load charts %}
    {% chart table %}          the chart (DSFR Chart web component), its data table beside it
                               and the CSV link: the whole block
    {% data_table table %}     the accessible table alone (fr-table, caption, scope="col")
    {% csv_link table %}       the "Download (CSV)" link: this page's URL with
                               ?format=csv&table=<id>, same filters
    {% chart_assets %}         the vendored DSFR Chart script and stylesheet, once per page
                               (in the `extra_js` block)

The view answering the page answers its CSV too (`reporting.views.TablesCsvMixin`), from the
same tables, so a download holds exactly the cells of the table beside the chart.
"""

import json

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

from reporting.tables import BAR, GAUGE, LINE, PERCENT, display

register = template.Library()


def _json(values):
    return json.dumps(values, ensure_ascii=False)


def chart_attributes(table):
    """The attributes of the DSFR Chart element drawing `table` (JSON strings, as the web
    components read them): x the row labels, y one list per column, name the column labels.
    Suppressed or empty cells are drawn as gaps (null); the data table shows them."""
    labels = [str(row.label) for row in table.rows]
    drawn = table.chart_columns
    if drawn is None:
        drawn = range(len(table.columns))
    series = [table.column_values(index) for index in drawn]
    names = [str(table.columns[index].label) for index in drawn]
    attributes = {"y": _json(series), "name": _json(names)}
    if table.chart == LINE:
        attributes["x"] = _json([labels] * len(series))
    else:
        attributes["x"] = _json([labels])
    units = {table.columns[index].unit for index in drawn}
    if units == {PERCENT}:
        attributes["unit-tooltip"] = "%"
    return attributes


def gauges(table):
    """One gauge per row: (label, achieved, target, percent shown) for a GAUGE table whose
    `gauge_columns` name the achieved and target columns; rows without a number to draw are
    left to the data table."""
    achieved_index, target_index = table.gauge_columns
    drawn = []
    for row in table.rows:
        achieved, target = row.cells[achieved_index], row.cells[target_index]
        if isinstance(achieved, int | float) and isinstance(target, int | float) and target > 0:
            drawn.append(
                {
                    "label": row.label,
                    "value": achieved,
                    "target": target,
                    "text": _("%(achieved)s of %(target)s")
                    % {"achieved": display(achieved), "target": display(target)},
                }
            )
    return drawn


@register.inclusion_tag("reporting/includes/chart.html", takes_context=True)
def chart(context, table, heading_level=3, csv_path=None):
    """The whole block: a heading (the caption), the chart, its data table and the CSV link.
    `heading_level`: 2 to 4, the heading's level in the page's outline; `csv_path`: the page
    that answers the table as CSV, when not this one (the home page's chart)."""
    return {
        "csv_path": csv_path,
        "table": table,
        "heading_tag": f"h{heading_level}",
        "kind": table.chart,
        "attributes": chart_attributes(table) if table.chart in (LINE, BAR) else {},
        "gauges": gauges(table) if table.chart == GAUGE else [],
        "request": context["request"],
        "LINE": LINE,
        "BAR": BAR,
        "GAUGE": GAUGE,
    }


def _shown(table, row):
    units = row.units(table.columns)
    cells = [display(cell, unit) for cell, unit in zip(row.cells, units, strict=True)]
    return {"key": row.key, "label": row.label, "cells": cells, "values": row.cells}


@register.simple_tag
def table_rows(table):
    """The rows of `table` as pages show them: dicts with `key`, `label`, `cells` (texts) and
    `values` (the raw cells), for layouts other than a table (key-figure tiles)."""
    return [_shown(table, row) for row in table.rows]


@register.inclusion_tag("reporting/includes/data_table.html", takes_context=True)
def data_table(context, table):
    """The table alone, DSFR markup, each cell as `reporting.tables.display` writes it."""
    rows = [_shown(table, row) for row in table.rows]
    total = _shown(table, table.total) if table.total is not None else None
    return {"table": table, "rows": rows, "total": total, "request": context["request"]}


@register.simple_tag(takes_context=True)
def csv_url(context, table):
    """This page's URL, same query string, asking for `table` as CSV; or `csv_path`'s, when
    the context names another page that answers it."""
    request = context["request"]
    other = context.get("csv_path")
    query = QueryDict(mutable=True) if other else request.GET.copy()
    query["format"] = "csv"
    query["table"] = table.id
    return f"{other or request.path}?{query.urlencode()}"


@register.inclusion_tag("reporting/includes/csv_link.html", takes_context=True)
def csv_link(context, table):
    """The DSFR download link of `table` as CSV."""
    return {"table": table, "url": csv_url(context, table)}


@register.inclusion_tag("reporting/includes/chart_assets.html", takes_context=True)
def chart_assets(context):
    """The vendored DSFR Chart stylesheet and module script, with the page's CSP nonce."""
    return {"request": context["request"]}


@register.filter
def chart_attrs(attributes):
    """Items of a chart's attributes, for the include to write (values escaped there)."""
    return attributes.items()
