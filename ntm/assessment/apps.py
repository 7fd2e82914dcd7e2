from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "ntm.assessment"
    label = "assessment"
    verbose_name = _("Indicator values and assessment")

    def ready(self) -> None:
        from ntm.assessment.worklist import assessment_work
        from ntm.core.worklist import register as register_work

        register_work("assessment", assessment_work)
