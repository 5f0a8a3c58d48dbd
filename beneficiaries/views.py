"""Pages of beneficiaries, their enrolments, pathway steps and follow-ups.

Two doors on every page: a permission of `beneficiaries/rules.py` the role must hold (403 for a
company contact, who never sees a beneficiary), then the model's `visible_to(user)` or
`Enrolment.objects.accompanied_by(user)` for the object (404 outside the user's scope). Every
view of a person's page and every change writes the access log (`access.record_access`).
"""

from crispy_forms.layout import Field
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.paginators import KeysFirstPaginator

from .access import record_access
from .choices import AccessKind, EnrolmentStatus, StepKind
from .duplicates import likely_duplicates, record_candidates
from .filters import BeneficiaryFilter, FollowUpFilter
from .forms import (
    AbandonForm,
    BeneficiaryForm,
    CloseForm,
    EnrolmentForm,
    EntryForm,
    FollowUpForm,
    StepForm,
)
from .models import AccessLog, Beneficiary, DuplicateSource, Enrolment, FollowUp, PathwayStep
from .timeline import situation_now, timeline

#: The statuses of an enrolment whose person has entered the action and not left it.
STARTED_STATUSES = (EnrolmentStatus.ENTERED, EnrolmentStatus.IN_PROGRESS)
#: The most recent accesses shown on a person's page to national staff.
ACCESS_LOG_SHOWN = 50


class PagedListMixin:
    """Lists page by `settings.PAGE_SIZE`, read on each request; a page's keys are read before
    its rows (`KeysFirstPaginator`: the deep pages of 100,000 people)."""

    paginator_class = KeysFirstPaginator

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE


class RolePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The role must hold `permission_required`; which objects the user may reach is each
    view's scoped queryset (404 outside), so the permission is asked without an object.
    A role without it gets 403 on a list or a blank form, and 404 on a URL naming a person,
    an enrolment or a follow-up: for a company contact every person is outside scope, and
    the answer must not differ from an id that does not exist."""

    def get_permission_object(self):
        return None

    def handle_no_permission(self):
        if self.request.user.is_authenticated and "pk" in self.kwargs:
            raise Http404
        return super().handle_no_permission()


class RecorderMixin(RolePermissionMixin):
    """Pages that record something: national, territorial and operator staff."""

    permission_required = "beneficiaries.add_enrolment"


class ScopedBeneficiaryMixin:
    """The person named by the URL's `pk`, among those the user may see (404 otherwise)."""

    @cached_property
    def beneficiary(self):
        return get_object_or_404(
            Beneficiary.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )


# --- Beneficiaries ------------------------------------------------------------------------------


class BeneficiaryListView(RolePermissionMixin, PagedListMixin, FilterView):
    permission_required = "beneficiaries.list_beneficiaries"
    filterset_class = BeneficiaryFilter
    template_name = "beneficiaries/beneficiary_list.html"

    def get_queryset(self):
        enrolments = Enrolment.objects.select_related("action__programme").order_by(
            "referral_date", "pk"
        )
        return (
            Beneficiary.objects.visible_to(self.request.user)
            .select_related("department")
            .prefetch_related(Prefetch("enrolments", queryset=enrolments))
        )


class BeneficiaryDetailView(RolePermissionMixin, generic.DetailView):
    permission_required = "beneficiaries.list_beneficiaries"
    template_name = "beneficiaries/beneficiary_detail.html"

    def get_queryset(self):
        return Beneficiary.objects.visible_to(self.request.user).select_related(
            "department", "referent_organisation"
        )

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            return self.merged_away()
        record_access(request, self.object, AccessKind.VIEW)
        return response

    def merged_away(self):
        """The URL of a record merged into another leads to the kept record for those who may
        see it; 404 for everyone else, as for a person outside their scope."""
        kept = (
            Beneficiary.objects.filter(pk=self.kwargs["pk"], merged_into__isnull=False)
            .values("merged_into")
            .first()
        )
        if kept is None or not (
            Beneficiary.objects.visible_to(self.request.user)
            .filter(pk=kept["merged_into"])
            .exists()
        ):
            raise Http404
        return redirect("beneficiaries:beneficiary-detail", kept["merged_into"])

    def get_context_data(self, **kwargs):
        user, person = self.request.user, self.object
        enrolments = list(
            person.enrolments.select_related("action__programme", "action__operator").order_by(
                "referral_date", "pk"
            )
        )
        accompanied = set(
            Enrolment.objects.accompanied_by(user)
            .filter(beneficiary=person)
            .values_list("pk", flat=True)
        )
        steps = list(
            PathwayStep.objects.visible_to(user)
            .filter(beneficiary=person)
            .select_related("organisation", "enrolment__action__programme")
        )
        follow_ups = FollowUp.objects.visible_to(user).filter(enrolment__beneficiary=person)
        return super().get_context_data(
            enrolments=enrolments,
            accompanied=accompanied,
            events=timeline(enrolments, accompanied, steps),
            now=situation_now(person, steps, timezone.localdate()),
            follow_ups=follow_ups.select_related("enrolment__action__programme"),
            step_kinds=StepKind.choices,
            access_log=self._access_log(),
            **kwargs,
        )

    def _access_log(self):
        if not self.request.user.has_perm("beneficiaries.view_access_log"):
            return None
        return list(
            AccessLog.objects.visible_to(self.request.user)
            .filter(beneficiary=self.object)
            .select_related("user")[:ACCESS_LOG_SHOWN]
        )


