from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    """The Django admin, open to superusers only (staff flags alone give nothing)."""

    site_header = _("NTM số — Administration")
    site_title = "NTM số"

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser
