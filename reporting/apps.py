"""Indicators (defined once) and, later, reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from beneficiaries.filters import EXTRA_FILTERS

        from . import exits
        from .exits import exit_class_filter

        EXTRA_FILTERS["exit_class"] = exit_class_filter
        exits.connect()

        from . import cache

        cache.connect()
