"""The review queue of likely duplicates (issue 12): territorial coordinators and national staff
see the pairs of which they may see both people, side by side, and decide "same person" (the
merge, `merge.py`) or "different people" (never proposed again). A pair with one person
outside the reviewer's scope answers 404, like a person outside it. Every page showing the
people of a pair writes the access log for both."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView

from config.forms import DsfrForm

from .access import record_access
from .choices import AccessKind
from .duplicates import mark_different
from .filters import DuplicateCandidateFilter
from .merge import MERGED_FIELDS, MergeError, merge
from .models import Beneficiary, DuplicateCandidate, DuplicateStatus
from .views import PagedListMixin, RolePermissionMixin


class ReviewerMixin(RolePermissionMixin):
    permission_required = "beneficiaries.review_duplicates"


class DuplicateListView(ReviewerMixin, PagedListMixin, FilterView):
    filterset_class = DuplicateCandidateFilter
    template_name = "beneficiaries/duplicate_list.html"

    def get_queryset(self):
        return DuplicateCandidate.objects.visible_to(self.request.user).select_related(
            "first__department", "second__department"
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        shown = [person for pair in response.context_data["object_list"] for person in pair.people]
        if shown:
            record_access(request, shown, AccessKind.VIEW)
        return response


class MergeForm(DsfrForm):
    """Which record to keep and, for each field where the two differ, whose value to keep.
    Takes the pair's two records `first` and `second` (Beneficiary)."""

    def __init__(self, *args, first, second, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {"first": first, "second": second}
        self.fields["keep"] = forms.ChoiceField(
            label=_("Record to keep"),
            choices=[("first", f"#{first.pk}"), ("second", f"#{second.pk}")],
            widget=forms.RadioSelect,
            initial="first",
            help_text=_("Its enrolments, steps and history stay; the other record's move onto it."),
        )
        self.differing = []
        for name in MERGED_FIELDS:
            field = Beneficiary._meta.get_field(name)
            values = [self._display(person, field) for person in (first, second)]
            if values[0] == values[1]:
                continue
            self.differing.append(name)
            self.fields[f"value_{name}"] = forms.ChoiceField(
                label=field.verbose_name,
                choices=[("first", values[0] or "—"), ("second", values[1] or "—")],
                widget=forms.RadioSelect,
                initial="first",
            )
        self.helper.form_tag = False

    @staticmethod
    def _display(person, field):
        if field.choices:
            return str(getattr(person, f"get_{field.name}_display")())
        value = getattr(person, field.name)
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return "" if value is None else str(value)

    def keep(self):
        """The record to keep (Beneficiary)."""
        return self.people[self.cleaned_data["keep"]]

    def take(self):
        """The names of the fields whose value comes from the record not kept (list)."""
        kept = self.cleaned_data["keep"]
        return [name for name in self.differing if self.cleaned_data[f"value_{name}"] != kept]


class CandidateMixin(ReviewerMixin):
    """The pair named by the URL's `pk`, both people visible to the user (404 otherwise)."""

    @cached_property
    def candidate(self):
        return get_object_or_404(
            DuplicateCandidate.objects.visible_to(self.request.user).select_related(
                "first__department",
                "first__referent_organisation",
                "second__department",
                "second__referent_organisation",
                "decided_by",
            ),
            pk=self.kwargs["pk"],
        )


class DuplicateDetailView(CandidateMixin, generic.FormView):
    """The pair side by side, with the merge form ("same person") and "different people"."""

    template_name = "beneficiaries/duplicate_detail.html"
    form_class = MergeForm

    def get_form_kwargs(self):
        candidate = self.candidate
        return {**super().get_form_kwargs(), "first": candidate.first, "second": candidate.second}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, self.candidate.people, AccessKind.VIEW)
        return response

    def get_context_data(self, **kwargs):
        candidate = self.candidate
        rows = [
            (
                Beneficiary._meta.get_field(name).verbose_name,
                MergeForm._display(candidate.first, Beneficiary._meta.get_field(name)),
                MergeForm._display(candidate.second, Beneficiary._meta.get_field(name)),
            )
            for name in MERGED_FIELDS
        ]
        counts = {
            person.pk: (person.enrolments.count(), person.steps.count())
            for person in candidate.people
        }
        return super().get_context_data(
            candidate=candidate,
            pending=candidate.status == DuplicateStatus.PENDING,
            rows=rows,
            counts=[counts[candidate.first_id], counts[candidate.second_id]],
            **kwargs,
        )

    def form_valid(self, form):
        if self.candidate.status != DuplicateStatus.PENDING:
            messages.error(self.request, _("This pair has been decided already."))
            return redirect("beneficiaries:duplicate-detail", self.candidate.pk)
        try:
            kept = merge(self.candidate, keep=form.keep(), take=form.take(), user=self.request.user)
        except MergeError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        record_access(self.request, kept, AccessKind.CHANGE)
        messages.success(self.request, _("The two records have been merged into this one."))
        return redirect(kept)


class DuplicateDifferentView(CandidateMixin, generic.View):
    """POST: the two records are different people; the pair is never proposed again."""

    def post(self, request, *args, **kwargs):
        candidate = self.candidate
        if candidate.status == DuplicateStatus.PENDING:
            with transaction.atomic():
                mark_different(candidate, request.user)
            messages.success(
                request,
                _("Noted: these are two different people. They will not be proposed again."),
            )
        return redirect("beneficiaries:duplicate-list")
