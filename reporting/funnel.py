"""The company mobilisation funnel of a territory over a period: mobilisation actions →
organisations reached → interests → qualified leads → conventions, in total and by sector.

The two steps that are indicators — mobilisation actions and interests (leads) — are the
indicator dictionary's `mobilisation_actions` and `leads` (`reporting.dictionary.compute`); the
other steps (organisations reached, qualified leads, conventions signed) and the split by
sector are the funnel's own stages, not indicators (docs/decisions.md). Counted in the
database, five queries whatever the data (`count_funnel`), then kept in the dashboards' cache
(`funnel`). Sectors are JSON lists of codes; a row is in a sector when its list holds the
code: JSON containment on PostgreSQL, the quoted code in the JSON text on the embedded SQLite
(codes are plain slugs, so `"care"` matches nothing else).
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from config.relations import any_of, linked_ids, unlinked_ids
from config.vocabularies import Sector
from partners.models import (
    Convention,
    ConventionStatus,
    Lead,
    LeadStatus,
    MobilisationAction,
    Organisation,
)
from partners.models.convention import ConventionScope
from partners.models.interest import day_start

from . import cache, dictionary

#: Leads counted as qualified: qualified, or beyond (a convention was signed), or ever
#: qualified (qualified_at stamped) before being dropped.
QUALIFIED = Q(status__in=(LeadStatus.QUALIFIED, LeadStatus.CONVENTION)) | Q(
    qualified_at__isnull=False
)

#: The row of what was submitted or recorded without a sector.
NO_SECTOR = ""


@dataclass
class SectorRow:
    code: str
    label: str
    organisations: int = 0
    interests: int = 0
    qualified: int = 0
    conventions: int = 0


@dataclass
class Funnel:
    actions: int = 0
    organisations: int = 0
    interests: int = 0
    qualified: int = 0
    conventions: int = 0
    sectors: list = field(default_factory=list)


def mobilisation_actions(start, end, department_ids=None):
    """Actions held in the period, in the territory (None: all France). A national action (no
    département) counts in every territory, as for convention objectives (docs/decisions.md)."""
    actions = MobilisationAction.objects.filter(date__gte=start, date__lte=end)
    if department_ids is not None:
        departments = MobilisationAction.departments
        actions = actions.filter(
            any_of(
                linked_ids(departments, department__in=department_ids),
                unlinked_ids(departments),
            )
        )
    return actions


def organisations_reached(start, end, department_ids=None):
    """The distinct organisations present at those actions."""
    actions = mobilisation_actions(start, end, department_ids)
    return Organisation.objects.filter(pk__in=actions.values("attendees"))


def interests(start, end, department_ids=None):
    """Leads submitted in the period (local days, as a range on the indexed timestamp), in the
    territory."""
    leads = Lead.objects.filter(
        submitted_at__gte=day_start(start),
        submitted_at__lt=day_start(end + datetime.timedelta(days=1)),
    )
    if department_ids is not None:
        leads = leads.filter(department__in=department_ids)
    return leads


def conventions_signed(start, end, department_ids=None):
    """Conventions signed in the period that cover the territory: national ones, or those of
    one of its départements."""
    conventions = Convention.objects.filter(signed_on__gte=start, signed_on__lte=end).exclude(
        status=ConventionStatus.DRAFT
    )
    if department_ids is not None:
        conventions = conventions.filter(
            any_of(
                Convention.objects.filter(scope=ConventionScope.NATIONAL).values("pk"),
                linked_ids(Convention.departments, department__in=department_ids),
            )
        )
    return conventions


SECTOR_CODES = [*Sector.values, NO_SECTOR]


def _in_sector(path, code):
    if code == NO_SECTOR:
        return Q(**{path: []})
    if connection.vendor == "postgresql":
        # JSON containment (@>) reads the stored jsonb; the text test below would convert and
        # upper-case every row's list once per sector (about five times slower).
        return Q(**{f"{path}__contains": [code]})
    return Q(**{f"{path}__icontains": f'"{code}"'})


def _per_sector(prefix, path, counted=None, distinct=False):
    """Aggregates counting the rows in each sector (and in none), named `<prefix>_<index>`."""
    return {
        f"{prefix}_{index}": Count(
            "pk", filter=_in_sector(path, code) & (counted or Q()), distinct=distinct
        )
        for index, code in enumerate(SECTOR_CODES)
    }


def _read(prefix, result):
    return {code: result[f"{prefix}_{index}"] for index, code in enumerate(SECTOR_CODES)}


def funnel(start, end, department_ids=None):
    """`count_funnel(start, end, department_ids)`, kept in the dashboards' cache
    (`reporting.cache`: dropped when a lead, a mobilisation action, an organisation or a
    convention changes, ten minutes at most): over five years of all France it reads every
    lead, attendance and convention of the period (a tenth of a second at national volume),
    as often as the page is opened."""
    territory = None if department_ids is None else tuple(sorted(department_ids))
    return cache.cached(
        ("funnel", start, end, territory), lambda: count_funnel(start, end, department_ids)
    )


def count_funnel(start, end, department_ids=None):
    """Every step of the funnel, in total and by sector: organisations by the sectors they
    recruit in, leads by the sectors they name, conventions by their parties' sectors. An
    organisation or lead in several sectors counts once in each."""
    filters = dictionary.Filters(start=start, end=end, departments=department_ids)
    result = Funnel(
        actions=dictionary.compute("mobilisation_actions", filters).total,
        interests=dictionary.compute("leads", filters).total,
    )

    reached = organisations_reached(start, end, department_ids).aggregate(
        total=Count("pk"), **_per_sector("organisations", "needs_sectors")
    )
    leads = interests(start, end, department_ids).aggregate(
        qualified=Count("pk", filter=QUALIFIED),
        **_per_sector("interests", "sectors"),
        **_per_sector("qualified", "sectors", counted=QUALIFIED),
    )
    # A convention is in each sector one of its parties names; in none when no party names one.
    conventions = _per_sector("conventions", "parties__needs_sectors", distinct=True)
    parties_with_sectors = Convention.parties.through.objects.exclude(
        organisation__needs_sectors=[]
    ).values("convention_id")
    conventions[f"conventions_{SECTOR_CODES.index(NO_SECTOR)}"] = Count(
        "pk", filter=~Q(pk__in=parties_with_sectors), distinct=True
    )
    signed = conventions_signed(start, end, department_ids).aggregate(
        total=Count("pk", distinct=True), **conventions
    )

    result.organisations = reached["total"]
    result.qualified = leads["qualified"]
    result.conventions = signed["total"]
    counts = {
        "organisations": _read("organisations", reached),
        "interests": _read("interests", leads),
        "qualified": _read("qualified", leads),
        "conventions": _read("conventions", signed),
    }
    labels = {**dict(Sector.choices), NO_SECTOR: _("Sector not given")}
    result.sectors = [
        SectorRow(code, labels[code], **{step: counts[step][code] for step in counts})
        for code in SECTOR_CODES
    ]
    return result
