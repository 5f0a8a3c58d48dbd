"""An import of a file of beneficiaries into an action (`ImportJob`), and the column mappings
an organisation chose for headers Tremplin does not know (`ColumnMapping`)."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def private_storage():
    """The storage of files no URL serves (settings.STORAGES["private"])."""
    return storages["private"]


def import_file_path(job, filename):
    """Where an uploaded file is kept until its import ends: a random name, never the
    person-revealing original one (kept in `original_name`)."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"imports/{uuid.uuid4().hex}.{extension}"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Its creator sees an import; national staff see every one."""
        if user.scope.is_national:
            return self.all()
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """One file imported into one action by one user: checked (`status` checking → checked or
    failed), then written on request (writing → done or failed). The preview and the result are
    counts and errors (line, column, message): no person's data is kept here beyond the file,
    deleted once the import ends."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Columns to match")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        WRITING = "writing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="beneficiary_imports",
    )
    action = models.ForeignKey(
        "programmes.Action",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="imports",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=import_file_path, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CHECKING)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    valid_rows_only = models.BooleanField(_("import only the valid rows"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    to_create = models.PositiveIntegerField(_("people to create"), default=0)
    to_update = models.PositiveIntegerField(_("people to update"), default=0)
    unchanged = models.PositiveIntegerField(_("rows already imported"), default=0)
    in_error = models.PositiveIntegerField(_("rows in error"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    duplicates_in_scope = models.JSONField(_("possible duplicates"), default=list, blank=True)
    duplicates_elsewhere = models.PositiveIntegerField(
        _("possible duplicates outside your scope"), default=0
    )
    created = models.PositiveIntegerField(_("people created"), default=0)
    updated = models.PositiveIntegerField(_("people updated"), default=0)
    enrolments_created = models.PositiveIntegerField(_("enrolments created"), default=0)
    steps_to_create = models.PositiveIntegerField(_("pathway steps to create"), default=0)
    steps_created = models.PositiveIntegerField(_("pathway steps created"), default=0)
    failure = models.TextField(_("reason of the failure"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import of beneficiaries")
        verbose_name_plural = _("imports of beneficiaries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("beneficiaries:import-detail", args=[self.pk])

    @property
    def is_running(self):
        """True while a worker checks or writes the file."""
        return self.status in (self.Status.CHECKING, self.Status.WRITING)

    @property
    def may_write(self):
        """True when the checked file may be written: every row valid, or some valid rows the
        user may choose to write alone."""
        valid = self.to_create + self.to_update
        return self.status == self.Status.CHECKED and valid > 0


class ColumnMapping(models.Model):
    """A header of an organisation's files (in plain form, see `normalise.plain`) and the
    import column it holds, remembered from one import to the next (a Démarches Simplifiées
    export keeps its headers)."""

    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="import_column_mappings",
    )
    header = models.CharField(_("header in the file"), max_length=200)
    column = models.CharField(_("column"), max_length=40)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "header"], name="one_mapping_per_header"
            )
        ]

    def __str__(self):
        return f"{self.header} → {self.column}"
