from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "ntm.feedback"
    label = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self) -> None:
        from ntm.core.scheduling import register
        from ntm.feedback.services import feedback_escalate_overdue

        register("feedback.escalate_overdue", feedback_escalate_overdue)

        from ntm.core.worklist import register as register_work
        from ntm.feedback.worklist import feedback_work

        register_work("feedback", feedback_work)
