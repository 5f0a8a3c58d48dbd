"""Tremplin's admin site: Django's, with the technical apps after Tremplin's own."""

from django.contrib.admin import AdminSite

from .apps import TECHNICAL_APPS


class TremplinAdminSite(AdminSite):
    site_header = "Tremplin — administration"
    site_title = "Tremplin"

    def get_app_list(self, request, app_label=None):
        """Django's list of apps (dicts with `app_label`), Tremplin's apps first
        (alphabetically), then the technical ones in `TECHNICAL_APPS` order."""
        apps = super().get_app_list(request, app_label)

        def technical_rank(app):
            label = app["app_label"]
            return TECHNICAL_APPS.index(label) if label in TECHNICAL_APPS else -1

        return sorted(apps, key=technical_rank)
