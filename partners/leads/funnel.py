"""The company mobilisation funnel of a territory over a period: mobilisation actions →
organisations reached → interests → qualified leads → conventions, in total and by sector.

Plain functions, four queries whatever the data: the rows are counted in Python because
sectors are JSON lists, which SQLite and PostgreSQL search differently.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import (
    Convention,
    ConventionStatus,
    Lead,
    LeadStatus,
    MobilisationAction,
    Organisation,
)
from partners.models.convention import ConventionScope
from programmes.models import Sector

#: Leads counted as qualified: qualified, or beyond (a convention was signed), or ever
#: qualified (qualified_at stamped) before being dropped.
QUALIFIED_STATUSES = (LeadStatus.QUALIFIED, LeadStatus.CONVENTION)

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
    """Actions held in the period, in the territory (None: all France, national ones
    included)."""
    actions = MobilisationAction.objects.filter(date__gte=start, date__lte=end)
    if department_ids is not None:
        actions = actions.filter(departments__in=department_ids)
    return MobilisationAction.objects.filter(pk__in=actions.values("pk"))


def organisations_reached(start, end, department_ids=None):
    """The distinct organisations present at those actions."""
    actions = mobilisation_actions(start, end, department_ids)
    return Organisation.objects.filter(pk__in=actions.values("attendees"))


def interests(start, end, department_ids=None):
    """Leads submitted in the period, in the territory."""
    leads = Lead.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
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
            Q(scope=ConventionScope.NATIONAL) | Q(departments__in=department_ids)
        )
    return Convention.objects.filter(pk__in=conventions.values("pk"))


def _sectors(value):
    return value or [NO_SECTOR]


def funnel(start, end, department_ids=None):
    """Every step of the funnel, in total and by sector: organisations by the sectors they
    recruit in, leads by the sectors they name, conventions by their parties' sectors. An
    organisation or lead in several sectors counts once in each."""
    rows = {code: SectorRow(code, label) for code, label in Sector.choices}
    rows[NO_SECTOR] = SectorRow(NO_SECTOR, _("Sector not given"))

    def row(code):
        if code not in rows:  # a sector since removed from the list
            rows[code] = SectorRow(code, code)
        return rows[code]

    result = Funnel(actions=mobilisation_actions(start, end, department_ids).count())

    reached = organisations_reached(start, end, department_ids).values_list(
        "needs_sectors", flat=True
    )
    for sectors in reached:
        result.organisations += 1
        for code in set(_sectors(sectors)):
            row(code).organisations += 1

    leads = interests(start, end, department_ids).values_list("sectors", "status", "qualified_at")
    for sectors, status, qualified_at in leads:
        # Qualified once counts, even if the lead was later not pursued.
        qualified = status in QUALIFIED_STATUSES or qualified_at is not None
        result.interests += 1
        result.qualified += qualified
        for code in set(_sectors(sectors)):
            row(code).interests += 1
            row(code).qualified += qualified

    convention_sectors = {}
    for pk, sectors in conventions_signed(start, end, department_ids).values_list(
        "pk", "parties__needs_sectors"
    ):
        convention_sectors.setdefault(pk, set()).update(sectors or [])
    result.conventions = len(convention_sectors)
    per_sector = Counter()
    for sectors in convention_sectors.values():
        per_sector.update(sectors or {NO_SECTOR})
    for code, count in per_sector.items():
        row(code).conventions = count

    result.sectors = list(rows.values())
    return result
