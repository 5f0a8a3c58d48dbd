"""Outgoing messages in the Django admin: national staff read what was sent, when, and why a
message is still waiting. Nobody writes here: the senders do."""

from django.contrib import admin

from .models import OutgoingMessage, Reminder


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "sent_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "content_type",
        "object_id",
        "user",
        "email",
        "language",
        "key",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminders sent, each once: national staff check who was told of what, and when.
    Titles name no beneficiary; the objects are shown by type and number."""

    list_display = ["created_at", "kind", "content_type", "object_id", "recipient", "due_date"]
    list_filter = ["kind", "due_date"]
    list_select_related = ["content_type", "recipient"]
    date_hierarchy = "created_at"
    fields = list_display + ["title", "url"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