class BeneficiaryFormMixin:
    form_class = BeneficiaryForm
    template_name = "beneficiaries/beneficiary_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("duplicates", None)
        return super().get_context_data(**kwargs)


class BeneficiaryCreateView(
    RolePermissionMixin, SubmitOnceMixin, BeneficiaryFormMixin, generic.CreateView
):
    """A new person's record. Its likely duplicates the user may see are shown before saving,
    with a box to tick when it is a different person; those outside the user's scope are never
    revealed (the same page, the same message): the record is saved and the pair flagged for
    the staff who see both (issue 12, `beneficiaries.duplicates`)."""

    permission_required = "beneficiaries.add_beneficiary"
    #: How many likely duplicates the warning lists at most.
    DUPLICATES_SHOWN = 5

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.method == "POST":
            form.fields["different_person"] = forms.BooleanField(
                label=_("This is a different person: save anyway"), required=False
            )
        return form

    def post(self, request, *args, **kwargs):
        self.shown_duplicates = []
        response = super().post(request, *args, **kwargs)
        # Outside the form's transaction, which is rolled back when the form is shown again.
        if self.shown_duplicates:
            record_access(request, self.shown_duplicates, AccessKind.VIEW)
        return response

    def form_valid(self, form):
        data = form.cleaned_data
        duplicates = likely_duplicates(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
        )
        in_scope = list(
            duplicates.filter(pk__in=Beneficiary.objects.visible_to(self.request.user).values("pk"))
            .select_related("department")
            .order_by("last_name", "first_name", "pk")[: self.DUPLICATES_SHOWN]
        )
        if in_scope and not data.get("different_person"):
            self.shown_duplicates = in_scope
            form.helper.layout.append(Field("different_person"))
            form.add_error(
                "different_person",
                _("Check the records above; tick this box only if this is a different person."),
            )
            return self.render_to_response(self.get_context_data(form=form, duplicates=in_scope))
        with transaction.atomic():
            response = super().form_valid(form)
            record_access(self.request, self.object, AccessKind.CREATE)
            record_candidates(self.object, DuplicateSource.FORM)
        messages.success(self.request, _("The person's record has been created."))
        return response


class BeneficiaryUpdateView(RolePermissionMixin, BeneficiaryFormMixin, generic.UpdateView):
    # `change_beneficiary` is this and "may see the person": the queryset answers the latter.
    permission_required = "beneficiaries.add_beneficiary"

    def get_queryset(self):
        return Beneficiary.objects.visible_to(self.request.user)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record_access(self.request, self.object, AccessKind.CHANGE)
            record_candidates(self.object, DuplicateSource.FORM)
        messages.success(self.request, _("The person's record has been updated."))
        return response


# --- Enrolments ---------------------------------------------------------------------------------


class EnrolmentCreateView(
    RecorderMixin, SubmitOnceMixin, ScopedBeneficiaryMixin, generic.CreateView
):
    form_class = EnrolmentForm
    template_name = "beneficiaries/enrolment_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "beneficiary": self.beneficiary,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(beneficiary=self.beneficiary, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record_access(self.request, self.beneficiary, AccessKind.CHANGE)
        messages.success(self.request, _("The person has been enrolled."))
        return response

    def get_success_url(self):
        """The new enrolment's own page, where its entry and exit are recorded."""
        return reverse("beneficiaries:enrolment-detail", args=[self.object.pk])


