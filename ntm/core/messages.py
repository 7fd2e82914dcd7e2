"""Translation for the pure modules, which import no Django (the engine, file parsers).

They call ``gettext`` from here with an English message id, as Django code calls Django's; ``CoreConfig.ready``
installs Django's ``gettext`` so the message comes out in the request's language. Outside Django (a script, a
pure unit test) the English id is returned as it is. ``makemessages`` extracts ``_("...")`` calls as usual;
module-level constants are marked with ``gettext_noop`` and translated where they are used.
"""

from collections.abc import Callable

_translate: Callable[[str], str] = str


def gettext(message: str) -> str:
    """``message`` in the active language once Django is set up, else the English id."""
    return _translate(message)


def gettext_noop(message: str) -> str:
    """Mark a module-level message for extraction; translate it with ``gettext`` where it is used."""
    return message


def install(translate: Callable[[str], str]) -> None:
    """Route ``gettext`` through ``translate`` (Django's gettext, installed by ``CoreConfig.ready``)."""
    global _translate
    _translate = translate
