from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "ntm.criteria"
    label = "criteria"
    verbose_name = _("Criteria sets")

    def ready(self) -> None:
        from ntm.core.worklist import register as register_work
        from ntm.criteria.worklist import criteria_work

        register_work("criteria", criteria_work)
