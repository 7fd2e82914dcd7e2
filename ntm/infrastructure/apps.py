from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructureConfig(AppConfig):
    name = "ntm.infrastructure"
    label = "infrastructure"
    verbose_name = _("Digital infrastructure and rural planning")
