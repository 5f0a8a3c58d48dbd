"""National and territorial programmes (HOPE, PIC, AGIR, CTAI) and their actions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
