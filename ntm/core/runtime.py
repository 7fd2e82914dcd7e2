"""What a long-running process (a web worker) does once it has loaded the application."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Load every view (the URLconf imports them), then move every object loaded so far out of the garbage
    collector's reach (``gc.freeze``): a full collection, which a page building hundreds of thousands of objects
    sets off several times (a cold national roll-up, a third of its time), then walks the request's own objects
    only, not the application's; and workers forked from this process keep sharing those pages of memory (the
    Python documentation of ``gc.freeze``). Called by ``config.wsgi``/``config.asgi`` and the benchmarks."""
    get_resolver().url_patterns  # noqa: B018 (the import of every view is the point)
    gc.freeze()
