"""Commands that change data say what they would do, and change nothing, unless run with
--wet-run; either way they end with a summary, printed and logged."""

import io
import logging

import pytest
from django.core.management import call_command

from config.commands import DataChangeCommand
from partners.models import Organisation

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class RenameCommand(DataChangeCommand):
    """Upper-cases organisation names; fails at the end when asked to."""

    def add_arguments(self, parser):
        parser.add_argument("--fail", action="store_true")

    def change(self, *, fail, **options):
        for organisation in Organisation.objects.all():
            organisation.name = organisation.name.upper()
            organisation.save()
            self.count("organisations renamed")
        if fail:
            raise RuntimeError("something went wrong")


def run(*args):
    out = io.StringIO()
    call_command(RenameCommand(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def organisations():
    return [OrganisationFactory(name="Canuts"), OrganisationFactory(name="Traboules")]


def names():
    return sorted(Organisation.objects.values_list("name", flat=True))


def test_a_dry_run_writes_nothing_and_says_what_it_would_change(organisations, caplog):
    with caplog.at_level(logging.INFO, logger="config.commands"):
        output = run()
    assert names() == ["Canuts", "Traboules"]
    assert "Dry run, nothing written. Would change — organisations renamed: 2." in output
    assert "--wet-run" in output
    assert "test_commands (dry run) would change — organisations renamed: 2." in caplog.messages


def test_a_wet_run_writes_and_says_what_it_changed(organisations, caplog):
    with caplog.at_level(logging.INFO, logger="config.commands"):
        output = run("--wet-run")
    assert names() == ["CANUTS", "TRABOULES"]
    assert "Changed — organisations renamed: 2." in output
    assert "test_commands (wet run) changed — organisations renamed: 2." in caplog.messages


def test_a_wet_run_that_fails_changes_nothing(organisations):
    with pytest.raises(RuntimeError):
        run("--wet-run", "--fail")
    assert names() == ["Canuts", "Traboules"]


def test_a_command_that_commits_as_it_goes_is_rolled_back_all_the_same_in_a_dry_run(
    organisations,
):
    command = RenameCommand()
    command.atomic = False
    call_command(command, stdout=io.StringIO())
    assert names() == ["Canuts", "Traboules"]
    call_command(command, "--wet-run", stdout=io.StringIO())
    assert names() == ["CANUTS", "TRABOULES"]


def test_nothing_to_do_says_so(db):
    assert "Would change — nothing." in run()
