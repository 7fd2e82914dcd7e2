from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "ntm.maps"
    label = "maps"
    verbose_name = _("Digital map")

    def ready(self) -> None:
        from ntm.maps import checks  # noqa: F401 (registers the tile settings check)
