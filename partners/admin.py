"""The registry in the Django admin, for national staff: organisations with their contacts."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "job_title", "email", "phone", "consents_to_contact"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "siret", "naf_code", "department"]
    list_filter = ["kind", "size_band", "naf_section", "department__region"]
    search_fields = ["name", "siret", "siren"]
    list_select_related = ["department"]
    autocomplete_fields = ["opco"]
    readonly_fields = ["siren", "naf_section", "created_at", "updated_at"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "job_title", "email", "consents_to_contact"]
    list_filter = ["consents_to_contact"]
    search_fields = ["first_name", "last_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
