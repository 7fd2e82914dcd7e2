"""The audit log in the admin (read-only), and the base class that audits every admin edit of other models."""

from __future__ import annotations

from django.contrib import admin

from ntm.audit.models import AuditEntry
from ntm.audit.services import audit_record, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """Records an audit entry for every save and delete made through the admin."""

    def save_model(self, request, obj, form, change) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = "admin.change" if change else "admin.create"
        audit_record(action=action, instance=obj, before=before, after=snapshot(obj), actor=request.user)

    def delete_model(self, request, obj) -> None:
        audit_record(
            action="admin.delete", instance=obj, before=snapshot(obj), after=None, actor=request.user
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


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
