"""Forms of the company space: what a company needs, as its own contacts tell it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DsfrModelForm
from config.vocabularies import Sector
from partners.models import Organisation


class NeedsForm(DsfrModelForm):
    submit_label = _("Save our needs")

    needs_sectors = forms.MultipleChoiceField(
        label=_("Sectors recruiting"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_jobs = forms.CharField(
        label=_("Jobs it could offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: mason, kitchen assistant, forklift driver."),
    )

    class Meta:
        model = Organisation
        fields = ["needs_sectors", "needs_jobs", "needs_hires"]
