"""Report pages: the company mobilisation funnel of a territory over a period."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from territories.models import Department

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
