"""Pages of the imports of beneficiaries: the list of one's imports, the upload, the column
mapping, the preview with its progress (htmx polling), the confirmation, the template and its
documentation.

Doors: the permission `beneficiaries.import_beneficiaries` (403 for a company contact), then
`ImportJob.objects.visible_to` (404 for someone else's import). Actions offered are those the
user may change (`Action.objects.editable_by`)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from ..access import record_access
from ..choices import AccessKind
from ..models import Beneficiary
from . import jobs
from .columns import CHOICE, COLUMNS, STEP_COLUMNS, STEPS_SHEET
from .forms import ConfirmForm, ImportForm, MappingForm
from .models import ColumnMapping, ImportJob
from .pipeline import resolve_headers
from .reading import MAX_FILE_SIZE, MAX_ROWS, FileRefused, read_header
from .template import accepted_values, template_workbook


class ImportPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The role must hold `beneficiaries.import_beneficiaries` (403 without, 404 on a URL
    naming an import, as for the beneficiaries' pages); which imports it reaches is
    `ImportJob.objects.visible_to`."""

    permission_required = "beneficiaries.import_beneficiaries"

    def get_permission_object(self):
        return None

    def handle_no_permission(self):
        if self.request.user.is_authenticated and "pk" in self.kwargs:
            raise Http404
        return super().handle_no_permission()


class ScopedJobMixin:
    @cached_property
    def job(self):
        return get_object_or_404(
            ImportJob.objects.visible_to(self.request.user).select_related(
                "action__programme", "created_by"
            ),
            pk=self.kwargs["pk"],
        )


def _queue(job, task):
    from .. import tasks

    transaction.on_commit(lambda: getattr(tasks, task).delay(job.pk))


def _missing_required(header, mapping):
    indexes, unknown = resolve_headers(header, mapping)
    found = set(indexes.values())
    missing = [column for column in COLUMNS if column.required and column.name not in found]
    return missing, unknown


def _remembered_mapping(user):
    organisations = user.scope.operator_organisation_ids
    if not organisations:
        return {}
    return dict(
        ColumnMapping.objects.filter(organisation__in=organisations).values_list("header", "column")
    )


class ImportListView(ImportPermissionMixin, generic.ListView):
    template_name = "beneficiaries/import_list.html"

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE

    def get_queryset(self):
        return ImportJob.objects.visible_to(self.request.user).select_related(
            "action__programme", "created_by"
        )


class ImportCreateView(ImportPermissionMixin, generic.CreateView):
    form_class = ImportForm
    template_name = "beneficiaries/import_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        job = form.instance
        job.created_by = self.request.user
        job.original_name = form.cleaned_data["file"].name[-200:]
        missing, unknown = _missing_required(form.header, _remembered_mapping(self.request.user))
        job.status = ImportJob.Status.MAPPING if missing else ImportJob.Status.CHECKING
        with transaction.atomic():
            job.save()
            if not missing:
                _queue(job, "check_import")
        if missing:
            return redirect("beneficiaries:import-mapping", pk=job.pk)
        return redirect(job)


