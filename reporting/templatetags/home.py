"""The home page's figures, to-do list and partnership (`reporting.home`), for the account
home page, which `accounts` renders without importing `reporting`:

    {% load home %}
    {% key_figures as figures %}   {% trend as trend %}   {% todo_list as todos %}
    {% partnership as partnership %}
"""

from django import template
from django.utils import timezone

from reporting import home

register = template.Library()


@register.simple_tag(takes_context=True)
def key_figures(context):
    """The user's key figures (`reporting.home.key_figures`), this year so far against the
    same days of last year; [] for a user without `reporting.view_key_figures`."""
    user = context["request"].user
    if not user.has_perm("reporting.view_key_figures"):
        return []
    today = timezone.localdate()
    remember = home.remembered_for(user, today)
    return remember("key_figures", lambda: home.key_figures(user, today))


@register.simple_tag(takes_context=True)
def trend(context):
    """The user's chart (`reporting.home.trend`, cached with the key figures): their scope's
    entries, exits and sorties dynamiques by month this year; None for a user without
    `reporting.view_key_figures`."""
    user = context["request"].user
    if not user.has_perm("reporting.view_key_figures"):
        return None
    today = timezone.localdate()
    return home.remembered_for(user, today)("trend", lambda: home.trend(user, today))


@register.simple_tag(takes_context=True)
def todo_list(context):
    """The user's to-do list today: `lines` (`reporting.home.todo_list`, its slow counts
    cached per scope) and `pending`, the sum of their counts (0: the page says nothing is
    waiting)."""
    user, today = context["request"].user, timezone.localdate()
    lines = home.todo_list(user, today, remember=home.remembered_for(user, today))
    return {"lines": lines, "pending": sum(line.count for line in lines)}


@register.simple_tag(takes_context=True)
def partnership(context):
    """A company contact's conventions, objectives and next events (`reporting.home.
    partnership`); None for a user without `reporting.view_partnership`."""
    user = context["request"].user
    if not user.has_perm("reporting.view_partnership"):
        return None
    return home.partnership(user, timezone.localdate())
