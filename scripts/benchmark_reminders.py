"""Time the sweep of reminders over a national volume (100,000 beneficiaries, 2,000
conventions…: demo.volume), printing its time and query count, rule by rule.

    .venv/bin/python scripts/benchmark_reminders.py [--reuse] [--factor 1.0] [--date YYYY-MM-DD]

Creates a PostgreSQL database on the server of DATABASE_URL named `<its name>_bench_reminders`
(migrate, seed_demo, generate_volume --wet-run --factor, VACUUM ANALYZE); --reuse keeps it when
it exists. Then sweeps: a dry run, a wet run (every reminder recorded and delivered) and a
second wet run (everything already sent), each on --days days (2) starting at --date
(default: today in Paris), inside a transaction rolled back at the end so that the database
stays as generated. The goal (issue 14) is a sweep under 30 s, and a query count that does not
grow with the number of reminders sent: the table shows both per rule.

A script that prints numbers, not a test: nothing is asserted.
"""

import argparse
import copy
import datetime
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)

from django.conf import settings  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction  # noqa: E402
from django.db.utils import load_backend  # noqa: E402

from notifications import reminders  # noqa: E402
from notifications.reminders.base import paris_today  # noqa: E402

DATABASE = f"{settings.DATABASES['default']['NAME']}_bench_reminders"


def database_url(name):
    """The URL of database `name` on the server of the current DATABASE_URL."""
    base = settings.DATABASES["default"]
    user = quote(base.get("USER") or "postgres")
    password = f":{quote(base['PASSWORD'])}" if base.get("PASSWORD") else ""
    host, port = base.get("HOST") or "127.0.0.1", base.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def maintenance(sql, database="postgres"):
    """Run `sql` outside a transaction on `database`; the rows of a SELECT, else []."""
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


def manage(*arguments):
    environment = {**os.environ, "DATABASE_URL": database_url(DATABASE)}
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    subprocess.run(command, check=True, cwd=ROOT, env=environment)


def prepare(reuse, factor):
    """Create the database (or keep it with `reuse` when it exists), vacuumed and analysed."""
    existing = {row[0] for row in maintenance("SELECT datname FROM pg_database")}
    if reuse and DATABASE in existing:
        print(f"Reusing {DATABASE}.")
        manage("migrate", "-v0")
        return
    started = time.perf_counter()
    maintenance(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    maintenance(f'CREATE DATABASE "{DATABASE}"')
    manage("migrate", "-v0")
    manage("seed_demo")
    manage("generate_volume", "--factor", str(factor), "--wet-run")
    maintenance("VACUUM ANALYZE", database=DATABASE)
    print(f"{DATABASE} ready ({time.perf_counter() - started:.0f} s)")


def use_benchmark_database():
    settings_dict = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    settings_dict["NAME"] = DATABASE
    backend = load_backend(settings_dict["ENGINE"])
    connections[DEFAULT_DB_ALIAS] = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    connection.ensure_connection()


class QueryCounter:
    """An execute wrapper counting queries."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_sweep(today, rule, wet_run):
    """(seconds, queries, Counter of states) of one rule's sweep on `today`."""
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        outcomes = reminders.sweep(today, [rule], wet_run=wet_run)
    return time.perf_counter() - started, counter.count, Counter(o.state for o in outcomes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="Keep an existing database.")
    parser.add_argument("--factor", type=float, default=1.0, help="× the national volume.")
    parser.add_argument("--date", type=datetime.date.fromisoformat, help="First day swept.")
    parser.add_argument("--days", type=int, default=2, help="Days swept (default 2).")
    options = parser.parse_args()
    prepare(options.reuse, options.factor)
    use_benchmark_database()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM beneficiaries_beneficiary),"
            " (SELECT count(*) FROM partners_convention),"
            " (SELECT count(*) FROM beneficiaries_followup),"
            " (SELECT count(*) FROM accounts_user)"
        )
        people, conventions, follow_ups, users = cursor.fetchone()
    print(
        f"{people} beneficiaries, {conventions} conventions, {follow_ups} follow-ups, {users} users"
    )
    first = options.date or paris_today()
    header = f"{'day':<11} {'rule':<24} {'run':<10} {'seconds':>8} {'queries':>8}  outcome"
    print(header)
    totals = Counter()
    with transaction.atomic():
        for offset in range(options.days):
            today = first + datetime.timedelta(days=offset)
            for run, wet in (("dry", False), ("wet", True), ("wet again", True)):
                day_seconds = 0.0
                for rule in reminders.RULES:
                    seconds, queries, states = timed_sweep(today, rule, wet)
                    day_seconds += seconds
                    totals[run, "queries"] += queries
                    states_text = ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
                    print(
                        f"{today.isoformat():<11} {rule:<24} {run:<10} {seconds:>8.2f} "
                        f"{queries:>8}  {states_text or 'nothing'}"
                    )
                print(f"{today.isoformat():<11} {'whole sweep':<24} {run:<10} {day_seconds:>8.2f}")
                totals[run, "slowest"] = max(totals[run, "slowest"], day_seconds)
        transaction.set_rollback(True)
    for run in ("dry", "wet", "wet again"):
        print(
            f"{run}: slowest whole sweep {totals[run, 'slowest']:.2f} s, "
            f"{totals[run, 'queries'] / options.days:.0f} queries a day on average"
        )


if __name__ == "__main__":
    main()
