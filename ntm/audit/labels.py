"""The audit log in words a person reads: the action as "Indicator value: verified", a field by its label, the
object type by its model's name, the changes as "Label: before → after". Used by the log page (template tags in
``templatetags/audit_labels.py``) and by the Excel export (``ntm.site.exports``)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The verb at the end of an action code ("indicator_value.verified", "programme.manager_save").
VERBS = {
    "create": _("created"),
    "version_create": _("new version"),
    "entered": _("entered"),
    "changed": _("changed"),
    "verified": _("verified"),
    "returned": _("returned"),
    "answered": _("answered"),
    "evidence": _("evidence added"),
    "add": _("added"),
    "save": _("saved"),
    "set": _("set"),
    "load": _("loaded"),
    "import": _("imported"),
    "assign": _("assigned"),
    "open": _("opened"),
    "close": _("closed"),
    "seed": _("loaded"),
    "paper_entry": _("paper slips entered"),
    "delete": _("deleted"),
    "deactivate": _("deactivated"),
    "withdraw": _("withdrawn"),
    "transition": _("moved to the next step"),
    "publish": _("published"),
}


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _verb(action: str) -> str | None:
    tail = action.rsplit(".", 1)[-1]
    if tail in VERBS:
        return VERBS[tail]
    last = tail.rsplit("_", 1)[-1]
    return VERBS.get(last)


def action_label(entry) -> str:
    """ "Indicator value: verified" for ``indicator_value.verified`` on an IndicatorValue; the code if unknown."""
    model = _model(entry.object_type)
    verb = _verb(entry.action)
    if model is None or verb is None:
        return entry.action
    return f"{capfirst(model._meta.verbose_name)}: {verb}"


def field_label(entry, name: str) -> str:
    model = _model(entry.object_type)
    if model is None:
        return name
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def object_type_label(entry) -> str:
    """The model's name ("Indicator value") for ``assessment.indicatorvalue``; the stored text if unknown."""
    model = _model(entry.object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else entry.object_type


def _shown(value) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


def changes_text(entry) -> str:
    """One line per changed field: "Label: before → after" (empty when nothing changed)."""
    fields = (entry.changes or {}).get("fields") or {}
    lines = []
    for name, pair in fields.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list | tuple) else (None, pair)
        lines.append(f"{field_label(entry, name)}: {_shown(before)} → {_shown(after)}")
    return "\n".join(lines)
