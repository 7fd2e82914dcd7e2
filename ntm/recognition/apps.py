from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "ntm.recognition"
    label = "recognition"
    verbose_name = _("Appraisal and recognition")

    def ready(self) -> None:
        from ntm.core.scheduling import register
        from ntm.recognition.notifications import deadline_reminders

        register("recognition.deadlines", deadline_reminders)

        from ntm.core.worklist import register as register_work
        from ntm.recognition.worklist import recognition_work

        register_work("recognition", recognition_work)
