"""Time every page of every demo role on the demo data and on a national volume, in one run.

    .venv/bin/python scripts/benchmark_pages.py [--repeat 5] [--reuse]
        [--role national --role company] [--page organisations]

Creates two PostgreSQL databases on the server of DATABASE_URL, named after its database:
`<name>_bench_demo` (migrate, seed_demo) and `<name>_bench_national` (a copy of it, then
generate_volume --wet-run), both vacuumed and analysed; --reuse keeps them when they exist.
Then, for each demo role, requests every list, filtered list, search, deep page, detail page
and form, the funnel over five years, the company space, the notification, referral, import
and dashboard index pages and the Django admin's organisation changelist at the depth of page
300, on one database then the other, page by page (so that the machine's load weighs on both
alike): one warm-up, then --repeat requests each. Figures that pages keep in the cache
(`reporting.cache`: the home page's, the funnel, objectives' progress) are therefore timed
warm, each database under its own keys (scripts/benchmark_dashboards.py times the dashboards
cold and cached). Prints a
table: page, role, median milliseconds on demo and national, their ratio, queries and SQL
milliseconds (medians) on each. A page a role may not open (403/404/302) shows its status and
is not timed.

A script that prints numbers, not a test: nothing is asserted.
"""

import argparse
import copy
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()
# Pages a role may not open log a warning (and a traceback for 403): the table says it.
logging.disable(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections  # noqa: E402
from django.db.utils import load_backend  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from beneficiaries.models import Beneficiary  # noqa: E402
from partners.models import (  # noqa: E402
    Convention,
    Lead,
    MobilisationAction,
    Organisation,
    OrganisationKind,
)
from programmes.models import Action, TerritorialContract  # noqa: E402

#: Named after the database of DATABASE_URL, so that two checkouts do not share them.
_BASE_NAME = settings.DATABASES["default"]["NAME"]
DATABASES = {"demo": f"{_BASE_NAME}_bench_demo", "national": f"{_BASE_NAME}_bench_national"}
ROLES = {
    "national": "national@tremplin.test",
    "rhone": "rhone@tremplin.test",
    "paris": "paris@tremplin.test",
    "operator": "operateur@tremplin.test",
    "company": "entreprise@tremplin.test",
}
BACKEND = "django.contrib.auth.backends.ModelBackend"
#: The depth of the deep pages (and of the admin changelist at the same row).
DEEP_PAGE = 300
ADMIN_PER_PAGE = 100
FUNNEL = "/partenariat/entonnoir/?start=2022-01-01&end=2026-12-31"


def database_url(name):
    """The URL of database `name` on the server of the current DATABASE_URL."""
    base = settings.DATABASES["default"]
    user = quote(base.get("USER") or "postgres")
    password = f":{quote(base['PASSWORD'])}" if base.get("PASSWORD") else ""
    host, port = base.get("HOST") or "127.0.0.1", base.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def maintenance(sql, database="postgres"):
    """Run `sql` (CREATE/DROP DATABASE, VACUUM) outside a transaction on `database`; returns
    the rows of a SELECT, else []."""
    import psycopg

    base = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=database,
        user=base.get("USER") or "postgres",
        password=base.get("PASSWORD") or None,
        host=base.get("HOST") or "127.0.0.1",
        port=base.get("PORT") or 5432,
        autocommit=True,
    ) as maintenance_connection:
        cursor = maintenance_connection.execute(sql)
        return cursor.fetchall() if sql.startswith("SELECT") else []


def manage(database, *arguments):
    """Run `manage.py arguments` on `database`, printing its output as it comes."""
    environment = {**os.environ, "DATABASE_URL": database_url(database)}
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    subprocess.run(command, check=True, cwd=ROOT, env=environment)


def prepare(reuse):
    """Create both databases (or keep them with `reuse` when they exist), then vacuum and
    analyse them. Returns nothing."""
    existing = {row[0] for row in maintenance("SELECT datname FROM pg_database")}
    if reuse and set(DATABASES.values()) <= existing:
        print("Reusing the benchmark databases.")
        return
    _create()
    for name in DATABASES.values():
        # Statistics and visibility maps as a database in use has them (autovacuum's work).
        maintenance("VACUUM ANALYZE", database=name)


