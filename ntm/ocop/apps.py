from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    name = "ntm.ocop"
    label = "ocop"
    verbose_name = _("OCOP products")

    def ready(self) -> None:
        from ntm.core.scheduling import register
        from ntm.ocop.services.certificates import expiry_reminders

        register("ocop.expiry_reminders", expiry_reminders)

        from ntm.core.worklist import register as register_work
        from ntm.ocop.worklist import ocop_work

        register_work("ocop", ocop_work)
