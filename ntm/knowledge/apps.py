from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "ntm.knowledge"
    label = "knowledge"
    verbose_name = _("Communication, knowledge and emulation")

    def ready(self) -> None:
        from ntm.core.worklist import register as register_work
        from ntm.knowledge.worklist import knowledge_work

        register_work("knowledge", knowledge_work)
