from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "siret", "department"]
    list_filter = ["kind", "department__region"]
    search_fields = ["name", "siret"]
