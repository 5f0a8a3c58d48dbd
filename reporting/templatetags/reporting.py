"""Figures for the pages of the domain apps, which never import `reporting`: their templates
ask for them here, once per page, as django.contrib.comments once let any page count comments.

    {% load reporting %}
    {% objectives_progress objectives as progress %}
    {% with objective_progress=progress|progress_of:objective %}…{% endwith %}
"""

from django import template

from reporting import progress
from reporting.figures import action_figures as _action_figures

register = template.Library()


@register.simple_tag(takes_context=True)
def objectives_progress(context, objectives):
    """{objective id: Progress} for every convention objective of the page; counts of fewer
    than 5 people are suppressed for a viewer who may not see them (a company contact)."""
    return progress.objectives_progress(objectives, viewer=context["request"].user)


@register.simple_tag
def targets_progress(targets):
    """{target id: Progress} for every programme target of the page."""
    return progress.targets_progress(targets)


@register.simple_tag
def action_figures(actions):
    """Counts and totals of a set of programme actions."""
    return _action_figures(actions)


@register.filter
def progress_of(progress_by_id, row):
    """The Progress of one objective or target, out of a tag's result."""
    return progress_by_id[row.pk]
