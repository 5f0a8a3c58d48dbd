"""The company space: what a company contact sees of Tremplin — their organisations, their
conventions and objective progress, the mobilisation actions they are invited to — and the
forms with which they keep their needs and contacts up to date.

Only company contacts enter (403 for other roles, national staff included: they read the
same conventions from the convention list). Nothing here names a beneficiary.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic

from accounts.once import SubmitOnceMixin
from config.vocabularies import Sector
from partners.forms import ContactForm
from partners.models import (
    Contact,
    Convention,
    ConventionObjective,
    MobilisationAction,
    Organisation,
)

from .forms import NeedsForm

PAST_ACTIONS_SHOWN = 10


def company_organisations(user):
    """The organisations of which `user` is a company contact (within what they may see)."""
    own = user.scope.company_organisation_ids
    return Organisation.objects.visible_to(user).filter(pk__in=own)


class CompanyContactRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The space as a whole (Django's mixin, which asks before looking any object up: 403 for
    other roles, whatever the address)."""

    permission_required = "partners.view_company_space"


class CompanyHomeView(CompanyContactRequiredMixin, generic.TemplateView):
    template_name = "partners/company/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        organisations = list(
            company_organisations(user)
            .select_related("opco", "department")
            .prefetch_related("contacts")
        )
        sectors = dict(Sector.choices)
        for organisation in organisations:
            organisation.needs_sectors_labels = [
                sectors[code] for code in organisation.needs_sectors if code in sectors
            ]
        own_ids = [organisation.pk for organisation in organisations]
        conventions = list(
            Convention.objects.visible_to(user).prefetch_related(
                Prefetch("parties", queryset=Organisation.objects.order_by("name")),
                Prefetch(
                    "objectives", queryset=ConventionObjective.objects.select_related("department")
                ),
            )
        )
        actions = MobilisationAction.objects.visible_to(user).prefetch_related(
            "departments",
            Prefetch(
                "invited",
                queryset=Organisation.objects.filter(pk__in=own_ids),
                to_attr="own_invited",
            ),
            Prefetch(
                "attendees",
                queryset=Organisation.objects.filter(pk__in=own_ids),
                to_attr="own_attendees",
            ),
        )
        today = timezone.localdate()
        return super().get_context_data(
            organisations=organisations,
            conventions=conventions,
            # Every objective of the page, whose progress the template asks reporting for once.
            objectives=[o for convention in conventions for o in convention.objectives.all()],
            upcoming_actions=actions.filter(date__gte=today).order_by("date", "title"),
            past_actions=actions.filter(date__lt=today).order_by("-date", "title")[
                :PAST_ACTIONS_SHOWN
            ],
            **kwargs,
        )


class CompanySaveMixin:
    """Save atomically (the record and its history together), then back to the space."""

    success_message = None

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, self.success_message)
        return redirect("company:home")


class NeedsUpdateView(CompanyContactRequiredMixin, CompanySaveMixin, generic.UpdateView):
    form_class = NeedsForm
    template_name = "partners/company/needs_form.html"
    context_object_name = "organisation"
    success_message = _("Your needs have been saved. Thank you!")

    def get_queryset(self):
        return company_organisations(self.request.user)

    def form_valid(self, form):
        form.instance.needs_updated_at = timezone.now()
        return super().form_valid(form)


class ContactCreateView(
    CompanyContactRequiredMixin, SubmitOnceMixin, CompanySaveMixin, generic.CreateView
):
    model = Contact
    form_class = ContactForm
    template_name = "partners/company/contact_form.html"
    success_message = _("The contact has been added.")

    @cached_property
    def organisation(self):
        return get_object_or_404(company_organisations(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Contact(organisation=self.organisation)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class ContactUpdateView(CompanyContactRequiredMixin, CompanySaveMixin, generic.UpdateView):
    model = Contact
    form_class = ContactForm
    template_name = "partners/company/contact_form.html"
    success_message = _("The contact has been updated.")

    def get_queryset(self):
        return Contact.objects.filter(
            organisation__in=company_organisations(self.request.user)
        ).select_related("organisation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.object.organisation, **kwargs)
