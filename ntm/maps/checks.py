"""System check: a configured base-map tile host must be allowed by the Content Security Policy."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


def _allows(source: str, host: str) -> bool:
    bare = str(source).split("://", 1)[-1].rstrip("/")
    if bare.startswith("*."):
        return host.endswith(bare[1:])
    return bare == host


@register()
def tile_host_allowed(app_configs, **kwargs):
    url = settings.NTM_MAP_TILE_URL
    if not url:
        return []
    host = urlsplit(url.replace("{s}", "a")).netloc
    if host and any(_allows(source, host) for source in settings.SECURE_CSP.get("img-src", [])):
        return []
    return [
        Error(
            f"NTM_MAP_TILE_URL loads tiles from {host or url!r}, which the Content Security Policy does not allow.",
            hint="Add the tile host to NTM_MAP_TILE_HOSTS (for example https://tile.example.org).",
            id="maps.E001",
        )
    ]
