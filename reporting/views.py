"""Report pages: the company mobilisation funnel of a territory over a period; the CSV download
that any page of tables offers (`TablesCsvMixin`)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from territories.models import Department

from .forms import FunnelForm
from .funnel import funnel
from .tables import find, to_csv


class TablesCsvMixin:
    """For a page whose context holds `tables` (a list of `reporting.tables.Table`): the same
    URL with `?format=csv&table=<id>` answers that table as a CSV file, computed by the same
    view, so in the same scope, with the same filters and suppression. 404 for an unknown id.
    `csv_filename` names the file (the table's id is appended)."""

    csv_filename = "tremplin"

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("format") != "csv":
            return super().render_to_response(context, **response_kwargs)
        table = find(context.get("tables", []), self.request.GET.get("table", ""))
        if table is None:
            raise Http404("No such table on this page.")
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
        filename = slugify(f"{self.csv_filename}-{table.id}") or "table"
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response


class FunnelView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    permission_required = "reporting.view_funnel"
    template_name = "reporting/funnel.html"

    def get_context_data(self, **kwargs):
        form = FunnelForm(self.request.GET, user=self.request.user)
        result = territory = None
        if form.is_valid():
            department_ids = form.department_ids()
            result = funnel(form.cleaned_data["start"], form.cleaned_data["end"], department_ids)
            if department_ids is not None:
                territory = Department.objects.filter(pk__in=department_ids).order_by("code")
        return super().get_context_data(form=form, funnel=result, territory=territory, **kwargs)
