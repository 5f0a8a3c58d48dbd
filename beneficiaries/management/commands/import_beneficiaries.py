"""Import a CSV or XLSX file of beneficiaries into an action, as the import page does: a dry
run prints the preview (counts and each error on its line and column); --wet-run writes it, all
or nothing, flags the likely duplicates of the people it created for review (as the page's
import does), and prints the counts written."""

from pathlib import Path

from django.core.management.base import CommandError

from accounts.models import User
from config.commands import DataChangeCommand
from programmes.models import Action

from ...imports.jobs import _flag_duplicates
from ...imports.pipeline import Importer, MissingColumns
from ...imports.reading import FileRefused


class Command(DataChangeCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--action", type=int, required=True, help="The action's id.")
        parser.add_argument(
            "--user",
            help="E-mail of the user the history and access log name (default: none).",
        )
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="Write the valid rows even when others are in error.",
        )

    def change(self, *args, file, action, user=None, valid_rows_only=False, **options):
        try:
            action = Action.objects.select_related("programme").get(pk=action)
        except Action.DoesNotExist:
            raise CommandError(f"No action {action}.") from None
        if user:
            try:
                user = User.objects.get(email=user)
            except User.DoesNotExist:
                raise CommandError(f"No user {user}.") from None
        importer = Importer(action, user)
        try:
            with file.open("rb") as stream:
                plan = importer.check(file.name, stream)
        except FileRefused as error:
            raise CommandError(str(error)) from None
        except MissingColumns as error:
            raise CommandError(
                "Columns missing: " + ", ".join(column.header for column in error.columns)
            ) from None
        except OSError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{plan.total} rows: {plan.to_create} people to create, {plan.to_update} to update, "
            f"{plan.unchanged} already imported, {plan.in_error} in error; "
            f"{plan.steps_to_create} pathway steps to create."
        )
        for error in plan.errors:
            self.stdout.write(f"line {error['line']}, {error['column']}: {error['message']}")
        if plan.in_error and not valid_rows_only:
            if self.wet_run:
                raise CommandError("Rows in error: nothing written (see --valid-rows-only).")
            return
        counts = importer.write(plan, valid_rows_only=valid_rows_only, path="")
        self.count("duplicate pairs to review", _flag_duplicates(importer.created_people))
        self.count("people created", counts["created"])
        self.count("people updated", counts["updated"])
        self.count("enrolments created", counts["enrolments_created"])
        self.count("pathway steps created", counts["steps_created"])