def _create():
    """Drop and recreate both databases: migrate and seed_demo, then copy and generate_volume."""
    demo, national = DATABASES["demo"], DATABASES["national"]
    started = time.perf_counter()
    for name in (national, demo):
        maintenance(f'DROP DATABASE IF EXISTS "{name}"')
    maintenance(f'CREATE DATABASE "{demo}"')
    manage(demo, "migrate", "-v0")
    manage(demo, "seed_demo")
    print(f"demo database ready ({time.perf_counter() - started:.0f} s)")
    maintenance(f'CREATE DATABASE "{national}" TEMPLATE "{demo}"')
    manage(national, "generate_volume", "--scale", "national", "--wet-run")
    print(f"national database ready ({time.perf_counter() - started:.0f} s)")


_WRAPPERS = {}


def use(database):
    """Make `database` Django's default connection. Each database keeps its own open
    connection, so that switching costs nothing and no request pays for a cold connection."""
    if database not in _WRAPPERS:
        settings_dict = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
        settings_dict["NAME"] = DATABASES[database]
        backend = load_backend(settings_dict["ENGINE"])
        _WRAPPERS[database] = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = _WRAPPERS[database]
    connection.ensure_connection()
    # Figures kept in the cache (`reporting.cache`: dashboards, the home page's, the funnel,
    # objectives) under keys of this run and database: the demo's are not the national's, and
    # tests or servers bumping the shared version do not turn them cold meanwhile.
    caches["default"].key_prefix = f"benchmark-{os.getpid()}-{database}"


