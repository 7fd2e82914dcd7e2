"""The instance state (empty, demo or real data) in the admin, its edits audited like every admin edit."""

from django.contrib import admin

from ntm.audit.admin import AuditedModelAdmin
from ntm.core.models import InstanceState

admin.site.register(InstanceState, AuditedModelAdmin)
