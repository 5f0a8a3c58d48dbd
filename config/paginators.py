"""A paginator for deep pages of long lists: the page's keys first, then its rows.

`queryset[offset:offset + 25]` makes PostgreSQL read, join and (for the ties of an incomplete
index) sort every row before the offset: on the last page of 100,000 people, 100,000 rows with
their joins for 25 shown. Selecting only the keys of the page, in the list's order, reads the
sort index alone; the rows and their joins are then read for those 25 keys ("deferred join").
Still one query: the keys are a subquery."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A `Paginator` over a queryset whose pages are read in one query: the page's keys, sliced
    from `queryset.values("pk")` in the list's order, as a subquery; then the rows of those
    keys with the queryset's `select_related`, `prefetch_related`, deferred fields and order,
    without its filters (its keys already passed them: repeating a scope condition would make
    PostgreSQL evaluate it over the whole table again). A queryset with annotations, DISTINCT
    or `extra()` keeps its filters (`queryset.filter(pk__in=keys)`), as its rows may need them.
    Same rows, same order. Takes and raises what `Paginator` does."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(rows_of(self.object_list, keys), number, self)


def rows_of(queryset, keys):
    """The rows of `queryset` whose key is among `keys` (a values("pk") queryset), read as
    `queryset` reads them (see `KeysFirstPaginator`)."""
    query = queryset.query
    if query.annotations or query.distinct or query.extra or query.extra_tables:
        return queryset.filter(pk__in=keys)
    rows = queryset.model._base_manager.filter(pk__in=keys)
    if query.order_by or not query.default_ordering:
        rows = rows.order_by(*query.order_by)
    rows.query.select_related = query.select_related
    rows.query.deferred_loading = query.deferred_loading
    return rows.prefetch_related(*queryset._prefetch_related_lookups)
