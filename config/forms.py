"""Form foundations shared by every app: DSFR markup for fields (django-dsfr's bound field and
snippets) laid out by crispy-forms through the project's `dsfr_crispy` template pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit as CrispySubmit
from django import forms
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm, DsfrBoundField


class Submit(CrispySubmit):
    """A DSFR primary button; pass css_class="fr-btn--secondary" for a secondary one."""

    field_classes = ""


class DateInput(forms.DateInput):
    """The browser's date picker; ISO values are what it sends and expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BoundField(DsfrBoundField):
    """Label and help text read from the field when rendered: django-dsfr builds the bound
    fields early, and forms often adjust labels and help in their own __init__ afterwards."""

    @property
    def label(self):
        return self.field.label if self.field.label is not None else pretty_name(self.name)

    @label.setter
    def label(self, value):
        pass

    @property
    def help_text(self):
        return self.field.help_text or ""

    @help_text.setter
    def help_text(self, value):
        pass


DATE_FORMAT_HELP = _("Enter a date in the format DD/MM/YYYY, for example 31/12/2025.")
EMAIL_FORMAT_HELP = _("Enter an e-mail address in the format name@example.fr.")


def explain_errors(field, label):
    """Replace, on `field` (a Django form field), the generic "This field is required." and the
    generic format errors with messages naming the field `label` (str) and, for dates and
    e-mail addresses, the expected format with an example. Messages a form set itself are
    kept. Returns None."""
    messages = field.error_messages
    if _is_generic(messages, "required", forms.Field):
        if isinstance(field, (forms.DateField, forms.DateTimeField)):
            required = _("Enter “%(label)s”, in the format DD/MM/YYYY, for example 31/12/2025.")
        elif isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
            required = _("Choose “%(label)s”.")
        elif isinstance(field, forms.BooleanField):
            required = _("Tick “%(label)s” to continue.")
        elif isinstance(field, forms.EmailField):
            required = _("Enter “%(label)s”, in the format name@example.fr.")
        else:
            required = _("Fill in “%(label)s”.")
        messages["required"] = required % {"label": label}
    if isinstance(field, forms.DateField) and _is_generic(messages, "invalid", forms.DateField):
        messages["invalid"] = DATE_FORMAT_HELP
    if isinstance(field, forms.EmailField) and "invalid" not in messages:
        # The e-mail validator's code; Field.run_validators uses the field's message for it.
        messages["invalid"] = EMAIL_FORMAT_HELP


def _is_generic(messages, code, field_class):
    return str(messages.get(code)) == str(field_class.default_error_messages[code])


class DsfrFormMixin(DsfrBaseForm):
    """DSFR classes on every widget, a crispy helper with `submit_label` as its button, and
    error messages that say what to do (`explain_errors`)."""

    bound_field_class = BoundField
    submit_label = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # django-dsfr's input snippet reads it; widgets it does not classify lack it.
            if not hasattr(field.widget, "group_class"):
                field.widget.group_class = "fr-input-group"
        self.helper = FormHelper(self)
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))

    def full_clean(self):
        # Labels are final only once the subclass's __init__ has adjusted them.
        for name, field in self.fields.items():
            explain_errors(field, field.label if field.label is not None else pretty_name(name))
        super().full_clean()


class DsfrForm(DsfrFormMixin, forms.Form):
    pass


class DsfrModelForm(DsfrFormMixin, forms.ModelForm):
    pass


def preselect_only_choice(form, name):
    """Preselect the one option of `form`'s model-choice field `name` when it offers exactly
    one (a coordinator of one département, one programme open to an operator…): nobody should
    have to pick the only possible answer. Only on a form shown for the first time, for a new
    object, and when the view gave no initial value. One query (two rows at most)."""
    field = form.fields[name]
    instance = getattr(form, "instance", None)
    if form.is_bound or getattr(instance, "pk", None) or form.initial.get(name):
        return
    options = list(field.queryset.values_list(field.to_field_name or "pk", flat=True)[:2])
    if len(options) == 1:
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        form.initial[name] = options if multiple else options[0]
