from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "ntm.programme"
    label = "programme"
    verbose_name = _("Programme management")

    def ready(self) -> None:
        from ntm.core.scheduling import register
        from ntm.programme.services.cycles import programme_scheduled

        register("programme.report_cycles", programme_scheduled)

        from ntm.programme.exchange import scheduled_export

        register("programme.open_data_export", scheduled_export)

        from ntm.core.worklist import register as register_work
        from ntm.programme.worklist import programme_work

        register_work("programme", programme_work)

        from ntm.programme.selectors.registries import linkages_of_area
        from ntm.traceability.links import register_linkage_resolver

        register_linkage_resolver(linkages_of_area)
