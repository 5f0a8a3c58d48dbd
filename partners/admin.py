"""The partners app in the Django admin, for national staff. Its long lists (20,000 organisations
at national volume) read a page's keys first (`config.paginators.KeysFirstPaginator`), as the
pages do: the last page of the organisations took 84 ms, 32 of them reading and skipping every
row before it. Names and titles are searched as the pages search them (`matches`: case, accents,
apostrophes, dashes and spaces ignored, reading the stored normalised copies)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.paginators import KeysFirstPaginator

from .models import (
    Contact,
    Convention,
    ConventionAmendment,
    ConventionObjective,
    Interaction,
    Lead,
    MobilisationAction,
    Organisation,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "job_title", "email", "phone", "consents_to_contact"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator
    list_display = ["name", "kind", "siret", "naf_code", "department"]
    list_filter = ["kind", "size_band", "naf_section", "department__region"]
    search_fields = ["name__matches", "siret", "siren"]
    list_select_related = ["department"]
    autocomplete_fields = ["opco"]
    readonly_fields = ["siren", "naf_section", "created_at", "updated_at"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator
    list_display = ["__str__", "organisation", "job_title", "email", "consents_to_contact"]
    list_filter = ["consents_to_contact"]
    search_fields = ["first_name", "last_name", "email", "organisation__name__matches"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator
    list_display = ["organisation", "department", "status", "assignee", "submitted_at"]
    list_filter = ["status", "department__region"]
    search_fields = ["organisation__name__matches", "organisation__siret"]
    list_select_related = ["organisation", "department", "assignee"]
    autocomplete_fields = ["organisation", "contact", "convention"]
    date_hierarchy = "submitted_at"


class ObjectiveInline(admin.TabularInline):
    model = ConventionObjective
    extra = 0


class AmendmentInline(admin.TabularInline):
    model = ConventionAmendment
    extra = 0


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator
    list_display = ["title", "scope", "status", "start_date", "end_date", "owner"]
    list_filter = ["status", "scope"]
    search_fields = ["title__matches", "parties__name__matches"]
    autocomplete_fields = ["parties"]
    filter_horizontal = ["departments"]
    inlines = [ObjectiveInline, AmendmentInline]


@admin.register(MobilisationAction)
class MobilisationActionAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator
    list_display = ["title", "kind", "date", "format", "participants"]
    list_filter = ["kind", "format"]
    search_fields = ["title__matches"]
    date_hierarchy = "date"
    autocomplete_fields = ["organiser", "invited", "attendees"]
    filter_horizontal = ["departments"]


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator
    list_display = ["organisation", "kind", "date", "author"]
    list_filter = ["kind"]
    search_fields = ["organisation__name__matches", "summary"]
    list_select_related = ["organisation", "author"]
    autocomplete_fields = ["organisation"]
