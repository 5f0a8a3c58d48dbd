"""Beneficiaries in the Django admin, for national staff only (the admin's door is
`accounts.view_admin`). Every list goes through the model's `visible_to`, like the pages; the
access log is read-only for everyone, superusers included."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.paginators import KeysFirstPaginator

from .models import AccessLog, Beneficiary, Enrolment, FollowUp, PathwayStep, Referral


class ScopedAdmin(SimpleHistoryAdmin):
    """A model admin whose list is the model's `visible_to(request.user)`, read a page's keys
    first (`config.paginators.KeysFirstPaginator`: 100,000 people and a million steps at
    national volume)."""

    paginator = KeysFirstPaginator

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user).select_related(*self.list_select_related)


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ["action", "status", "referral_date", "entry_date", "exit_date"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Beneficiary)
class BeneficiaryAdmin(ScopedAdmin):
    list_display = ["__str__", "birth_date", "nationality", "protection_status", "department"]
    list_filter = ["protection_status", "sex", "department__region"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["department"]
    autocomplete_fields = ["department", "referent_organisation"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ScopedAdmin):
    list_display = ["beneficiary", "action", "status", "referral_date", "entry_date", "exit_date"]
    list_filter = ["status", "action__programme", "referral_source"]
    search_fields = ["beneficiary__last_name", "beneficiary__first_name", "action__title__matches"]
    list_select_related = ["beneficiary", "action"]
    autocomplete_fields = ["beneficiary", "action"]
    date_hierarchy = "referral_date"


@admin.register(PathwayStep)
class PathwayStepAdmin(ScopedAdmin):
    list_display = ["beneficiary", "kind", "status", "start_date", "organisation", "contract_type"]
    list_filter = ["kind", "status", "contract_type"]
    search_fields = ["beneficiary__last_name", "organisation__name__matches"]
    list_select_related = ["beneficiary", "organisation"]
    autocomplete_fields = ["beneficiary", "enrolment", "organisation"]
    date_hierarchy = "start_date"


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdmin):
    list_display = ["enrolment", "months", "due_date", "recorded_on", "situation"]
    list_filter = ["months", "situation"]
    search_fields = ["enrolment__beneficiary__last_name"]
    list_select_related = ["enrolment__beneficiary", "enrolment__action"]
    autocomplete_fields = ["enrolment"]
    date_hierarchy = "due_date"


@admin.register(Referral)
class ReferralAdmin(ScopedAdmin):
    """Referrals are answered on their pages (accept enrols the person): the admin reads them."""

    list_display = ["beneficiary", "action", "from_organisation", "status", "sent_at"]
    list_filter = ["status", "action__programme", "decline_reason"]
    search_fields = [
        "beneficiary__last_name",
        "action__title__matches",
        "from_organisation__name__matches",
    ]
    list_select_related = ["beneficiary", "action", "from_organisation"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes a line of the access log. Deep pages by key
    (`config.paginators.KeysFirstPaginator`): the log only grows."""

    paginator = KeysFirstPaginator

    list_display = ["at", "user", "kind", "beneficiary", "address", "path"]
    list_filter = ["kind"]
    search_fields = ["beneficiary__last_name", "user__email"]
    list_select_related = ["user", "beneficiary"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return AccessLog.objects.visible_to(request.user).select_related(*self.list_select_related)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
