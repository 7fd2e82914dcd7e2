from django.contrib import admin

from ntm.audit.admin import AuditedModelAdmin
from ntm.units.models import AdministrativeUnit


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "level", "structure", "parent"]
    list_filter = ["structure", "level"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]
