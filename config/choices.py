"""Searchable choices (Tom Select, vendored in static/vendor/tom-select/, started by
static/js/choices.js): the widgets forms and filters use, and the JSON endpoints the
autocompletes query.

- `Autocomplete` / `AutocompleteMultiple`: for a choice among rows that can number in the
  hundreds or thousands (organisations, conventions). The page renders **only the selected
  values** as `<option>`s, read from the field's own queryset, so its size does not grow with
  the table and an id outside that queryset is never labelled; typing queries a `ChoicesView`
  scoped through the model's `visible_to`. The field still validates against its queryset.
  Without JavaScript the select keeps the selected values (degraded, but the page works).
- `SearchableSelectMultiple`: a native multiple select whose options are all rendered (a short
  fixed list such as the 101 départements), made searchable in the browser: what is offered is
  exactly the field's queryset, the one the form restricts to the user's scope.
"""

from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from config.search import matches

#: Results returned by one autocomplete request.
CHOICES_LIMIT = 20
#: Longest search term considered, in characters.
TERM_MAX_LENGTH = 100


def _texts():
    """What static/js/choices.js shows, in the user's language."""
    return {
        "data-choices-placeholder": _("Type to search"),
        "data-choices-no-results": _("No result"),
        "data-choices-remove": _("Remove"),
    }


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multiple select of a short fixed list (every option rendered), searchable with the
    keyboard once static/js/choices.js has started Tom Select on it."""

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-choices": "local", **_texts()}
        return super().get_context(name, value, attrs)


class AutocompleteMixin:
    """Renders only the selected values and points the browser at a `ChoicesView`.

    `url_name`: the name of the endpoint's URL. `params`: narrowing filters the endpoint
    understands (for example `{"kind": "company"}`), sent with every request; they narrow,
    never widen, what `visible_to` allows. `value_field`: the endpoint's result key holding
    the option's value (`"value"`: the primary key)."""

    def __init__(self, url_name, params=None, value_field="value", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.params = params or {}
        self.value_field = value_field

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def get_context(self, name, value, attrs):
        url = reverse(self.url_name)
        if self.params:
            url = f"{url}?{urlencode(self.params, doseq=True)}"
        attrs = {
            **(attrs or {}),
            "data-choices": "remote",
            "data-choices-url": url,
            "data-choices-value": self.value_field,
            **_texts(),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        all_choices = self.choices
        self.choices = self._selected_choices(value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = all_choices

    def _selected_choices(self, value):
        """The empty choice (single selects), then the selected values found in the field's
        queryset: one query, none when nothing is selected."""
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return list(choices)
        field = choices.field
        selected = []
        empty_label = getattr(field, "empty_label", None)
        if not self.allow_multiple_selected and empty_label is not None:
            selected.append(("", empty_label))
        key = field.to_field_name or "pk"
        meta = choices.queryset.model._meta
        model_field = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
        keys = []
        for item in value:
            if item in (None, ""):
                continue
            try:
                keys.append(model_field.to_python(item))
            except ValidationError:
                continue  # Not even a well-formed key: the field reports it.
        if keys:
            queryset = choices.queryset.filter(**{f"{key}__in": keys})
            selected.extend(choices.choice(obj) for obj in queryset)
        return selected


class Autocomplete(AutocompleteMixin, forms.Select):
    """A single choice searched through a `ChoicesView`."""


class AutocompleteMultiple(AutocompleteMixin, forms.SelectMultiple):
    """Several choices searched through a `ChoicesView`."""


@method_decorator(never_cache, name="dispatch")
class ChoicesView(LoginRequiredMixin, View):
    """JSON answer of an autocomplete: `{"results": [{"value", "text"}…], "more": bool}`, at
    most `CHOICES_LIMIT` rows whose `search_fields` contain the `q` term (accent- and
    case-insensitive, `config.search.matches`). Subclasses give `get_queryset()`, which must
    start from the model's `visible_to(self.request.user)`, and may override `label(obj)` and
    `result(obj)`. Anonymous visitors are sent to the sign-in page."""

    search_fields = ("name",)

    def get_queryset(self):
        raise NotImplementedError

    def label(self, obj):
        """The text shown for `obj`."""
        return str(obj)

    def result(self, obj):
        """One result: its value (primary key) and label."""
        return {"value": obj.pk, "text": self.label(obj)}

    def get(self, request, *args, **kwargs):
        term = request.GET.get("q", "").strip()[:TERM_MAX_LENGTH]
        queryset = self.get_queryset()
        if term:
            queryset = queryset.filter(
                reduce(or_, (matches(field, term) for field in self.search_fields))
            )
        rows = list(queryset[: CHOICES_LIMIT + 1])
        return JsonResponse(
            {
                "results": [self.result(obj) for obj in rows[:CHOICES_LIMIT]],
                "more": len(rows) > CHOICES_LIMIT,
            }
        )
