"""French régions and départements (current, post-2016 INSEE codes).

The rows are reference data loaded by a data migration from
``territories/data/territories.json`` (see ``scripts/refresh_territories.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.search import Normalised


def _followed_department_ids(user):
    """The départements whose data `user` follows, as a condition (None: all of France).
    Coordinators: their territory; operators and company contacts: where their organisations
    are. The filters of lists offer these (national staff: every one)."""
    scope = user.scope
    if scope.is_national:
        return None
    # Through the reverse relation: territories sit below partners and do not import them.
    return models.Q(pk__in=scope.department_ids) | models.Q(
        organisations__in=scope.organisation_ids
    )


class RegionQuerySet(models.QuerySet):
    def filterable_by(self, user):
        """The régions a list's filter offers `user` (those of `filterable_by` départements),
        by name ignoring accents: Île-de-France under I."""
        followed = _followed_department_ids(user)
        if followed is None:
            regions = self
        else:
            regions = self.filter(pk__in=Department.objects.filter(followed).values("region"))
        return regions.order_by(Normalised("name"))


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class DepartmentQuerySet(models.QuerySet):
    def assignable_by(self, user, keep=()):
        """The départements `user` may put something in (an organisation, an action, a
        contract, a convention, a mobilisation action) or follow it by (leads, the funnel):
        every one for national staff; their territory (`scope.department_ids`, a région
        counting as all its départements) for territorial coordinators; none for operators and
        company contacts, who act through their organisation — the forms that let an operator
        place their own organisation or the actions it runs say so themselves.

        `keep`: départements already recorded on the object being edited, which stay
        selectable so that saving does not silently drop what someone else recorded."""
        scope = user.scope
        if scope.is_national:
            return self.all()
        return self.filter(models.Q(pk__in=scope.department_ids) | models.Q(pk__in=keep))

    def filterable_by(self, user):
        """The départements a list's filter offers `user`, by code: every one for national
        staff; their territory for coordinators; where their organisations are for operators
        and company contacts. What each list shows stays its model's `visible_to`."""
        followed = _followed_department_ids(user)
        if followed is None:
            return self.order_by("code")
        return self.filter(pk__in=Department.objects.filter(followed).values("pk")).order_by("code")


class Department(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("region"),
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return f"{self.name} ({self.code})"
