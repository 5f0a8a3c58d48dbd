"""Organisations, companies and partnerships."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # rules' autodiscovery imports `partners/rules.py` only: the slices' permissions are
        # registered here, so that a worker or the shell answers `has_perm` as a view does.
        from .conventions import rules as conventions_rules  # noqa: F401
        from .leads import rules as leads_rules  # noqa: F401
        from .mobilisation import rules as mobilisation_rules  # noqa: F401
