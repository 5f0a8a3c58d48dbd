"""Form foundations shared by every app: DSFR markup for fields (django-dsfr's bound field and
snippets) laid out by crispy-forms through the project's `dsfr_crispy` template pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit as CrispySubmit
from django import forms
from dsfr.forms import DsfrBaseForm


class Submit(CrispySubmit):
    """A DSFR primary button; pass css_class="fr-btn--secondary" for a secondary one."""

    field_classes = ""


class DsfrFormMixin(DsfrBaseForm):
    """DSFR classes on every widget, and a crispy helper with `submit_label` as its button."""

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


class DsfrForm(DsfrFormMixin, forms.Form):
    pass


class DsfrModelForm(DsfrFormMixin, forms.ModelForm):
    pass
