"""Time each dashboard cold (its cache dropped) and cached, with its query count, on the demo
data and on a national volume (100,000 beneficiaries), in one run.

    .venv/bin/python scripts/benchmark_dashboards.py [--repeat 3] [--reuse] [--demo-only]
        [--role national --role rhone] [--page national]

Uses the databases of scripts/benchmark_pages.py (`<name>_bench_demo`: migrate and seed_demo;
`<name>_bench_national`: a copy of it, then generate_volume --scale national), created unless
--reuse finds them (--demo-only creates and times the demo one only), and the cache of the
settings (Redis when REDIS_URL is set). For each demo role (after one warm-up request) and
dashboard, --repeat times: drop the dashboards' cache (`reporting.cache.bump`), request the
page (cold), request it again (cached). Prints a table: dashboard, role, then for each
database the median milliseconds cold and cached and the queries of each; the goals are
≤ 500 ms cold and ≤ 50 ms cached on PostgreSQL. A page a role may not open shows its status
and is not timed.

A script that prints numbers, not a test: nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark_pages as bench  # noqa: E402  (sets Django up)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from programmes.models import Action  # noqa: E402
from reporting import cache  # noqa: E402
from territories.models import Department  # noqa: E402

YEAR = "?period=year&year=2026"
GOAL_COLD_MS, GOAL_CACHED_MS = 500, 50


def dashboards(user):
    """(label, path) of every dashboard, for `user` (their first action, their région and
    département when they have one; Rhône's otherwise), after the home page, which shows the
    key figures and to-dos of their scope."""
    scope = user.scope
    department = (
        Department.objects.filter(pk__in=scope.department_ids).order_by("code").first()
        if scope.department_ids
        else Department.objects.get(code="69")
    )
    action = Action.objects.visible_to(user).order_by("pk").first() or Action.objects.first()
    return [
        ("home", "/"),
        ("index", "/tableaux-de-bord/"),
        ("national", f"/tableaux-de-bord/national/{YEAR}"),
        ("national by age band", f"/tableaux-de-bord/national/{YEAR}&breakdown=age_band"),
        ("région", f"/tableaux-de-bord/regions/{department.region.code}/{YEAR}"),
        ("département", f"/tableaux-de-bord/departements/{department.code}/{YEAR}"),
        ("programme AGIR", f"/tableaux-de-bord/programmes/AGIR/{YEAR}"),
        ("action", f"/tableaux-de-bord/actions/{action.pk}/{YEAR}"),
        ("companies", f"/tableaux-de-bord/entreprises/{YEAR}"),
    ]


def timed(client, path):
    """(status, milliseconds, queries) of one request."""
    timer = bench.SqlTimer()
    with connection.execute_wrapper(timer):
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST="127.0.0.1")
        elapsed = (time.perf_counter() - start) * 1000
    return response.status_code, elapsed, timer.count


def measure(client, path, repeat):
    """{"status", "cold", "cached", "cold_queries", "cached_queries"} (medians)."""
    runs = {"cold": [], "cached": [], "cold_queries": [], "cached_queries": []}
    for _ in range(repeat):
        cache.bump()
        status, ms, queries = timed(client, path)
        if status != 200:
            return {"status": status}
        runs["cold"].append(ms)
        runs["cold_queries"].append(queries)
        _status, ms, queries = timed(client, path)
        runs["cached"].append(ms)
        runs["cached_queries"].append(queries)
    return {"status": status, **{key: statistics.median(values) for key, values in runs.items()}}


def cell(result):
    if "cold" not in result:
        return f"HTTP {result['status']} | — | —"
    flag = "" if result["cold"] <= GOAL_COLD_MS else " ⚠"
    cached_flag = "" if result["cached"] <= GOAL_CACHED_MS else " ⚠"
    return (
        f"{result['cold']:.0f}{flag} | {result['cached']:.0f}{cached_flag} | "
        f"{result['cold_queries']:.0f} / {result['cached_queries']:.0f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cold and cached requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep existing databases")
    parser.add_argument("--demo-only", action="store_true", help="the demo database only")
    parser.add_argument("--role", action="append", choices=bench.ROLES, help="only these roles")
    parser.add_argument("--page", action="append", help="only the dashboards whose label has this")
    args = parser.parse_args()
    # Its own cache keys: tests or a server saving rows meanwhile would bump the shared
    # version and turn cached requests into cold ones.
    settings.CACHES["default"]["KEY_PREFIX"] = f"benchmark-{os.getpid()}"
    if args.demo_only:
        bench.DATABASES.pop("national")
        existing = {row[0] for row in bench.maintenance("SELECT datname FROM pg_database")}
        if not (args.reuse and bench.DATABASES["demo"] in existing):
            name = bench.DATABASES["demo"]
            bench.maintenance(f'DROP DATABASE IF EXISTS "{name}"')
            bench.maintenance(f'CREATE DATABASE "{name}"')
            bench.manage(name, "migrate", "-v0")
            bench.manage(name, "seed_demo")
            bench.maintenance("VACUUM ANALYZE", database=name)
    else:
        bench.prepare(args.reuse)
    for database in bench.DATABASES:
        # Migrations added since the databases were made (their data untouched).
        bench.manage(bench.DATABASES[database], "migrate", "-v0")
        # Statistics of the columns a migration added (autovacuum's work on a live database):
        # without them, `merged_into IS NULL` is guessed at 0.5 % of the people.
        bench.maintenance("ANALYZE", database=bench.DATABASES[database])
    roles = args.role or list(bench.ROLES)
    print(bench.volumes())
    databases = list(bench.DATABASES)
    header = " | ".join(
        f"{d} cold ms | {d} cached ms | {d} queries cold / cached" for d in databases
    )
    print(f"\n| dashboard | role | {header} |")
    print("|---|---|" + "---|---|---|" * len(databases))
    for role in roles:
        rows = {}
        for database in databases:
            bench.use(database)
            user = User.objects.get(email=bench.ROLES[role])
            client = Client()
            client.force_login(user, backend=bench.BACKEND)
            timed(client, "/tableaux-de-bord/")  # warm-up: connection, templates, Python
            for label, path in dashboards(user):
                if args.page and not any(text in label for text in args.page):
                    continue
                rows.setdefault(label, {})[database] = measure(client, path, args.repeat)
        for label, results in rows.items():
            cells = " | ".join(cell(results[d]) for d in databases)
            print(f"| {label} | {role} | {cells} |", flush=True)
    print(f"\nGoals: ≤ {GOAL_COLD_MS} ms cold, ≤ {GOAL_CACHED_MS} ms cached (⚠ above).")


if __name__ == "__main__":
    main()
