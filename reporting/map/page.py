"""The map of France by département (`/tableaux-de-bord/carte/`), and its table as CSV."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from reporting.tables import PERCENT, Column, Table, TableRow
from reporting.views import TablesCsvMixin

from .choropleth import cells, drawn_frames, hidden
from .forms import MapForm
from .indicators import year_filters


def department_dashboard_url(user):
    """A function of a Department giving the URL of its dashboard, or None when `user` may not
    open it (`reporting.view_department_dashboard`)."""

    def url(department):
        if not user.has_perm("reporting.view_department_dashboard", department):
            return None
        return reverse("reporting:dashboard-department", args=[department.code])

    return url


def map_table(indicator, year, rows):
    """The map's figures as a `reporting.tables.Table` (for its CSV download): one row per
    département with its figure, and for a rate its numerator and denominator."""
    columns = [Column("value", str(indicator.label), PERCENT if indicator.percent else "")]
    if indicator.percent:
        columns += [Column("numerator", _("Counted")), Column("denominator", _("Of"))]
    table_rows = []
    for cell in rows:
        reading = cell.reading
        if cell.suppressed:
            values = [cell.shown, cell.numerator_shown, cell.denominator_shown][: len(columns)]
        elif reading.label is not None:
            values = [str(reading.label)]
        else:
            values = [reading.value, reading.numerator, reading.denominator][: len(columns)]
        table_rows.append(TableRow(cell.code, str(cell.department), values))
    return Table(
        id="map",
        caption=f"{indicator.label} — {year}",
        row_header=_("Département"),
        columns=columns,
        rows=table_rows,
        chart=None,
    )


class MapView(LoginRequiredMixin, PermissionRequiredMixin, TablesCsvMixin, generic.TemplateView):
    """The choropleth of one indicator over a year, its legend and the same figures as a
    table (and CSV). National and territorial staff (`reporting.view_map`)."""

    permission_required = "reporting.view_map"
    template_name = "reporting/map/map.html"
    csv_filename = "tremplin-carte"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = MapForm(self.request.GET)
        indicator, year = form.answer()
        filters = year_filters(year)
        readings = indicator.measure(filters)
        markers = hidden(indicator, filters, year_filters(year - 1), user)
        rows = cells(indicator, readings, markers, user, department_dashboard_url(user))
        return super().get_context_data(
            form=form,
            indicator=indicator,
            year=year,
            period_label=str(year),
            rows=rows,
            any_suppressed=any(cell.suppressed for cell in rows),
            frames=drawn_frames({cell.code: cell for cell in rows}),
            legend=indicator.scale.legend(),
            tables=[map_table(indicator, year, rows)],
            page_title=_("Map of France by département"),
            **kwargs,
        )
