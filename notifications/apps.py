"""Reminders and notices: who is told of what, and the outgoing messages sent once each."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The domain apps announce their events; the notices listen.
        from . import notices  # noqa: F401
