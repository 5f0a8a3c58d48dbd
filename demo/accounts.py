"""The demo accounts, one per role, and the two organisations their memberships need: the
operator “Passerelles Emploi Rhône” and the company “Bâtiments du Lyonnais”."""

from accounts.models import Membership, Role, User
from partners.models import Organisation, OrganisationKind
from territories.models import Department

from .organisations import demo_siret

DEMO_PASSWORD = "tremplin-demo"

DEMO_ACCOUNTS = [
    ("national@tremplin.test", "Nadia", "Benali", Role.NATIONAL, {}),
    ("rhone@tremplin.test", "Romain", "Girard", Role.TERRITORIAL, {"departments": ["69"]}),
    ("paris@tremplin.test", "Pauline", "Marchand", Role.TERRITORIAL, {"departments": ["75"]}),
    ("operateur@tremplin.test", "Omar", "Diallo", Role.OPERATOR, {"organisation": "operator"}),
    ("entreprise@tremplin.test", "Émilie", "Rousseau", Role.COMPANY, {"organisation": "company"}),
]


def seed_organisations():
    """The demo operator and company, by the name the accounts' scopes use."""
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


def seed_accounts(organisations):
    """Create the missing demo accounts and their memberships; return how many were created."""
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
