from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    name = "ntm.environment"
    label = "environment"
    verbose_name = _("Rural environment and clean water")

    def ready(self) -> None:
        from ntm.core.worklist import register as register_work
        from ntm.environment.worklist import environment_work

        register_work("environment", environment_work)
