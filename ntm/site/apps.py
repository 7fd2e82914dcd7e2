from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site shell (no models): home pages, demo loader, periodic-work command, audit-log export."""

    name = "ntm.site"
    label = "site"

    def ready(self) -> None:
        from ntm.site.links import ocop_star_for_lot
        from ntm.traceability.links import register_ocop_resolver

        register_ocop_resolver(ocop_star_for_lot)
