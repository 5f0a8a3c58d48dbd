"""The map's question: which indicator, over which year (the current one by default)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.filters import FilterForm

from .indicators import DEFAULT_INDICATOR, MAP_INDICATORS

#: The first year shown: Tremplin holds no pathway before HOPE began (2017).
FIRST_YEAR = 2017


class MapForm(FilterForm):
    """`indicator` (a key of `MAP_INDICATORS`) and `year`; an empty or unknown answer falls back
    to the default indicator and the current year (Europe/Paris), so the page always draws."""

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["indicator"].choices = [(k, i.label) for k, i in MAP_INDICATORS.items()]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, FIRST_YEAR - 1, -1)]

    def answer(self):
        """(MapIndicator, year) asked, or the defaults for what is missing or refused."""
        this_year = timezone.localdate().year
        if not self.is_valid():
            return MAP_INDICATORS[DEFAULT_INDICATOR], this_year
        key = self.cleaned_data["indicator"] or DEFAULT_INDICATOR
        return MAP_INDICATORS[key], self.cleaned_data["year"] or this_year
