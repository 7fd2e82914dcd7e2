from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "ntm.assessment"
    label = "assessment"
    verbose_name = _("Indicator values and assessment")

    def ready(self) -> None:
        if apps.is_installed("ntm.maps"):  # the map's "criteria met (self-assessed)" colouring
            from ntm.assessment.map_provider import self_assessment_for_map
            from ntm.maps.layers import register_self_assessment_provider

            register_self_assessment_provider(self_assessment_for_map)
