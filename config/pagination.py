"""The pages a list's pagination control links to: a window around the current page rather
than every page number (800 and more at national scale). Loaded as `{% load pagination %}`
(registered in settings.TEMPLATES)."""

from django import template

register = template.Library()

#: Pages linked either side of the current one, and at each end of the list.
AROUND_CURRENT = 2
AT_ENDS = 1


@register.simple_tag
def page_window(page):
    """The numbers to show for `page` (a `django.core.paginator.Page`): the first and last
    pages, two either side of the current one, and `Paginator.ELLIPSIS` where numbers are
    left out, as a list (Django's `get_elided_page_range`: no loop over every page)."""
    return list(
        page.paginator.get_elided_page_range(
            page.number, on_each_side=AROUND_CURRENT, on_ends=AT_ENDS
        )
    )
