"""Conditions on many-to-many relations that PostgreSQL plans with the link table's own index:
what every `visible_to` and filter combines, one condition per relation, with OR on the key.

`Q(departments__in=…) | Q(partners__in=…)` joins every relation at once (each action repeated
once per département × partner) and filters the product: with national volumes that is hundreds
of thousands of joined rows for a page of 25. `linked(Action.departments, department__in=…) |
linked(Action.partners, organisation__in=…)` reads each link table once, through its index
(docs/decisions.md, "One subquery per relation").
"""

from django.db.models import Exists, OuterRef, Q


def linked(relation, **lookups):
    """Q: the rows linked through `relation` to a row of the link table that `lookups` select.

    `relation` is the forward descriptor of a ManyToManyField (`Action.partners`); `lookups`
    filter its link table, named after the field's target (`organisation__in=ids`,
    `department__in=ids`). Returns `Q(pk__in=<ids read from the link table alone>)`."""
    field = relation.field
    return Q(pk__in=relation.through.objects.filter(**lookups).values(field.m2m_column_name()))


def unlinked(relation):
    """Q: the rows that `relation` (a ManyToManyField's forward descriptor) links to nothing,
    as NOT EXISTS on the link table (`departments__isnull=True` would join the relation and
    repeat rows)."""
    field = relation.field
    return ~Exists(relation.through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")}))
