"""A national volume of data on top of the demo data, for measuring pages (``generate_volume``
and ``scripts/benchmark_pages.py``): about 19,600 organisations over the 101 départements,
2,000 actions and 130 CTAI contracts, 2,000 conventions with 5,000 objectives, 5,000
mobilisation actions with 38,000 invitations and 20,000 attendances, 10,000 leads at every
status and 30,000 interactions, each row with its history (issue 10); then 100,000
beneficiaries with 150,000 enrolments, 1,000,000 pathway steps and 60,000 follow-ups (issue 11,
``people``), written with ``COPY`` and without history rows (the access log stays empty).

Every choice comes from one seeded ``random.Random``, so a run on the same demo data writes the
same rows. Rows are bulk-inserted (``bulk_create`` in batches, many-to-many rows through their
through-models, history rows with ``bulk_create_with_history`` or ``bulk_history_create``);
the many-to-many history tables are not filled, as in ``seed_demo``.

``STEPS`` is the extension point: each step takes the run's ``Volume`` and returns the counts of
what it wrote by kind; a later step (beneficiaries) appends itself to the list and reads the
pools the earlier ones filled (``volume.by_kind``, ``volume.by_place``, ``volume.contracts``…).
"""

from collections.abc import Callable
from typing import NamedTuple

from partners.models import Organisation

from . import leads, mobilisation, people, programmes, registry
from .context import NATIONAL, SCALES, SIREN_PREFIX, Volume

__all__ = ["NATIONAL", "SCALES", "STEPS", "Step", "Volume", "already_generated"]


class Step(NamedTuple):
    """One stage of the generation: `name` for the progress lines, `run(volume)` returning a
    dict {kind of row: number written}."""

    name: str
    run: Callable


STEPS = [
    Step("organisations", registry.organisations),
    Step("contacts", registry.contacts),
    Step("CTAI contracts", programmes.contracts),
    Step("actions", programmes.actions),
    Step("leads and conventions", leads.leads),
    Step("mobilisation actions", mobilisation.mobilisation),
    Step("interactions", mobilisation.interactions),
    Step("people", people.beneficiaries),
]


def already_generated():
    """How many organisations a previous run wrote (their SIREN starts with SIREN_PREFIX)."""
    return Organisation.objects.filter(siren__startswith=SIREN_PREFIX).count()
