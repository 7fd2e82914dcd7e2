from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site shell (no models): home pages, demo loader, periodic-work command, audit-log export."""

    name = "ntm.site"
    label = "site"
