from django.contrib import admin


class SuperuserAdminSite(admin.AdminSite):
    """The Django admin, open to superusers only (staff flags alone give nothing)."""

    site_header = "NTM số — Quản trị"
    site_title = "NTM số"

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser
