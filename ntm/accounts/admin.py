from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ntm.accounts.models import ApiToken, Organisation, OrganisationName, RoleAssignment, User
from ntm.audit.admin import AuditedModelAdmin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class NtmUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "is_demo"]
    fieldsets = (*UserAdmin.fieldsets, ("NTM", {"fields": ["full_name"]}))
    inlines = [RoleAssignmentInline]


class OrganisationNameInline(admin.TabularInline):
    """Former names, dated (a record is shown with the department's name of its year)."""

    model = OrganisationName
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "short_name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["unit"]
    inlines = [OrganisationNameInline]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "hint", "created_at", "last_used_at"]
