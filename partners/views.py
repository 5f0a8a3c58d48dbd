"""Pages of the organisation registry: the scoped list, an organisation with its contacts,
actions and history, and the forms that create and edit organisations and contacts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.choices import ChoicesView
from config.history import history_entries
from config.paginators import KeysFirstPaginator
from programmes.models import Action

from .filters import OrganisationFilter, running_action_exists
from .forms import ContactForm, OrganisationForm
from .mobilisation.queries import organisation_mobilisation_context
from .models import Contact, Convention, Organisation
from .models.organisation import OrganisationKind


class OrganisationListView(LoginRequiredMixin, FilterView):
    filterset_class = OrganisationFilter
    template_name = "partners/organisation_list.html"
    paginate_by = settings.PAGE_SIZE
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).select_related("department")

    def get_paginator(self, *args, **kwargs):
        """The page's rows say whether they run a running action; the list's queryset does not,
        so its filters (that one among them) are not read again for the page
        (`KeysFirstPaginator`)."""
        user = self.request.user
        return super().get_paginator(
            *args,
            annotate_rows=lambda rows: rows.annotate(has_active_action=running_action_exists(user)),
            **kwargs,
        )


class OrganisationDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "partners/organisation_detail.html"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).select_related(
            "department__region", "opco"
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        user = self.request.user
        actions = Action.objects.visible_to(user).select_related("programme")
        opco_visible = (
            organisation.opco_id is not None
            and Organisation.objects.visible_to(user).filter(pk=organisation.opco_id).exists()
        )
        conventions = Convention.objects.visible_to(user).filter(parties=organisation)
        return super().get_context_data(
            **organisation_mobilisation_context(organisation, user),
            conventions=conventions.order_by("-start_date"),
            contacts=organisation.contacts.all(),
            operated_actions=actions.filter(operator=organisation),
            partner_actions=actions.filter(partners=organisation),
            opco_visible=opco_visible,
            can_edit=user.has_perm("partners.change_organisation", organisation),
            # Who changed what is staff business; company contacts see their page, not its log.
            history=(
                history_entries(organisation, user)
                if user.has_perm("partners.view_staff_details")
                else []
            ),
            **kwargs,
        )


class SaveAtomicallyMixin:
    """Save the object and its history record together, or nothing at all."""

    success_message = None

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, self.success_message % {"name": self.object})
        return redirect(self.get_success_url())


class OrganisationFormMixin(SaveAtomicallyMixin):
    model = Organisation
    form_class = OrganisationForm
    template_name = "partners/organisation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            # The same SIRET saved by someone else between validation and saving.
            form.add_error(
                "siret",
                ValidationError(
                    _("This SIRET is already registered for another organisation."),
                    code="duplicate_siret",
                ),
            )
            return self.form_invalid(form)


class OrganisationCreateView(
    LoginRequiredMixin,
    PermissionRequiredMixin,
    SubmitOnceMixin,
    OrganisationFormMixin,
    generic.CreateView,
):
    permission_required = "partners.add_organisation"
    success_message = _("The organisation “%(name)s” has been created.")


class OrganisationUpdateView(LoginRequiredMixin, OrganisationFormMixin, generic.UpdateView):
    success_message = _("The organisation “%(name)s” has been updated.")

    def get_queryset(self):
        return Organisation.objects.editable_by(self.request.user)


class ContactCreateView(
    LoginRequiredMixin, SubmitOnceMixin, SaveAtomicallyMixin, generic.CreateView
):
    model = Contact
    form_class = ContactForm
    template_name = "partners/contact_form.html"
    success_message = _("The contact “%(name)s” has been added.")

    @cached_property
    def organisation(self):
        return get_object_or_404(
            Organisation.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Contact(organisation=self.organisation)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class ContactUpdateView(LoginRequiredMixin, SaveAtomicallyMixin, generic.UpdateView):
    model = Contact
    form_class = ContactForm
    template_name = "partners/contact_form.html"
    success_message = _("The contact “%(name)s” has been updated.")

    def get_queryset(self):
        editable = Organisation.objects.editable_by(self.request.user)
        return Contact.objects.filter(organisation__in=editable).select_related("organisation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.object.organisation, **kwargs)


class OrganisationChoicesView(ChoicesView):
    """Autocomplete of organisations (`config.choices`): those the user may see, by name.
    `?kind=…` (repeatable) keeps only those kinds, `?not_kind=…` leaves kinds out: what a
    form field asks for (signatories are local authorities…); unknown kinds are ignored."""

    def get_queryset(self):
        kinds = set(OrganisationKind.values)
        wanted = kinds & set(self.request.GET.getlist("kind"))
        unwanted = kinds & set(self.request.GET.getlist("not_kind"))
        organisations = Organisation.objects.visible_to(self.request.user)
        if wanted:
            organisations = organisations.filter(kind__in=wanted)
        if unwanted:
            organisations = organisations.exclude(kind__in=unwanted)
        return organisations.select_related("department").order_by("name", "pk")

    def label(self, obj):
        return obj.choice_label
