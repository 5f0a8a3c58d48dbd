from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.paginators import KeysFirstPaginator

from .models import Action, Programme, Target, TerritorialContract


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "scope", "is_active"]
    list_filter = ["scope", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    paginator = KeysFirstPaginator  # 2,000 actions at national volume: deep pages by key
    list_display = ["title", "programme", "operator", "status", "start_date", "capacity"]
    list_filter = ["programme", "status", "sector"]
    list_select_related = ["programme", "operator"]
    search_fields = ["title__matches", "operator__name__matches"]
    date_hierarchy = "start_date"
    autocomplete_fields = [
        "operator",
        "departments",
        "funders",
        "partners",
        "hope_centre",
        "hope_opco",
        "agir_department",
        "contract",
    ]
    inlines = [TargetInline]


@admin.register(TerritorialContract)
class TerritorialContractAdmin(SimpleHistoryAdmin):
    list_display = ["name", "prefecture", "start_year", "end_year", "signed_on"]
    list_select_related = ["prefecture"]
    search_fields = ["name", "prefecture__name"]
    autocomplete_fields = ["prefecture", "signatories", "departments"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "action", "contract", "period_start", "period_end"]
    list_filter = ["indicator", "unit"]
    list_select_related = ["action", "contract"]
    autocomplete_fields = ["action", "contract"]
