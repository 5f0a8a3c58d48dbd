"""The Django admin of Tremplin: its apps first, then the technical apps (Celery, sign-in
lockout, DSFR settings) under headings that say they are technical. The packages' model
labels without a French translation ("task results"…) are translated in Tremplin's catalogue,
which Django reads first (LOCALE_PATHS)."""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_celery_beat.apps import BeatConfig
from django_celery_results.apps import CeleryResultConfig
from dsfr.apps import DsfrConfig


class TremplinAdminConfig(AdminConfig):
    default_site = "config.admin.TremplinAdminSite"


class TechnicalBeatConfig(BeatConfig):
    verbose_name = _("Technical: scheduled tasks (Celery beat)")


class TechnicalResultsConfig(CeleryResultConfig):
    verbose_name = _("Technical: task results (Celery)")


class TechnicalAxesConfig(AxesConfig):
    verbose_name = _("Technical: sign-in lockout (django-axes)")


class TechnicalDsfrConfig(DsfrConfig):
    verbose_name = _("Technical: DSFR settings")


#: App labels listed last in the admin, in this order.
TECHNICAL_APPS = ["django_celery_beat", "django_celery_results", "axes", "dsfr", "auth"]
