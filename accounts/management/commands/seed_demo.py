"""Load Tremplin's demonstration data: accounts for every role, then each app's demo data.

Idempotent: running it again changes nothing. Refuses to run in production.
"""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Membership, Role, User
from partners import demo as partners_demo
from partners import demo_partnerships
from partners.demo import demo_siret
from partners.models import (
    Contact,
    Convention,
    ConventionAmendment,
    ConventionObjective,
    Interaction,
    Lead,
    MobilisationAction,
    Organisation,
    OrganisationKind,
)
from programmes import demo as programmes_demo
from programmes.models import Action, Target, TerritorialContract
from territories.loading import load_territories
from territories.models import Department, Region

DEMO_PASSWORD = "tremplin-demo"


DEMO_ACCOUNTS = [
    ("national@tremplin.test", "Nadia", "Benali", Role.NATIONAL, {}),
    ("rhone@tremplin.test", "Romain", "Girard", Role.TERRITORIAL, {"departments": ["69"]}),
    ("paris@tremplin.test", "Pauline", "Marchand", Role.TERRITORIAL, {"departments": ["75"]}),
    ("operateur@tremplin.test", "Omar", "Diallo", Role.OPERATOR, {"organisation": "operator"}),
    ("entreprise@tremplin.test", "Émilie", "Rousseau", Role.COMPANY, {"organisation": "company"}),
]


class Command(BaseCommand):
    help = "Create the demonstration accounts and data (idempotent; never in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        with transaction.atomic():
            if Department.objects.count() < 101:
                # Reference data is loaded by a migration; a flushed database gets it back.
                load_territories(Region, Department)
            organisations = self.seed_organisations()
            created = self.seed_accounts(organisations)
            new = Counter(partners_demo.seed())
            new.update(programmes_demo.seed(demo_operator=organisations["operator"]))
            new.update(demo_partnerships.seed(demo_company=organisations["company"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created} account(s) created, "
                f"{len(DEMO_ACCOUNTS)} demo accounts (password: {DEMO_PASSWORD})."
            )
        )
        totals = {
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
        }
        self.stdout.write(
            "Demo registry, programmes and partnerships: "
            + ", ".join(
                f"{total} {name} ({new.get(name, 0)} new)" for name, total in totals.items()
            )
            + "."
        )

    def seed_organisations(self):
        rhone = Department.objects.get(code="69")
        operator, _ = Organisation.objects.get_or_create(
            siret=demo_siret("41234567", "0012"),
            defaults={
                "name": "Passerelles Emploi Rhône",
                "kind": OrganisationKind.OPERATOR,
                "department": rhone,
            },
        )
        company, _ = Organisation.objects.get_or_create(
            siret=demo_siret("52345678", "0025"),
            defaults={
                "name": "Bâtiments du Lyonnais",
                "kind": OrganisationKind.COMPANY,
                "department": rhone,
            },
        )
        return {"operator": operator, "company": company}

    def seed_accounts(self, organisations):
        created_count = 0
        for email, first_name, last_name, role, scope in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": first_name, "last_name": last_name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                created_count += 1
            membership, _ = Membership.objects.get_or_create(
                user=user,
                role=role,
                organisation=organisations.get(scope.get("organisation")),
            )
            if "departments" in scope:
                membership.departments.set(Department.objects.filter(code__in=scope["departments"]))
        return created_count
