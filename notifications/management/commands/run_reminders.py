"""Run the reminder rules (the sweep beat runs every day). Says what it would send — rule,
object (its number, never a person's name), recipient, due date — unless run with --wet-run,
which records and delivers each reminder once and says what it sent.

    python manage.py run_reminders [--wet-run] [--rule NAME] [--date YYYY-MM-DD]
"""

import datetime

from django.core.management.base import CommandError

from config.commands import DataChangeCommand
from notifications.reminders import RULES, sweep
from notifications.reminders.base import paris_today


class Command(DataChangeCommand):
    help = __doc__
    # Each rule commits its reminders as it goes (the sweep's own transactions).
    atomic = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--rule",
            action="append",
            choices=sorted(RULES),
            help="Run only this rule (repeat for several). Default: every rule.",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day to run for, YYYY-MM-DD (Europe/Paris). Default: today.",
        )

    def change(self, **options):
        today = options["date"] or paris_today()
        try:
            outcomes = sweep(today, options["rule"], wet_run=self.wet_run)
        except KeyError as error:
            raise CommandError(f"Unknown rule {error}.") from error
        self.stdout.write(f"Reminders for {today.isoformat()} (Europe/Paris):")
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.state:>12}  {outcome.rule:<24} {outcome.label:<28} "
                f"due {outcome.due_date.isoformat()}  to user #{outcome.recipient_id} "
                f"{outcome.recipient_email}"
            )
            self.count(f"{outcome.rule} {outcome.state}")
