"""Beneficiaries of international protection and their pathways (personal data)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = _("Beneficiaries")

    def ready(self):
        # rules' autodiscovery imports `beneficiaries/rules.py` only: the referrals slice's
        # permissions are registered here, so that a worker or the shell answers as a view does.
        from .referrals import rules as referrals_rules  # noqa: F401
