from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "ntm.traceability"
    label = "traceability"
    verbose_name = _("Growing areas and traceability")

    def ready(self) -> None:
        from ntm.core.worklist import register as register_work
        from ntm.traceability.worklist import traceability_work

        register_work("traceability", traceability_work)
