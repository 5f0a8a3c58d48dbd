"""The base of management commands that change data: they say what they would do unless told to
act with --wet-run, and end with a summary of the changes, counted per kind, printed and logged."""

import logging
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

logger = logging.getLogger(__name__)


class DataChangeCommand(BaseCommand):
    """Subclasses implement `change()` and call `self.count(kind)` for each change.

    A dry run (the default) runs `change()` in a transaction that is rolled back. Work that
    reaches outside the database (sending e-mails) is not undone by a rollback: such a command
    reads `self.wet_run` and, in a dry run, only counts what it would do.
    """

    #: A wet run changes everything or nothing. A command whose steps must stay done however the
    #: rest goes (an e-mail sent is sent) sets this to False and commits as it goes.
    atomic = True

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Make the changes. Without it, the command only says what it would change.",
        )
        return parser

    def handle(self, *args, **options):
        self.wet_run = options["wet_run"]
        self.summary = Counter()
        if self.wet_run and not self.atomic:
            self.change(*args, **options)
        else:
            with transaction.atomic():
                self.change(*args, **options)
                transaction.set_rollback(not self.wet_run)
        self.report()

    def change(self, *args, **options):
        raise NotImplementedError("A DataChangeCommand implements change().")

    def count(self, kind, number=1):
        """Count `number` changes of `kind` ("organisations renamed") in the summary."""
        self.summary[kind] += number

    def report(self):
        name = self.__module__.rsplit(".", 1)[-1]
        counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.summary.items()))
        counts = counts or "nothing"
        if self.wet_run:
            self.stdout.write(self.style.SUCCESS(f"Changed — {counts}."))
            logger.info("%s (wet run) changed — %s.", name, counts)
        else:
            self.stdout.write(
                f"Dry run, nothing written. Would change — {counts}.\n"
                "Run again with --wet-run to make these changes."
            )
            logger.info("%s (dry run) would change — %s.", name, counts)
