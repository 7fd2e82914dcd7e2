"""Every change made through the Django admin is audited like any other write."""

from __future__ import annotations

from django.contrib import admin

from ntm.audit.services import audit_record, snapshot
from ntm.core.models import InstanceState


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


admin.site.register(InstanceState, AuditedModelAdmin)
