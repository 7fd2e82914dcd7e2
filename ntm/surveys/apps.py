from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "ntm.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from django.apps import apps

        from ntm.core.scheduling import register
        from ntm.surveys.providers import SCALAR_PROVIDERS
        from ntm.surveys.services import purge_expired_household_lists

        register("surveys.purge_household_lists", purge_expired_household_lists)
        if apps.is_installed("ntm.assessment"):  # the criteria engine's computed indicator sources
            from ntm.assessment.providers import register_provider

            for name, label, compute in SCALAR_PROVIDERS:
                register_provider(name, label, compute)
