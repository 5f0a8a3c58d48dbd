"""Pages of the organisation registry."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import generic

from .models import Organisation


class OrganisationDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "partners/organisation_detail.html"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).select_related(
            "department__region"
        )
