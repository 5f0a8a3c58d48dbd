"""Beneficiaries of international protection and their pathways (personal data)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = _("Beneficiaries")
