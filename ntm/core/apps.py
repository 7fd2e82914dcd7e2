from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ntm.core import messages


class CoreConfig(AppConfig):
    default = True
    name = "ntm.core"
    label = "core"
    verbose_name = _("System")

    def ready(self) -> None:
        messages.install(translation.gettext)


class NtmAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "ntm.core.adminsite.SuperuserAdminSite"
