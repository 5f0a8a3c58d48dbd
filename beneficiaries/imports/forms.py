"""Forms of an import: the file and the action it goes into, the columns to match when the
file's headers are not the template's, and the confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from config.forms import DsfrForm, DsfrModelForm, preselect_only_choice
from programmes.models import Action

from .columns import BY_NAME, COLUMNS
from .models import ImportJob
from .normalise import plain
from .reading import MAX_FILE_SIZE, MAX_ROWS, FileRefused, read_header


class ImportForm(DsfrModelForm):
    """A file (CSV or XLSX, checked for what it is before it is kept) and an action `user` may
    change (`Action.objects.editable_by`). After `is_valid`, `header` holds the file's header
    row."""

    submit_label = _("Check the file")

    class Meta:
        model = ImportJob
        fields = ["action", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.header = []
        self.fields["action"].queryset = (
            Action.objects.editable_by(user).select_related("programme").order_by("title")
        )
        self.fields["action"].help_text = _("The people of the file are enrolled in it.")
        self.fields["file"].required = True
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["file"].help_text = _(
            "CSV or Excel (.xlsx), %(size)d MB and %(rows)s rows at most."
        ) % {"size": MAX_FILE_SIZE // (1024 * 1024), "rows": f"{MAX_ROWS:,}".replace(",", " ")}
        preselect_only_choice(self, "action")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.header = read_header(upload.name, upload)
        except FileRefused as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class MappingForm(DsfrForm):
    """One choice per header Tremplin does not recognise: the column it holds, or nothing.
    `headers`: the unknown headers as typed. `remember`: keep the choices for the user's
    organisation."""

    submit_label = _("Check the file with these columns")

    def __init__(self, *args, headers, may_remember, **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _("— Not imported —"))] + [
            (column.name, f"{column.header}{' *' if column.required else ''}") for column in COLUMNS
        ]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=options, required=False
            )
        if may_remember:
            self.fields["remember"] = forms.BooleanField(
                label=_("Remember these choices for my organisation's next files"),
                required=False,
                initial=True,
            )
        for name, field in self.fields.items():
            # Fields added after django-dsfr styled the form's own: style them the same way.
            dsfr_input_class_attr(self[name])
            if not hasattr(field.widget, "group_class"):
                field.widget.group_class = "fr-input-group"

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(f"column_{i}") for i in range(len(self.headers))]
        chosen = [name for name in chosen if name]
        repeated = {name for name in chosen if chosen.count(name) > 1}
        if repeated:
            raise forms.ValidationError(
                _("Each column may be chosen once: %(columns)s chosen twice.")
                % {"columns": ", ".join(BY_NAME[name].header for name in sorted(repeated))}
            )
        return cleaned

    def mapping(self):
        """The choices as a dict {plain header: column name or ""}."""
        return {
            plain(header): self.cleaned_data.get(f"column_{index}", "")
            for index, header in enumerate(self.headers)
        }


class ConfirmForm(DsfrForm):
    """Confirm the write; with rows in error, only if the user ticks "import only the valid
    rows"."""

    valid_rows_only = forms.BooleanField(
        label=_("Import only the valid rows, and leave the rows in error aside"), required=False
    )

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        if not job.in_error:
            del self.fields["valid_rows_only"]

    def clean(self):
        cleaned = super().clean()
        if self.job.in_error and not cleaned.get("valid_rows_only"):
            raise forms.ValidationError(
                _(
                    "The file has rows in error: correct them and send the file again, or choose "
                    "to import only the valid rows."
                )
            )
        return cleaned