class SqlTimer:
    """An execute wrapper counting the queries and summing their time (seconds)."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


def first(queryset):
    """The pk of the first row of `queryset` in its default order, or None."""
    row = queryset.values_list("pk", flat=True)[:1]
    return row[0] if row else None


def detail_pages(user):
    """(label, path) of the detail pages of the first row of each list the user sees."""
    objects = [
        ("organisation detail", "/organisations/{}/", Organisation),
        ("interactions of an organisation", "/mobilisation/organisations/{}/interactions/", None),
        ("action detail", "/programmes/actions/{}/", Action),
        ("CTAI contract detail", "/programmes/ctai/{}/", TerritorialContract),
        ("lead detail", "/partenariat/pistes/{}/", Lead),
        ("lead follow-up form", "/partenariat/pistes/{}/suivi/", Lead),
        ("convention detail", "/conventions/{}/", Convention),
        ("mobilisation action detail", "/mobilisation/{}/", MobilisationAction),
    ]
    companies = Organisation.objects.visible_to(user).filter(kind=OrganisationKind.COMPANY)
    pages = []
    for label, path, model in objects:
        queryset = model.objects.visible_to(user) if model else companies
        pk = first(queryset)
        if pk is not None:
            pages.append((label, path.format(pk)))
    return pages


#: (label, path) of the lists, filtered lists, searches, deep pages, forms and figures.
LIST_PAGES = [
    ("home", "/"),
    ("programmes", "/programmes/"),
    ("programme HOPE", "/programmes/HOPE/"),
    ("actions", "/programmes/actions/"),
    ("actions, running", "/programmes/actions/?status=running"),
    ("actions, search", "/programmes/actions/?q=HOPE"),
    ("actions, last page", "/programmes/actions/?page=last"),
    ("AGIR roll-out", "/programmes/agir/"),
    ("CTAI contracts", "/programmes/ctai/"),
    ("organisations", "/organisations/"),
    ("organisations, companies with a running action",
     "/organisations/?kind=company&has_active_action=true"),
    ("organisations, in a convention in force", "/organisations/?has_active_convention=true"),
    ("organisations, search", "/organisations/?q=martin"),
    (f"organisations, page {DEEP_PAGE}", f"/organisations/?page={DEEP_PAGE}"),
    ("organisations, last page", "/organisations/?page=last"),
    ("leads", "/partenariat/pistes/"),
    ("leads, new", "/partenariat/pistes/?status=new"),
    ("leads, late", "/partenariat/pistes/?late=true"),
    ("leads, last page", "/partenariat/pistes/?page=last"),
    ("conventions", "/conventions/"),
    ("conventions, in force", "/conventions/?active=true"),
    ("conventions, search", "/conventions/?q=GEIQ"),
    ("conventions, last page", "/conventions/?page=last"),
    ("mobilisation", "/mobilisation/"),
    ("mobilisation, search", "/mobilisation/?q=job"),
    ("mobilisation, last page", "/mobilisation/?page=last"),
    ("mobilisation calendar", "/mobilisation/calendrier/"),
    ("funnel 2022–2026", FUNNEL),
    ("users", "/comptes/utilisateurs/"),
    ("company space", "/espace-entreprise/"),
    ("conventions behind their pace", "/conventions/objectifs-en-retard/"),
    ("notifications", "/notifications/"),
    ("referrals received", "/beneficiaires/orientations/recues/"),
    ("referrals sent", "/beneficiaires/orientations/envoyees/"),
    ("imports", "/beneficiaires/imports/"),
    ("dashboards", "/tableaux-de-bord/"),
    ("new organisation form", "/organisations/nouvelle/"),
    ("new action form", "/programmes/actions/nouvelle/"),
    ("new convention form", "/conventions/nouvelle/"),
    ("new mobilisation action form", "/mobilisation/nouvelle/"),
]  # fmt: skip


#: The roles that may open the beneficiaries' pages: staff (a company contact sees nobody).
BENEFICIARY_ROLES = ("national", "rhone", "paris", "operator")
#: (label, URL name, query string) of the beneficiaries' lists (issue 11).
BENEFICIARY_PAGES = [
    ("beneficiaries", "beneficiaries:beneficiary-list", ""),
    ("beneficiaries, search by name", "beneficiaries:beneficiary-list", "?q=kone"),
    ("beneficiaries, AGIR in progress aged 26-35", "beneficiaries:beneficiary-list",
     "?programme=AGIR&status=in_progress&age_band=26_35"),
    ("beneficiaries, page 40", "beneficiaries:beneficiary-list", "?page=40"),
    ("beneficiaries, last page", "beneficiaries:beneficiary-list", "?page=last"),
    ("follow-ups due", "beneficiaries:followup-list", "?state=due"),
    ("follow-ups overdue", "beneficiaries:followup-list", "?state=overdue"),
]  # fmt: skip
_UNRESOLVED = set()


def url(name, *args):
    """The path of URL `name`, or None (said once) when it does not resolve yet: the
    beneficiaries' pages may not be merged."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        if name not in _UNRESOLVED:
            _UNRESOLVED.add(name)
            print(f"Skipped: the URL {name!r} does not resolve (pages not merged yet).")
        return None


def beneficiary_pages(user, role):
    """(label, path) of the beneficiaries' lists and of the first person's page `user` sees,
    for the roles that may open them; [] for the others."""
    if role not in BENEFICIARY_ROLES:
        return []
    pages = []
    for label, name, query in BENEFICIARY_PAGES:
        path = url(name)
        if path is not None:
            pages.append((label, path + query))
    pk = first(Beneficiary.objects.visible_to(user))
    path = url("beneficiaries:beneficiary-detail", pk) if pk is not None else None
    if path is not None:
        pages.append(("beneficiary detail", path))
    return pages