class ImportMappingView(ImportPermissionMixin, ScopedJobMixin, generic.FormView):
    form_class = MappingForm
    template_name = "beneficiaries/import_mapping.html"

    @cached_property
    def header(self):
        with self.job.file.open("rb") as stream:
            return read_header(self.job.original_name, stream)

    def dispatch(self, request, *args, **kwargs):
        allowed = request.user.is_authenticated and request.user.has_perm(self.permission_required)
        if allowed and (self.job.status != ImportJob.Status.MAPPING or not self.job.file):
            return redirect(self.job)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        remembered = _remembered_mapping(self.request.user)
        indexes, _unknown = resolve_headers(self.header, remembered)
        initial = {f"column_{index}": name for index, name in indexes.items()}
        return {
            **super().get_form_kwargs(),
            "headers": self.header,
            "initial": initial,
            "may_remember": bool(self.request.user.scope.operator_organisation_ids),
        }

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except FileRefused as error:
            jobs._fail(self.job, str(error))
            return redirect(self.job)

    def get_context_data(self, **kwargs):
        missing, _unknown = _missing_required(self.header, self.job.mapping)
        return super().get_context_data(job=self.job, missing=missing, **kwargs)

    def form_valid(self, form):
        mapping = form.mapping()
        missing, _unknown = _missing_required(self.header, {**self.job.mapping, **mapping})
        if missing:
            form.add_error(
                None,
                _("These required columns are still missing: %(columns)s.")
                % {"columns": ", ".join(column.header for column in missing)},
            )
            return self.form_invalid(form)
        job = self.job
        with transaction.atomic():
            job.mapping = mapping
            job.status = ImportJob.Status.CHECKING
            job.failure = ""
            job.save()
            if form.cleaned_data.get("remember"):
                organisation = min(self.request.user.scope.operator_organisation_ids)
                for header, column in mapping.items():
                    ColumnMapping.objects.update_or_create(
                        organisation_id=organisation, header=header, defaults={"column": column}
                    )
            _queue(job, "check_import")
        return redirect(job)


class ImportDetailView(ImportPermissionMixin, ScopedJobMixin, generic.TemplateView):
    """The import's status: its progress while a worker runs (the partial is polled by htmx),
    its preview once checked, its result once written, its reason once failed."""

    template_name = "beneficiaries/import_detail.html"
    partial_name = "beneficiaries/includes/import_status.html"

    def get_template_names(self):
        if self.request.htmx:
            return [self.partial_name]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        if self.job.status == ImportJob.Status.MAPPING:
            return redirect("beneficiaries:import-mapping", pk=self.job.pk)
        response = super().get(request, *args, **kwargs)
        if request.htmx and not self.job.is_running:
            # The work is over: the whole page shows the preview or the result.
            response["HX-Refresh"] = "true"
        return response

    def get_context_data(self, **kwargs):
        job = self.job
        done, total = jobs.progress(job)
        duplicates = self._duplicates()
        return super().get_context_data(
            job=job,
            done=done,
            total=total,
            percent=int(100 * done / total) if total else 0,
            duplicates=duplicates,
            form=kwargs.pop("form", None) or ConfirmForm(job=job),
            **kwargs,
        )

    def _duplicates(self):
        ids = {pk for item in self.job.duplicates_in_scope for pk in item["ids"]}
        if not ids or self.request.htmx:
            return []
        people = {
            person.pk: person
            for person in Beneficiary.objects.visible_to(self.request.user).filter(pk__in=ids)
        }
        if people:
            record_access(self.request, people.values(), AccessKind.VIEW)
        return [
            {"line": item["line"], "people": [people[pk] for pk in item["ids"] if pk in people]}
            for item in self.job.duplicates_in_scope
        ]


class ImportConfirmView(ImportDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.job
        if not job.may_write:
            return redirect(job)
        form = ConfirmForm(request.POST, job=job)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            # Only the first of two confirmations sent at once (a double click) starts the work.
            started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
                valid_rows_only=bool(form.cleaned_data.get("valid_rows_only")),
                status=ImportJob.Status.WRITING,
            )
            if started:
                _queue(job, "write_import")
        if not started:
            return redirect(job)
        messages.info(request, _("The import has started: you may leave this page."))
        return redirect(job)


class ImportTemplateView(ImportPermissionMixin, generic.View):
    def get(self, request):
        response = HttpResponse(
            template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="modele-import-tremplin.xlsx"'
        return response


class ImportHelpView(ImportPermissionMixin, generic.TemplateView):
    template_name = "beneficiaries/import_help.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=[
                {
                    "column": column,
                    "values": accepted_values(column) if column.kind == CHOICE else [],
                }
                for column in COLUMNS
            ],
            step_columns=[
                {
                    "column": column,
                    "values": accepted_values(column) if column.kind == CHOICE else [],
                }
                for column in STEP_COLUMNS
            ],
            steps_sheet=STEPS_SHEET,
            max_size=MAX_FILE_SIZE // (1024 * 1024),
            max_rows=MAX_ROWS,
            **kwargs,
        )
