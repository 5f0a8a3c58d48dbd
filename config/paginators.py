"""A paginator for deep pages of long lists: the page's keys first, then its rows.

`queryset[offset:offset + 25]` makes PostgreSQL read, join and (for the ties of an incomplete
index) sort every row before the offset: on the last page of 100,000 people, 100,000 rows with
their joins for 25 shown. Selecting only the keys of the page, in the list's order, reads the
sort index alone; the rows and their joins are then read for those 25 keys ("deferred join").
Still one query: the keys are a subquery."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class KeysFirstPaginator(Paginator):
    """A `Paginator` over a queryset whose pages are read in one query: the page's keys, sliced
    from `queryset.values("pk")` in the list's order, as a subquery; then the rows of those
    keys with the queryset's `select_related`, `prefetch_related`, deferred fields and order,
    without its filters (its keys already passed them: repeating a scope condition would make
    PostgreSQL evaluate it over the whole table again). A queryset with annotations, DISTINCT
    or `extra()` keeps its filters (`queryset.filter(pk__in=keys)`), as its rows may need them.
    Same rows, same order. Takes and raises what `Paginator` does, and `annotate_rows`: a
    function (queryset → queryset) adding the page's per-row annotations to its rows only,
    so that the list's queryset keeps none and its filters are not read again for the page
    (an annotation on the list makes `rows_of` keep them)."""

    def __init__(self, *args, annotate_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.annotate_rows = annotate_rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = rows_of(self.object_list, self.keys_between(bottom, top))
        if self.annotate_rows is not None:
            rows = self.annotate_rows(rows)
        return self._get_page(rows, number, self)

    def keys_between(self, bottom, top):
        """The keys of the list's rows `bottom` to `top` (excluded), in its order: a subquery."""
        return self.object_list.values("pk")[bottom:top]


class KeysListPaginator(KeysFirstPaginator):
    """A `KeysFirstPaginator` that reads every key of the list once, in its order (one query):
    their number is the count, a page's keys their slice. For a filter that costs per row
    and cannot be served by an index alone, such as a search's normalised text
    (`config.search.matches`): counting, then paging, would evaluate it twice over the same
    rows. Only for lists of bounded length (mobilisation actions: 5,000 at national scale),
    since it holds every key. Same rows, same order, same number of queries."""

    @cached_property
    def keys(self):
        """[key] of the whole list, in its order."""
        return list(self.object_list.values_list("pk", flat=True))

    @cached_property
    def count(self):
        return len(self.keys)

    def keys_between(self, bottom, top):
        return self.keys[bottom:top]


def rows_of(queryset, keys):
    """The rows of `queryset` whose key is among `keys` (a values("pk") queryset or a list), read as
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