def admin_pages():
    """The admin's organisation changelist: first page, the row of our page 300, last page."""
    depth = ((DEEP_PAGE - 1) * settings.PAGE_SIZE) // ADMIN_PER_PAGE + 1
    last = max(1, -(-Organisation.objects.count() // ADMIN_PER_PAGE))
    changelist = "/admin/partners/organisation/"
    return [
        ("admin organisations", changelist),
        (f"admin organisations, row of page {DEEP_PAGE}", f"{changelist}?p={depth}"),
        ("admin organisations, last page", f"{changelist}?p={last}"),
    ]


def pages_of(database, roles):
    """{(label, role): path} on `database` for every role: the same lists everywhere, the
    detail pages of the first row each role sees there."""
    use(database)
    pages = {}
    for role in roles:
        user = User.objects.get(email=ROLES[role])
        more = beneficiary_pages(user, role)
        for label, path in LIST_PAGES + admin_pages() + detail_pages(user) + more:
            pages[label, role] = path
    return pages


def measure(client, path, repeat):
    """Request `path` `repeat` times; returns (status, [ms], [queries], [SQL ms])."""
    timings, queries, sql = [], [], []
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(path, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        queries.append(timer.count)
        sql.append(timer.seconds * 1000)
    return response.status_code, timings, queries, sql


def clients(roles):
    """A logged-in test client per (database, role) (sessions live in each database)."""
    logged_in = {}
    for database in DATABASES:
        use(database)
        for role in roles:
            client = Client()
            client.force_login(User.objects.get(email=ROLES[role]), backend=BACKEND)
            logged_in[database, role] = client
    return logged_in


def compare(logged_in, paths, role, repeat):
    """Time one page for one role on both databases, alternating requests. Returns a dict
    per database: status, median ms, median queries, median SQL ms (None when not timed)."""
    results = {}
    for database, path in paths.items():
        use(database)
        status, *_ = measure(logged_in[database, role], path, 1)  # warm-up
        results[database] = {"status": status, "ms": [], "queries": [], "sql": []}
    for _ in range(repeat):
        for database, path in paths.items():
            if results[database]["status"] != 200:
                continue
            use(database)
            _status, ms, queries, sql = measure(logged_in[database, role], path, 1)
            for key, values in (("ms", ms), ("queries", queries), ("sql", sql)):
                results[database][key] += values
    for result in results.values():
        for key in ("ms", "queries", "sql"):
            result[key] = statistics.median(result[key]) if result[key] else None
    return results


def row(label, role, results):
    """One line of the table."""
    demo, national = results.get("demo", {}), results.get("national", {})

    def cell(result, key, pattern):
        if not result:
            return "—"
        if result[key] is None:
            return f"HTTP {result['status']}" if key == "ms" else "—"
        return pattern.format(result[key])

    ratio = "—"
    if demo.get("ms") and national.get("ms"):
        ratio = f"× {national['ms'] / demo['ms']:.1f}"
    queries = f"{cell(demo, 'queries', '{:.0f}')} / {cell(national, 'queries', '{:.0f}')}"
    sql = f"{cell(demo, 'sql', '{:.0f}')} / {cell(national, 'sql', '{:.0f}')}"
    return (
        f"| {label} | {role} | {cell(demo, 'ms', '{:.0f}')} | {cell(national, 'ms', '{:.0f}')} "
        f"| {ratio} | {queries} | {sql} |"
    )


def volumes():
    """A line saying how many organisations, leads and mobilisation actions each database has."""
    parts = []
    for database in DATABASES:
        use(database)
        parts.append(
            f"{database}: {Organisation.objects.count()} organisations, "
            f"{Lead.objects.count()} leads, {MobilisationAction.objects.count()} mobilisation "
            f"actions, {Beneficiary.objects.count()} beneficiaries"
        )
    return "; ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep existing databases")
    parser.add_argument("--role", action="append", choices=ROLES, help="only these roles")
    parser.add_argument(
        "--page", action="append", help="only the pages whose label contains this text"
    )
    args = parser.parse_args()
    prepare(args.reuse)
    roles = args.role or list(ROLES)
    by_database = {database: pages_of(database, roles) for database in DATABASES}
    keys = list(dict.fromkeys(key for pages in by_database.values() for key in pages))
    if args.page:
        keys = [key for key in keys if any(p.lower() in key[0].lower() for p in args.page)]
    keys = [key for key in keys if all(key in pages for pages in by_database.values())]
    logged_in = clients(roles)
    print(f"{volumes()}.\nMedian of {args.repeat} requests after a warm-up (a status: not timed).")
    print("| page | role | demo ms | national ms | ratio | queries demo / national | SQL ms |")
    print("|---|---|---:|---:|---:|---|---|")
    labels = list(dict.fromkeys(label for label, _role in keys))
    for label in labels:
        for role in [role for role in roles if (label, role) in keys]:
            paths = {db: pages[label, role] for db, pages in by_database.items()}
            print(row(label, role, compare(logged_in, paths, role, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
