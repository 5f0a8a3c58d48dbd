"""Who follows a lead: the territorial coordinators of its département (a membership naming the
département or its whole région), and national staff when the département has none."""

from django.db.models import Q

from accounts.models import Membership, Role, User


def coordinators_of(department):
    """Active users with a territorial membership covering `department`."""
    memberships = Membership.objects.filter(role=Role.TERRITORIAL).filter(
        Q(departments=department) | Q(region_id=department.region_id)
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user"))


def national_staff():
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(role=Role.NATIONAL).values("user"),
    )


def possible_assignees(department):
    """The people a lead of `department` may be assigned to: its coordinators and national
    staff."""
    memberships = Membership.objects.filter(
        Q(role=Role.NATIONAL)
        | Q(role=Role.TERRITORIAL, departments=department)
        | Q(role=Role.TERRITORIAL, region_id=department.region_id)
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user"))
