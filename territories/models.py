"""French régions and départements (current, post-2016 INSEE codes).

The rows are reference data loaded by a data migration from
``territories/data/territories.json`` (see ``scripts/refresh_territories.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return f"{self.name} ({self.code})"
