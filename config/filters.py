"""What every list's filters share: the form (labels without DSFR's "(optional)" mark, empty
choices that read "All", yes/no without "Unknown"), territory choices limited to what the
user follows, and sorting that ignores case and accents.

Every list's FilterSet derives from `ListFilterSet`, sets `Meta.form = FilterForm` and sorts
with `OrderingFilter`."""

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import BoundField, DsfrForm
from .search import Normalised

#: django-dsfr's field snippets, and the copies without the "(optional)" mark that filters use.
FILTER_SNIPPETS = {
    "dsfr/form_field_snippets/input_snippet.html": "includes/filter_field.html",
    "dsfr/form_field_snippets/checkbox_snippet.html": "includes/filter_checkbox.html",
}


class YesNoSelect(forms.Select):
    """A yes/no filter: "All", "Yes" or "No" — never django's "Unknown", which reads as a
    third state of the data rather than "do not filter"."""

    group_class = "fr-select-group"

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])

    def format_value(self, value):
        value = {True: "true", False: "false"}.get(value, value)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return {"true": True, "false": False}.get(str(data.get(name, "")).lower())


class FilterBoundField(BoundField):
    """A filter is optional by nature: its label goes without DSFR's "(optional)" mark (the
    mark comes from django-dsfr's snippets, which read only the global setting)."""

    @property
    def template_name(self):
        template_name = super().template_name
        return FILTER_SNIPPETS.get(template_name, template_name)


class FilterForm(DsfrForm):
    """The form of every list's filters (and of the funnel's): no "(optional)" mark, "All"
    for the empty choice, "All / Yes / No" for yes/no questions."""

    bound_field_class = FilterBoundField
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.NullBooleanSelect):
                field.widget = YesNoSelect(attrs=field.widget.attrs)
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = _("All")


def _descending(label):
    return gettext("%s (descending)") % label


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering, with text columns sorted ignoring case and accents
    ("Île-de-France" under I), the same way on PostgreSQL and SQLite (config.search's
    normalisation). The primary key breaks ties, so that pages do not overlap. Its
    "(descending)" labels are translated when a page shows them: django-filter formats them
    once, when the filter class is built (at import, in the default language)."""

    def build_choices(self, fields, labels):
        """[(param, label)] ascending then descending for each field, every label lazy."""
        choices = []
        for param, label in super().build_choices(fields, labels)[::2]:
            choices.append((param, label))
            descending = f"-{param}"
            choices.append((descending, labels.get(descending, lazy(_descending, str)(label))))
        return choices

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        ordering = [
            self.ordering_expression(qs.model, self.get_ordering_value(param))
            for param in value
            if param not in django_filters.constants.EMPTY_VALUES
        ]
        return qs.order_by(*ordering, "pk")

    @staticmethod
    def ordering_expression(model, value):
        """`value` ("name", "-department__code"…) as an `order_by()` argument: text fields go
        through the normalisation, other fields (dates, numbers) stay as they are."""
        descending = value.startswith("-")
        path = value.lstrip("-")
        if not isinstance(_field_at(model, path), (models.CharField, models.TextField)):
            return value
        expression = Normalised(path)
        return expression.desc() if descending else expression.asc()


def _field_at(model, path):
    """The model field at the end of `path` ("department__code"), or None for an
    annotation or an unknown name."""
    field = None
    for name in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


class ListFilterSet(django_filters.FilterSet):
    """A list's filters, with territory choices (départements, régions) limited to those the
    user follows (`filterable_by(user)` on the choices' queryset), and a territory filter left
    out when it would offer a single choice (or none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            self._limit_territories(user)

    def _limit_territories(self, user):
        for name, filter_ in list(self.filters.items()):
            queryset = getattr(filter_, "queryset", None)
            if not isinstance(queryset, models.QuerySet) or not hasattr(queryset, "filterable_by"):
                continue
            limited = queryset.filterable_by(user)
            if self._offers_a_choice(limited):
                filter_.queryset = limited
            else:
                del self.filters[name]

    def _offers_a_choice(self, limited):
        """Whether `limited` has two rows or more. Unrestricted, it offers all of France;
        restricted, two rows are enough to know. Answered once per request and model: a
        page may build its filterset twice (the lead list counts statuses with another)."""
        if not limited.query.has_filters():
            return True
        answers = self.request.__dict__.setdefault("_territory_filter_choices", {})
        key = limited.model._meta.label
        if key not in answers:
            answers[key] = len(limited.values_list("pk", flat=True)[:2]) > 1
        return answers[key]
