"""Write a national volume of data on top of the demo data, to measure the pages at the scale
of the whole country (``demo.volume``; issue 10). Refuses to run in production; says what it
would write unless given --wet-run; does nothing when a volume was already generated."""

import resource
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from config.commands import DataChangeCommand
from demo.volume import NATIONAL, SCALES, STEPS, Volume, already_generated
from reporting.exits import store_missing_exit_situations


class Command(DataChangeCommand):
    help = "Generate a national volume of data on top of seed_demo's (never in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="national",
            help="national: the volume of issue 10; demo-x10: a fifth of it (≈ 4,000 "
            "organisations).",
        )
        parser.add_argument(
            "--factor",
            type=float,
            help="Multiply the national volume by this number instead (0.01 for a test).",
        )

    def change(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("generate_volume refuses to run with DJANGO_ENV=production.")
        factor = options["factor"] if options["factor"] is not None else SCALES[options["scale"]]
        if factor <= 0:
            raise CommandError("The factor must be positive.")
        done = already_generated()
        if done:
            self.stdout.write(f"A volume was already generated ({done} organisations): skipped.")
            return
        volume = Volume(factor)
        if not self.wet_run:
            for kind in NATIONAL:
                self.count(kind, volume.planned(kind))
            return
        self.stdout.write(f"Generating the volume at {factor:g} × national.")
        started = time.perf_counter()
        for step in STEPS:
            step_started = time.perf_counter()
            written = step.run(volume)
            for kind, number in written.items():
                self.count(kind, number)
            counts = ", ".join(f"{number} {kind}" for kind, number in written.items())
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.stdout.write(
                f"  {step.name}: {counts} ({time.perf_counter() - step_started:.1f} s, "
                f"peak memory so far {peak:.0f} MB)"
            )
            self.stdout.flush()
        step_started = time.perf_counter()
        # The steps above write enrolments and pathway steps in bulk, without per-row signals.
        stored = store_missing_exit_situations()
        self.stdout.write(
            f"  exit situations: {stored} stored ({time.perf_counter() - step_started:.1f} s)"
        )
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would gather them, for the planner's estimates.
            cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "SELECT 1")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.1f} s (peak memory {peak:.0f} MB)."
        )
