"""Pages of the lead pipeline: the public partnership-interest form, the leads of a territory,
and one lead with its follow-up (the mobilisation funnel is a report: `reporting.views`)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from django_ratelimit.decorators import ratelimit
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.history import history_entries
from config.paginators import KeysFirstPaginator
from partners.models import Convention, Lead, LeadStatus, Organisation

from .filters import LeadFilter
from .forms import HONEYPOT_FIELD, InterestForm, LeadForm
from .privacy import privacy_contact

logger = logging.getLogger(__name__)


@method_decorator(ratelimit(key="ip", rate="5/m", method="POST", block=False), name="post")
class InterestFormView(SubmitOnceMixin, generic.FormView):
    """Public: any company may tell DIAIR it wants to hire refugees."""

    form_class = InterestForm
    template_name = "partners/leads/interest_form.html"
    success_url = reverse_lazy("leads:interest-thanks")

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            logger.info("Partnership interest refused: too many submissions from one address.")
            return render(request, "partners/leads/interest_limited.html", status=429)
        if request.POST.get(HONEYPOT_FIELD):
            # A robot: it sees the usual thanks, and nothing is stored or sent.
            logger.info("Partnership interest ignored: the hidden field was filled in.")
            return redirect(self.success_url)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            honeypot_field=HONEYPOT_FIELD, privacy_contact=privacy_contact(), **kwargs
        )

    def form_valid(self, form):
        lead = form.save()
        logger.info("Partnership interest recorded as lead %s.", lead.pk)
        return super().form_valid(form)


class InterestThanksView(generic.TemplateView):
    template_name = "partners/leads/interest_thanks.html"


def _late_condition():
    return Q(pk__in=Lead.objects.late().values("pk"))


class LeadListView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    permission_required = "partners.list_leads"
    filterset_class = LeadFilter
    template_name = "partners/leads/lead_list.html"
    paginate_by = settings.PAGE_SIZE
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        return Lead.objects.visible_to(self.request.user).select_related(
            "organisation", "department", "assignee"
        )

    def status_counts(self):
        """The leads of each status under the current filters other than status (one query),
        each with the link that shows them."""
        query = self.request.GET.copy()
        for name in ("status", "late", "page"):
            query.pop(name, None)
        others = self.filterset_class(query, queryset=self.get_queryset(), request=self.request)
        # An invalid filter shows no lead (django-filter's strict mode): count none either.
        leads = others.qs if others.is_valid() else Lead.objects.none()
        aggregates = {status.value: Count("pk", filter=Q(status=status)) for status in LeadStatus}
        counts = leads.order_by().aggregate(
            late=Count("pk", filter=_late_condition()), **aggregates
        )
        rows = []
        for status in LeadStatus:
            link = query.copy()
            link["status"] = status.value
            rows.append(
                {
                    "status": status.value,
                    "label": status.label,
                    "count": counts[status.value],
                    "url": f"?{link.urlencode()}",
                }
            )
        late_link = query.copy()
        late_link["late"] = "true"
        return rows, {"count": counts["late"], "url": f"?{late_link.urlencode()}"}

    def get_context_data(self, **kwargs):
        status_counts, late_count = self.status_counts()
        return super().get_context_data(
            status_counts=status_counts, late_count=late_count, **kwargs
        )


class LeadPageMixin(LoginRequiredMixin):
    """A lead, found among those the user may see (404 otherwise), with its follow-up form."""

    model = Lead
    template_name = "partners/leads/lead_detail.html"
    context_object_name = "lead"

    def get_queryset(self):
        return Lead.objects.visible_to(self.request.user).select_related(
            "organisation", "department", "contact", "assignee", "convention"
        )

    def lead_context(self, lead):
        user = self.request.user
        organisation_visible = (
            Organisation.objects.visible_to(user).filter(pk=lead.organisation_id).exists()
        )
        convention_visible = (
            lead.convention_id is not None
            and Convention.objects.visible_to(user).filter(pk=lead.convention_id).exists()
        )
        return {
            "lead": lead,
            "organisation_visible": organisation_visible,
            "convention_visible": convention_visible,
            "history": history_entries(lead, user),
        }


class LeadDetailView(LeadPageMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        form = LeadForm(instance=self.object, user=self.request.user)
        return super().get_context_data(form=form, **self.lead_context(self.object), **kwargs)


class LeadUpdateView(LeadPageMixin, generic.UpdateView):
    form_class = LeadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("The lead has been updated."))
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        # A rejected form has changed the object in memory: show the lead as it is stored.
        lead = self.get_object()
        return super().get_context_data(**self.lead_context(lead), **kwargs)
