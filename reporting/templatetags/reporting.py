"""Figures for the pages of the domain apps, which never import `reporting`: their templates
ask for them here, once per page, as django.contrib.comments once let any page count comments.

    {% load reporting %}
    {% objectives_progress objectives as progress %}
    {% with objective_progress=progress|progress_of:objective %}…{% endwith %}
"""

from django import template
from django.utils import timezone

from reporting import cache, progress
from reporting.figures import action_figures as _action_figures

register = template.Library()


@register.simple_tag(takes_context=True)
def objectives_progress(context, objectives):
    """{objective id: Progress} for every convention objective of the page; counts of fewer
    than 5 people are suppressed for a viewer who may not see them (a company contact).
    Cached per objectives, day and viewer's scope in the dashboards' cache (`reporting.cache`,
    dropped when an objective, a convention or a fact they measure changes): measuring them
    reads the parties' pathway steps and events, tens of milliseconds each at national volume."""
    viewer, objectives = context["request"].user, list(objectives)
    parts = (
        "objectives_progress",
        timezone.localdate(),
        tuple(sorted(objective.pk for objective in objectives)),
        cache.scope_key(viewer),
    )
    return cache.cached(parts, lambda: progress.objectives_progress(objectives, viewer=viewer))


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
