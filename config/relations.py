"""Scope conditions that PostgreSQL plans with each relation's own index, whatever the volume:
what every `visible_to` (and the filters and figures shaped like it) is made of.

`Q(departments__in=…) | Q(partners__in=…)` joins every relation at once (each action repeated
once per département × partner) and filters the product: at national volumes hundreds of
thousands of joined rows for a page of 25. ORing one `pk IN (subquery)` per relation avoids the
join, but PostgreSQL then guesses that each subquery keeps half the table and plans the page
as if thousands of rows matched. So each relation gives the ids it links to, read from its link
table through its index (`linked_ids`), and the row is visible when its key is in their UNION
(`any_of`): one semi-join whose size PostgreSQL estimates from each part (docs/decisions.md).
"""

from django.db.models import Exists, OuterRef, Q


def linked_ids(relation, **lookups):
    """The ids of the rows linked through `relation` (the forward descriptor of a
    ManyToManyField, such as `Action.partners`) to a row of its link table that `lookups`
    select (`organisation__in=ids`, `department__in=ids`), read from the link table alone:
    a one-column values queryset."""
    column = relation.field.m2m_column_name()
    return relation.through.objects.filter(**lookups).values(column)


def unlinked_ids(relation):
    """The ids of the rows that `relation` (a ManyToManyField's forward descriptor) links to
    nothing, such as national actions with no département (NOT EXISTS on the link table)."""
    field = relation.field
    linked = relation.through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
    return field.model._base_manager.filter(~Exists(linked)).values("pk")


def any_of(*ids):
    """Q: the row's key is among `ids`, one-column values querysets (one per relation: see
    `linked_ids`, or `Model.objects.filter(…).values("pk")` for a condition on the row itself),
    combined by UNION ALL. With no queryset, nothing matches."""
    parts = [part.order_by() for part in ids]
    if not parts:
        return Q(pk__in=[])
    return Q(pk__in=parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])
