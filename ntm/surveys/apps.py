from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "ntm.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from ntm.core.scheduling import register
        from ntm.surveys.services.answers import receipts_rewrite
        from ntm.surveys.services.households import purge_expired_household_lists

        register("surveys.purge_household_lists", purge_expired_household_lists)
        register("surveys.receipts_rewrite", receipts_rewrite)

        from ntm.core.worklist import register as register_work
        from ntm.surveys.worklist import surveys_work

        register_work("surveys", surveys_work)
