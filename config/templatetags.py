"""Display helpers shared by every app's templates (`{% load tremplin %}`): long lists of
names shortened for tables, and what a page shows when its form was refused."""

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

#: Names shown before "… + N" in a table cell.
SHORT_NAMES_SHOWN = 2


@register.filter
def short_names(objects, shown=SHORT_NAMES_SHOWN):
    """HTML for a table cell naming `objects` (any iterable; each shown as `str()`): the first
    `shown` (int) names, then "… + N" for the others, e.g. "Akto, DIAIR… + 3". The full list is
    in the cell's tooltip and, for screen readers, in place of the short one. "—" when empty."""
    names = [str(obj) for obj in objects]
    if not names:
        return "—"
    if len(names) <= shown:
        return ", ".join(names)
    full = ", ".join(names)
    short = _("%(names)s… + %(others)s") % {
        "names": ", ".join(names[:shown]),
        "others": len(names) - shown,
    }
    return format_html(
        '<span title="{}" aria-hidden="true">{}</span><span class="fr-sr-only">{}</span>',
        full,
        short,
        full,
    )


def _forms_in(context):
    """Every form and formset form of the template context (a page may hold several)."""
    for value in context.flatten().values():
        if isinstance(value, BaseFormSet):
            yield from value.forms
        elif isinstance(value, forms.BaseForm):
            yield value


@register.simple_tag(takes_context=True)
def form_error_title(context):
    """ "Error: " when a form of the page was submitted and refused, else "": the prefix of the
    page title that tells a screen-reader user at once that the submission failed (RGAA 4.1,
    criterion 8.6 and its note on forms; DSFR's form guidance)."""
    refused = any(form.is_bound and form.errors for form in _forms_in(context))
    return _("Error: ") if refused else ""


@register.simple_tag
def form_error_links(form):
    """HTML list items linking each error of `form` (a bound Django form) to its field
    (`#id_<name>`, the id django-dsfr gives the input, or the first of a group of choices), in
    field order; errors not tied to a field are listed as text."""
    items = [(error,) for error in form.non_field_errors()]
    links = []
    for field in form:
        for error in field.errors:
            text = _("%(label)s: %(value)s") % {"label": field.label, "value": error}
            links.append((_anchor(field), text))
    return format_html_join("", "<li>{}</li>", items) + format_html_join(
        "", '<li><a href="#{}">{}</a></li>', links
    )


def _anchor(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound_field.id_for_label}_0"
    return bound_field.id_for_label


@register.simple_tag
def filters_set(filterset):
    """True when a django-filter `filterset` narrows its list (a filter other than the sort has
    a value other than its empty one; an unticked box is empty), so that an empty list can say
    "no result matches these filters" rather than what will appear there. No query."""
    form = filterset.form
    if not form.is_bound:
        return False
    if not form.is_valid():
        return True
    return any(
        name != "ordering" and _narrows(form.fields[name], form.cleaned_data.get(name))
        for name in form.changed_data
    )


def _narrows(field, value):
    """A chosen "No" narrows a list; an unticked box does not."""
    if value is False:
        return not isinstance(field.widget, forms.CheckboxInput)
    return value not in (None, "", [], ())
