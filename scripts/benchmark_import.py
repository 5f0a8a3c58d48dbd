"""Import throughput and peak memory of the beneficiaries import, on the database of
DATABASE_URL (PostgreSQL), for a generated file of --rows rows (10,000 by default).

    .venv/bin/python scripts/benchmark_import.py [--rows 10000] [--format csv|xlsx]

Creates an operator, its user and an action, then times the check (reading, normalising,
matching) and the write (people, enrolments, follow-ups, their history and access-log rows),
then the same file again (idempotent: nothing written). Everything happens in one transaction
rolled back at the end: the database is left as it was. Peak memory is the process's
(the growth of the process's maximum resident size during each phase, and the maximum).

A script that prints numbers, not a test: nothing is asserted. Goal (issue 12): at least 2,000
rows per second checked and written on PostgreSQL, at flat memory.
"""

import argparse
import csv
import datetime
import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import Membership, User  # noqa: E402
from beneficiaries.imports import writing  # noqa: E402
from beneficiaries.imports.columns import COLUMNS  # noqa: E402
from beneficiaries.imports.pipeline import Importer  # noqa: E402
from partners.models import Organisation  # noqa: E402
from programmes.models import Action, Programme  # noqa: E402
from territories.models import Department  # noqa: E402

NAMES = ["Ahmad", "Mariam", "Mamadou", "Aïcha", "Yohannes", "Nour", "Samir", "Fatima"]


def letters(n):
    """`n` written in letters (0 → "a", 26 → "ba"): names compared for duplicates ignore
    digits, so "Bench-1300" and "Bench-13300" born on the same day would be one person."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word = chr(ord("a") + digit) + word
        if not n:
            return word


def row(n):
    """The cells of person number `n`: varied names, dates, spellings of coded values."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 12000)
    values = {
        "Nom": f"Bench-{letters(n)}",
        "Prénom": NAMES[n % len(NAMES)],
        "Date de naissance": birth.strftime("%d/%m/%Y") if n % 2 else birth.isoformat(),
        "Sexe": ("Homme", "F", "female", "M")[n % 4],
        "Nationalité": ("Afghanistan", "ER", "Soudan", "SYR")[n % 4],
        "Statut de protection": ("Réfugié", "refugee", "Protection subsidiaire", "apatride")[n % 4],
        "Protection accordée le": "01/09/2025",
        "Département de résidence": ("69", "069", "Rhône", "75")[n % 4],
        "Niveau de français à l'entrée": "A1",
        "Niveau d'études": "4",
        "Métier antérieur": "Maçon",
        "Téléphone": f"06{n:08d}"[:10] if n % 3 == 0 else "",
        "Courriel": f"bench{n}@exemple.test" if n % 5 == 0 else "",
        "Situation d'emploi à l'entrée": "Ni emploi ni formation",
        "Hébergement à l'entrée": "DNA",
        "Notice d'information remise le": "12/01/2026",
        "Version de la notice": "2026-01",
        "Orienté par": "OFII",
        "Date d'orientation": "12/01/2026",
        "Date d'entrée": "19/01/2026",
        "Statut de l'inscription": "",
        "Date de sortie": "30/06/2026" if n % 4 == 0 else "",
        "Motif de sortie": "Emploi trouvé" if n % 4 == 0 else "",
        "Motif d'abandon": "",
    }
    return [values[column.header] for column in COLUMNS]


def make_file(rows, kind):
    headers = [column.header for column in COLUMNS]
    if kind == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";")
        writer.writerow(headers)
        writer.writerows(row(n) for n in range(rows))
        return out.getvalue().encode("utf-8-sig")
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for n in range(rows):
        sheet.append(row(n))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(label, rows, work):
    """Run `work()`, print its time, throughput, this process's CPU time (the rest is waiting:
    for PostgreSQL, or for a core on a loaded machine) and the growth of the process's peak
    resident memory (ru_maxrss: tracemalloc would slow the work down tenfold). Returns
    (result, s)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(
        f"{label:<28} {seconds:7.2f} s  {rows / seconds:8.0f} rows/s  (CPU {cpu:5.2f} s)  "
        f"peak resident memory +{grown:.0f} MiB"
    )
    return result, seconds


class Phases:
    """The wall time of the write's steps, timed by wrapping the functions it calls (rows
    sorted into new and changed, each model's rows with their history, the updates)."""

    def __init__(self):
        self.seconds = {}

    def wrap(self, owner, name, label=None):
        function = getattr(owner, name)

        def timed(*args, **kwargs):
            key = label or (args[0].__name__ if isinstance(args[0], type) else name)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[key] = self.seconds.get(key, 0) + time.perf_counter() - start

        setattr(owner, name, timed)

    def print(self, total):
        for key, seconds in self.seconds.items():
            print(f"  {key:<26} {seconds:7.2f} s")
        print(f"  {'other':<26} {total - sum(self.seconds.values()):7.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"Load average (1, 5, 15 min): {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    data = make_file(args.rows, args.format)
    print(f"File: {args.rows} rows, {args.format}, {len(data) / 1024 / 1024:.1f} MB")
    with transaction.atomic():
        department = Department.objects.get(code="69")
        operator = Organisation.objects.create(
            name="Opérateur du banc d'essai", kind="operator", department=department
        )
        user = User.objects.create(email="banc-essai@tremplin.test", first_name="Banc")
        Membership.objects.create(user=user, role="operator", organisation=operator)
        user = User.objects.get(pk=user.pk)
        action = Action.objects.create(
            programme=Programme.objects.get(code="PIC"),
            title="Banc d'essai",
            operator=operator,
            start_date=datetime.date(2025, 1, 1),
            capacity=args.rows,
        )
        action.departments.set([department])
        importer = Importer(action, user)
        plan, check_s = measure(
            "check", args.rows, lambda: importer.check(f"f.{args.format}", io.BytesIO(data))
        )
        assert not plan.in_error, plan.errors[:5]
        phases = Phases()
        phases.wrap(Importer, "_sort", "sort rows (new, changed)")
        phases.wrap(Importer, "_update", "updates")
        phases.wrap(writing, "insert")
        counts, write_s = measure("write", args.rows, lambda: importer.write(plan))
        phases.print(write_s)
        total = check_s + write_s
        print(
            f"{'check + write':<28} {total:7.2f} s  {args.rows / total:8.0f} rows/s  "
            f"({counts['created']} people, {counts['enrolments_created']} enrolments)"
        )
        again = Importer(action, user)
        plan, _ = measure(
            "same file again: check",
            args.rows,
            lambda: again.check(f"f.{args.format}", io.BytesIO(data)),
        )
        print(f"{'':<28} {plan.unchanged} already imported, {plan.to_create} to create")
        transaction.set_rollback(True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Process peak resident memory: {peak:.0f} MiB (rolled back: nothing kept)")


if __name__ == "__main__":
    main()
