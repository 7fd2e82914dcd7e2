from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "ntm.traceability"
    label = "traceability"
    verbose_name = _("Growing areas and traceability")
