from django.contrib import admin

from .models import Department, Region


class ReadOnlyReferenceAdmin(admin.ModelAdmin):
    """Reference data comes from the official INSEE file: no edits from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]
    ordering = ["code"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]
