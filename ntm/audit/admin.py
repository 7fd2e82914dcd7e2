from django.contrib import admin

from ntm.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, not even by a superuser."""

    list_display = ["timestamp", "actor_label", "action", "object_type", "object_label", "unit"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_label", "actor_label", "request_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
