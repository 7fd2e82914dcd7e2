"""The one reader of the project's TOML data files: criteria sets, plans, report forms, questionnaires,
procedures, legal documents. Pure: no Django import, so the pure loaders of every app can use it.

``parse`` turns bytes into a dict or raises the caller's ``DataFileError`` subclass with one clear message;
``Table`` reads one TOML table with typed accessors that collect every problem ("Nhiệm vụ IV.1: thiếu “title”")
instead of stopping at the first, so a file is reported whole and nothing is loaded while a problem remains.
Messages are English ids translated through ``ntm.core.messages.gettext`` (Vietnamese for the province's data
maintainers, who edit these files).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.vocabulary import PROVENANCE_MARKS


class DataFileError(ValueError):
    """A data file is not valid; ``errors`` lists every problem. Subclasses name the kind of file."""

    title = gettext_noop("Invalid data file")

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__(f"{_(self.title)}:\n" + "\n".join(f"- {e}" for e in self.errors))


def content_hash(data: bytes) -> str:
    """The fingerprint of a file's bytes: a different hash means a new version."""
    return hashlib.sha256(data).hexdigest()


def parse(data: bytes | str, error: type[DataFileError] = DataFileError) -> dict[str, Any]:
    """The TOML document in ``data`` (UTF-8 bytes or text) as a dict; ``error`` on bad encoding or syntax."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(
                [
                    _("The file is not UTF-8 text (bad byte at position %(position)s)")
                    % {"position": exc.start}
                ]
            ) from exc
    try:
        return tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise error([_("The file is not valid TOML: %(problem)s") % {"problem": exc}]) from exc


class Table:
    """One TOML table being read. Every accessor returns a usable default after recording a problem, so the
    caller reads on and reports all problems at once; ``allowed`` (when given) flags unknown keys."""

    def __init__(
        self, data: object, place: str, errors: list[str], allowed: Iterable[str] | None = None
    ) -> None:
        self.place, self.errors = place, errors
        if not isinstance(data, Mapping):
            errors.append(_("%(place)s: must be a table") % {"place": place})
            data = {}
        self.data: Mapping[str, Any] = data
        if allowed is not None:
            for key in sorted(set(data) - set(allowed)):
                errors.append(_("%(place)s: unknown key “%(key)s”") % {"place": place, "key": key})

    def error(self, message: str) -> None:
        self.errors.append(f"{self.place}: {message}")

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(
        self, key: str, *, required: bool = True, default: str = "", max_length: int | None = None
    ) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(_("missing “%(key)s”") % {"key": key})
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            message = (
                _("“%(key)s” must be a non-empty string") if required else _("“%(key)s” must be a string")
            )
            self.error(message % {"key": key})
            return default
        value = value.strip()
        if max_length is not None and len(value) > max_length:
            self.error(_("“%(key)s” is longer than %(max)s characters") % {"key": key, "max": max_length})
        return value

    def choice(self, key: str, choices: Iterable[str], *, default: str | None = None) -> str:
        choices = tuple(choices)
        value = self.data.get(key, default)
        if value not in choices:
            self.error(
                _("“%(key)s” must be one of %(choices)s (it is %(value)s)")
                % {"key": key, "choices": ", ".join(choices), "value": repr(value)}
            )
            return choices[0]
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error(_("“%(key)s” must be true or false") % {"key": key})
            return default
        return value

    def integer(self, key: str, *, default: int | None = None, minimum: int = 0) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.error(_("“%(key)s” must be an integer ≥ %(minimum)s") % {"key": key, "minimum": minimum})
            return minimum
        return value

    def date(self, key: str) -> dt.date:
        value = self.data.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.error(_("“%(key)s” must be a date like 2025-12-31") % {"key": key})
        return dt.date(2000, 1, 1)

    def optional_date(self, key: str) -> dt.date | None:
        return self.date(key) if self.data.get(key) is not None else None

    def decimal(self, key: str) -> Decimal:
        """A non-negative number, kept exact."""
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(_("“%(key)s” must be a number") % {"key": key})
            return Decimal(0)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.error(_("“%(key)s” must be a number") % {"key": key})
            return Decimal(0)
        if number < 0:
            self.error(_("“%(key)s” must not be negative") % {"key": key})
        return number

    def provenance(self) -> tuple[str, str, str]:
        """The provenance mark, its source and note that every shipped fact carries."""
        status = self.choice("provenance", PROVENANCE_MARKS)
        return status, self.text("source"), self.text("note", required=False)

    def tables(self, key: str, *, required: bool = False) -> list[object]:
        """The raw entries of an array of tables ``[[key]]`` (wrap each in a ``Table`` to read it)."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.error(_("“%(key)s” must be an array of tables [[%(key)s]]") % {"key": key})
            return []
        if required and not value:
            self.error(_("at least one [[%(key)s]] entry is needed") % {"key": key})
        return value
