from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "ntm.status"
    label = "status"
    verbose_name = _("Register of official status")
