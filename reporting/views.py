"""Report pages: the company mobilisation funnel of a territory over a period, and the public
indicator dictionary (/indicateurs/)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from territories.models import Department

from . import dictionary
from .forms import FunnelForm
from .funnel import funnel


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


class IndicatorListView(generic.TemplateView):
    """Every indicator of the dictionary, documented for anyone (no sign-in): what it counts,
    how, from which source, in which version and since when."""

    template_name = "reporting/indicator_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicators=list(dictionary.DICTIONARY.values()), **kwargs)


class IndicatorDetailView(generic.TemplateView):
    """One indicator of the dictionary, with every version of its definition (404 for an
    unknown code)."""

    template_name = "reporting/indicator_detail.html"

    def get_context_data(self, **kwargs):
        code = self.kwargs["code"]
        if code not in dictionary.VERSIONS:
            raise Http404(code)
        versions = dictionary.VERSIONS[code]
        return super().get_context_data(
            indicator=versions[-1],
            former_versions=list(reversed(versions[:-1])),
            indicators_crumb=(_("Indicators"), reverse("reporting:indicator-list")),
            **kwargs,
        )
