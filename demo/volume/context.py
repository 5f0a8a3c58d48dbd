"""What every step of ``generate_volume`` shares: the scale, the seeded random generator, the
demo accounts and organisations it builds on, the pools of generated rows the later steps draw
from, and the bulk writers (rows with their history, many-to-many rows)."""

import json
import random
from collections import defaultdict
from pathlib import Path

from django.core.management.base import CommandError
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from demo.accounts import seed_organisations
from demo.partnerships.dates import REFERENCE_DAY
from territories.models import Department

CHANGE_REASON = "Volume généré (generate_volume)"
SEED = "tremplin-volume"
#: Rows per INSERT statement.
BATCH_SIZE = 2_000
#: Rows built in memory before they are written (with their history rows).
CHUNK_SIZE = 10_000

#: Every SIREN of a generated organisation starts with these digits (the demo registry uses
#: 1, 2 and 4–9, the test factories 31): they mark what this command wrote.
SIREN_PREFIX = "39"

#: The national volume measured in issue 10, per kind of row; a scale multiplies it.
NATIONAL = {
    "organisations": 19_600,
    "contacts": 6_000,
    "contracts": 130,
    "actions": 2_000,
    "conventions": 2_000,
    "objectives": 5_000,
    "mobilisation actions": 5_000,
    "invitations": 38_000,
    "attendances": 20_000,
    "leads": 10_000,
    "interactions": 30_000,
    # Issue 11: the people, their pathways and follow-ups.
    "beneficiaries": 100_000,
    "enrolments": 150_000,
    "pathway steps": 1_000_000,
    "follow-ups": 60_000,
}
#: Named scales: the national volume, and about ten times the demo registry (≈ 4,000
#: organisations), quick enough for a development database.
SCALES = {"national": 1.0, "demo-x10": 0.2}

DATA = json.loads(
    (Path(__file__).parent.parent / "data" / "departments.json").read_text(encoding="utf-8")
)
#: INSEE code: (préfecture's town, population in thousands — approximate, used as a weight).
DEPARTMENTS = {code: tuple(row) for code, row in DATA["departments"].items()}

DEMO_USERS = {"national": "national@tremplin.test", "69": "rhone@tremplin.test"}
DEMO_USERS["75"] = "paris@tremplin.test"


class Volume:
    """The state of one run. `factor` (float > 0) multiplies `NATIONAL`; `planned(kind)` is
    the number of rows of that kind to write (at least 1). Raises CommandError when the demo
    data (``seed_demo``) is missing."""

    def __init__(self, factor):
        self.factor = factor
        self.rng = random.Random(SEED)
        self.today = REFERENCE_DAY
        self.departments = {d.code: d.pk for d in Department.objects.all()}
        self.codes = {pk: code for code, pk in self.departments.items()}
        self.names = dict(Department.objects.values_list("code", "name"))
        users = {u.email: u for u in User.objects.filter(email__in=DEMO_USERS.values())}
        if len(users) < len(DEMO_USERS) or len(self.departments) < 101:
            raise CommandError("The demo data is missing: run `manage.py seed_demo` first.")
        self.users = {key: users[email] for key, email in DEMO_USERS.items()}
        self.national_user = self.users["national"]
        demo = seed_organisations()  # finds seed_demo's operator and company
        self.demo_operator, self.demo_company = demo["operator"].pk, demo["company"].pk
        #: Organisation ids by kind, and by (département pk, kind); filled by the registry step.
        self.by_kind = defaultdict(list)
        self.by_place = defaultdict(list)
        self.department_of = {}
        self.org_names = {}
        #: The ids of the organisations this run wrote.
        self.generated = []
        #: (contract pk, département pk, first year) of the generated CTAI contracts.
        self.contracts = []
        self.contacts_of = defaultdict(list)
        self.conventions = []

    def planned(self, kind):
        return max(1, round(NATIONAL[kind] * self.factor))

    def weights(self):
        """The département codes and their population weights, in a stable order."""
        codes = sorted(self.departments)
        return codes, [DEPARTMENTS[code][1] for code in codes]

    def author(self, department_pk):
        """The demo coordinator of the département, else the national demo account."""
        return self.users.get(self.codes.get(department_pk), self.national_user)

    def pick(self, kinds, department_pk=None, count=1):
        """`count` distinct organisation ids of one of `kinds` (a tuple of OrganisationKind),
        from the département when it has any, else from anywhere."""
        pool = [pk for kind in kinds for pk in self.by_place[department_pk, kind]]
        if len(pool) < count:
            pool = [pk for kind in kinds for pk in self.by_kind[kind]]
        return self.rng.sample(pool, min(count, len(pool)))


def insert(model, rows, **history):
    """Bulk-insert `rows` (unsaved instances of `model`) with one history row each, in chunks;
    `history` goes to bulk_create_with_history (default_user…). Returns the saved rows."""
    saved = []
    for start in range(0, len(rows), CHUNK_SIZE):
        saved += bulk_create_with_history(
            rows[start : start + CHUNK_SIZE],
            model,
            batch_size=BATCH_SIZE,
            default_change_reason=CHANGE_REASON,
            **history,
        )
    return saved


def link(model, field, pairs):
    """Bulk-insert the many-to-many rows `pairs` ((object pk, other pk), without duplicates) of
    `model.field`. Returns how many were written."""
    m2m = getattr(model, field)
    through = m2m.through
    source = m2m.field.m2m_column_name()
    target = m2m.field.m2m_reverse_name()
    through.objects.bulk_create(
        [through(**{source: a, target: b}) for a, b in pairs], batch_size=BATCH_SIZE
    )
    return len(pairs)
