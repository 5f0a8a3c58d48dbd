"""Template tags shared by every list (library `lists`): column headers that sort the list
with a click, and the active filters shown as removable tags."""

import datetime

from django import forms, template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()

#: Query parameters that are not filters: they never show as a tag.
NOT_FILTERS = {"ordering", "page"}


def _link(request, query):
    """A link to the current page with `query` (a QueryDict) and no page number."""
    query = query.copy()
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else request.path


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, param, label, css_class=""):
    """A `<th>` whose button sorts the list by `param` (a parameter of the `ordering` filter
    of the page's filterset, `filter` in the context as django-filter's views put it),
    ascending first, then descending; `aria-sort` says how the list is sorted now. Without
    such a filterset (a table shown on another page) or such a parameter: a plain header.
    `css_class`: classes of the `<th>`, such as "tremplin-secondary" (hidden on a phone)."""
    request = context["request"]
    filterset = context.get("filter")
    ordering = getattr(filterset, "filters", {}).get("ordering")
    sortable = ordering is not None and param in getattr(ordering, "param_map", {})
    current = request.GET.get("ordering", "")
    direction = {param: "ascending", f"-{param}": "descending"}.get(current)
    query = request.GET.copy()
    query["ordering"] = f"-{param}" if direction == "ascending" else param
    if direction == "ascending":
        action = _("Sort by “%(label)s”, descending") % {"label": label}
    else:
        action = _("Sort by “%(label)s”, ascending") % {"label": label}
    return {
        "label": label,
        "css_class": css_class,
        "sortable": sortable,
        "direction": direction,
        "url": _link(request, query),
        "action": action,
    }


def _shown_value(field, value):
    """How a cleaned filter value reads on its tag."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if getattr(field, "null_label", None) is not None and value == field.null_value:
        return str(field.null_label)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


@register.simple_tag(takes_context=True)
def active_filters(context, form):
    """A list of the filters `form` applies now (dicts: label, value, url), each with the link
    that removes it (the other filters and the sort kept). Values come from the cleaned data:
    a model choice shows its name without a further query; an invalid value shows no tag
    (its field shows the error)."""
    request = context["request"]
    cleaned = getattr(form, "cleaned_data", {})
    tags = []
    for name, field in form.fields.items():
        if name in NOT_FILTERS or request.GET.get(name, "") == "":
            continue
        value = cleaned.get(name)
        if value in (None, "", [], ()):
            continue
        query = request.GET.copy()
        query.pop(name)
        label = field.label or name
        tags.append(
            {
                "label": label,
                "value": _shown_value(field, value),
                "url": _link(request, query),
            }
        )
    return tags