class AccompaniedEnrolmentMixin(RecorderMixin):
    """The enrolment named by the URL's `pk`, among those the user accompanies (404)."""

    @cached_property
    def enrolment(self):
        return get_object_or_404(
            Enrolment.objects.accompanied_by(self.request.user).select_related(
                "beneficiary", "action__programme", "action__operator"
            ),
            pk=self.kwargs["pk"],
        )


class EnrolmentDetailView(AccompaniedEnrolmentMixin, generic.TemplateView):
    template_name = "beneficiaries/enrolment_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, self.enrolment.beneficiary, AccessKind.VIEW)
        return response

    def get_context_data(self, **kwargs):
        enrolment = self.enrolment
        status = enrolment.status
        forms = {
            "entry_form": (EntryForm, "enrolment-enter", status == EnrolmentStatus.REFERRED),
            "close_form": (CloseForm, "enrolment-close", status in STARTED_STATUSES),
            "abandon_form": (AbandonForm, "enrolment-abandon", enrolment.is_open),
        }
        for name, (form_class, url_name, offered) in forms.items():
            form = None
            if offered:
                form = form_class()
                form.helper.form_action = reverse(f"beneficiaries:{url_name}", args=[enrolment.pk])
            kwargs[name] = form
        return super().get_context_data(
            enrolment=enrolment,
            steps=enrolment.steps.select_related("organisation"),
            follow_ups=enrolment.follow_ups.all(),
            **kwargs,
        )


class EnrolmentChangeView(AccompaniedEnrolmentMixin, generic.FormView):
    """Enter, close or abandon: the form's `apply` calls the enrolment's lifecycle method."""

    template_name = "beneficiaries/enrolment_change.html"
    title = None
    success_message = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(enrolment=self.enrolment, title=self.title, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            if not form.apply(self.enrolment):
                return self.form_invalid(form)
            record_access(self.request, self.enrolment.beneficiary, AccessKind.CHANGE)
        messages.success(self.request, self.success_message)
        return redirect(self.enrolment.beneficiary)


class EnrolmentEnterView(EnrolmentChangeView):
    form_class = EntryForm
    title = _("Record the entry")
    success_message = _("The entry has been recorded.")


class EnrolmentCloseView(EnrolmentChangeView):
    form_class = CloseForm
    title = _("Record the exit")
    success_message = _("The exit has been recorded; the follow-ups at 6 and 12 months are due.")


class EnrolmentAbandonView(EnrolmentChangeView):
    form_class = AbandonForm
    title = _("Record an abandonment")
    success_message = _("The abandonment has been recorded.")


# --- Pathway steps ------------------------------------------------------------------------------


class StepCreateView(RecorderMixin, SubmitOnceMixin, ScopedBeneficiaryMixin, generic.CreateView):
    form_class = StepForm
    template_name = "beneficiaries/step_form.html"

    def get_form_kwargs(self):
        if self.kwargs["kind"] not in StepKind.values:
            raise Http404
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "beneficiary": self.beneficiary,
            "kind": self.kwargs["kind"],
        }

    def get_initial(self):
        initial = super().get_initial()
        if enrolment := self.request.GET.get("enrolment"):
            initial["enrolment"] = enrolment
        return initial

    def get_context_data(self, **kwargs):
        kind_label = StepKind(self.kwargs["kind"]).label
        return super().get_context_data(
            beneficiary=self.beneficiary, kind_label=kind_label, **kwargs
        )

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            record_access(self.request, self.beneficiary, AccessKind.CHANGE)
        messages.success(self.request, _("The step has been recorded."))
        return redirect(self.beneficiary)


# --- Follow-ups ---------------------------------------------------------------------------------


class FollowUpListView(RolePermissionMixin, PagedListMixin, FilterView):
    permission_required = "beneficiaries.list_follow_ups"
    filterset_class = FollowUpFilter
    template_name = "beneficiaries/followup_list.html"

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).select_related(
            "enrolment__beneficiary", "enrolment__action__programme"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class FollowUpRecordView(RolePermissionMixin, generic.UpdateView):
    permission_required = "beneficiaries.list_follow_ups"
    form_class = FollowUpForm
    template_name = "beneficiaries/followup_form.html"
    context_object_name = "follow_up"

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).select_related(
            "enrolment__beneficiary", "enrolment__action__programme"
        )

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            record_access(self.request, self.object.enrolment.beneficiary, AccessKind.CHANGE)
        messages.success(self.request, _("The follow-up has been recorded."))
        return redirect(self.object.enrolment.beneficiary)
