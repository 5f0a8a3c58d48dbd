"""Load Tremplin's demonstration data: accounts for every role, then the demo registry,
programmes, partnerships and beneficiaries (the ``demo`` package).

Idempotent: running it again changes nothing. Refuses to run in production.
"""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from beneficiaries.models import Beneficiary, Enrolment, FollowUp, PathwayStep
from demo import beneficiaries, organisations, partnerships, programmes
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_accounts, seed_organisations
from demo.beneficiaries import duplicates as beneficiary_duplicates
from demo.beneficiaries import referrals
from partners.models import (
    Contact,
    Convention,
    ConventionAmendment,
    ConventionObjective,
    Interaction,
    Lead,
    MobilisationAction,
    Organisation,
)
from programmes.models import Action, Target, TerritorialContract
from reporting.exits import store_missing_exit_situations
from territories.loading import load_territories
from territories.models import Department, Region


class Command(BaseCommand):
    help = "Create the demonstration accounts and data (idempotent; never in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        with transaction.atomic():
            if Department.objects.count() < 101:
                # Reference data is loaded by a migration; a flushed database gets it back.
                load_territories(Region, Department)
            demo_organisations = seed_organisations()
            created = seed_accounts(demo_organisations)
            new = Counter(organisations.seed())
            new.update(programmes.seed(demo_operator=demo_organisations["operator"]))
            new.update(partnerships.seed(demo_company=demo_organisations["company"]))
            new.update(beneficiaries.seed(demo_company=demo_organisations["company"]))
            new.update(beneficiary_duplicates.seed())
            new.update(referrals.seed(demo_operator=demo_organisations["operator"]))
            # The seeds write enrolments and steps in bulk, without per-row signals.
            store_missing_exit_situations()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created} account(s) created, "
                f"{len(DEMO_ACCOUNTS)} demo accounts (password: {DEMO_PASSWORD})."
            )
        )
        self.stdout.write(
            "Demo registry, programmes, partnerships and beneficiaries: "
            + ", ".join(
                f"{total} {name} ({new.get(name, 0)} new)" for name, total in totals().items()
            )
            + "."
        )


def totals():
    """How many rows of each kind the database holds, named as in the command's report."""
    return {
        "organisations": Organisation.objects.count(),
        "contacts": Contact.objects.count(),
        "actions": Action.objects.count(),
        "contracts": TerritorialContract.objects.count(),
        "targets": Target.objects.count(),
        "leads": Lead.objects.count(),
        "conventions": Convention.objects.count(),
        "objectives": ConventionObjective.objects.count(),
        "amendments": ConventionAmendment.objects.count(),
        "mobilisation actions": MobilisationAction.objects.count(),
        "interactions": Interaction.objects.count(),
        "beneficiaries": Beneficiary.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "pathway steps": PathwayStep.objects.count(),
        "follow-ups": FollowUp.objects.count(),
    }
