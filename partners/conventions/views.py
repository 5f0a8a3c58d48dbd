"""Pages of partnership conventions: the scoped list, a convention with its parties,
objectives, amendments and history, the forms that record them, and the only door to their
signed documents. Objectives' progress is reporting's: the template asks its tags."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.choices import ChoicesView
from config.history import history_entries
from partners.models import Convention, ConventionAmendment, ConventionObjective, Organisation

from .filters import ConventionFilter
from .forms import AmendmentForm, ConventionForm, ObjectiveForm


class ConventionListView(LoginRequiredMixin, FilterView):
    filterset_class = ConventionFilter
    template_name = "partners/conventions/convention_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return (
            Convention.objects.visible_to(self.request.user)
            .select_related("owner")
            .prefetch_related(
                Prefetch("parties", queryset=Organisation.objects.order_by("name")),
                "departments",
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=self.request.user.has_perm("partners.add_convention"), **kwargs
        )


class ConventionDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "partners/conventions/convention_detail.html"

    def get_queryset(self):
        return Convention.objects.visible_to(self.request.user).select_related("owner")

    def get_context_data(self, **kwargs):
        convention = self.object
        user = self.request.user
        parties = list(convention.parties.select_related("department").order_by("name"))
        visible_parties = set(
            Organisation.objects.visible_to(user)
            .filter(pk__in=[party.pk for party in parties])
            .values_list("pk", flat=True)
        )
        return super().get_context_data(
            parties=parties,
            visible_parties=visible_parties,
            departments=convention.departments.order_by("code"),
            objectives=list(convention.objectives.select_related("department")),
            amendments=convention.amendments.all(),
            can_edit=user.has_perm("partners.change_convention", convention),
            # Who changed what is staff business; company contacts see the convention only.
            history=(
                history_entries(convention, user)
                if user.has_perm("partners.view_staff_details")
                else []
            ),
            **kwargs,
        )


class ConventionFormMixin:
    model = Convention
    form_class = ConventionForm
    template_name = "partners/conventions/convention_form.html"
    success_message = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, self.success_message % {"title": self.object.title})
        return redirect(self.object)


class ConventionCreateView(
    LoginRequiredMixin,
    PermissionRequiredMixin,
    SubmitOnceMixin,
    ConventionFormMixin,
    generic.CreateView,
):
    permission_required = "partners.add_convention"
    success_message = _("The convention “%(title)s” has been created.")


class ConventionUpdateView(LoginRequiredMixin, ConventionFormMixin, generic.UpdateView):
    success_message = _("The convention “%(title)s” has been updated.")

    def get_queryset(self):
        return Convention.objects.editable_by(self.request.user)


def _pdf_response(document):
    """The file as a download, never displayed inline nor sniffed into something else."""
    if not document:
        raise Http404
    try:
        handle = document.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=Path(document.name).name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class ConventionDocumentView(LoginRequiredMixin, generic.View):
    def get(self, request, pk):
        convention = get_object_or_404(Convention.objects.visible_to(request.user), pk=pk)
        return _pdf_response(convention.document)


class AmendmentDocumentView(LoginRequiredMixin, generic.View):
    def get(self, request, pk):
        amendment = get_object_or_404(
            ConventionAmendment.objects.select_related("convention").filter(
                convention__in=Convention.objects.visible_to(request.user)
            ),
            pk=pk,
        )
        return _pdf_response(amendment.document)


class EditableConventionMixin:
    """Pages that change a convention's amendments or objectives: only its editors reach them,
    others get 404 as for the convention itself."""

    success_message = None

    @cached_property
    def convention(self):
        return get_object_or_404(
            Convention.objects.editable_by(self.request.user), pk=self.kwargs["convention_pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(convention=self.convention, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, self.success_message)
        return redirect(self.convention)


class AmendmentCreateView(
    LoginRequiredMixin, EditableConventionMixin, SubmitOnceMixin, generic.CreateView
):
    model = ConventionAmendment
    form_class = AmendmentForm
    template_name = "partners/conventions/amendment_form.html"
    success_message = _("The amendment has been added.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": ConventionAmendment(convention=self.convention),
        }


class ObjectiveCreateView(
    LoginRequiredMixin, EditableConventionMixin, SubmitOnceMixin, generic.CreateView
):
    model = ConventionObjective
    form_class = ObjectiveForm
    template_name = "partners/conventions/objective_form.html"
    success_message = _("The objective has been added.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": ConventionObjective(convention=self.convention),
        }


class ObjectiveUpdateView(LoginRequiredMixin, EditableConventionMixin, generic.UpdateView):
    model = ConventionObjective
    form_class = ObjectiveForm
    template_name = "partners/conventions/objective_form.html"
    success_message = _("The objective has been updated.")

    def get_queryset(self):
        return self.convention.objectives.select_related("convention")


class ObjectiveDeleteView(LoginRequiredMixin, EditableConventionMixin, generic.DeleteView):
    model = ConventionObjective
    template_name = "partners/conventions/objective_confirm_delete.html"
    success_message = _("The objective has been deleted.")

    def get_queryset(self):
        return self.convention.objectives.all()

    def form_valid(self, form):
        with transaction.atomic():
            self.object.delete()
        messages.success(self.request, self.success_message)
        return redirect(self.convention)


class ConventionChoicesView(ChoicesView):
    """Autocomplete of conventions (`config.choices`): those the user may see, by title."""

    search_fields = ("title",)

    def get_queryset(self):
        return Convention.objects.visible_to(self.request.user).order_by("title", "pk")
