"""The audit log in words a person reads: the action as "Indicator value: verified", a field by its label."""

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

register = template.Library()

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


@register.simple_tag
def action_label(entry) -> str:
    """ "Indicator value: verified" for ``indicator_value.verified`` on an IndicatorValue; the code if unknown."""
    model = _model(entry.object_type)
    verb = _verb(entry.action)
    if model is None or verb is None:
        return entry.action
    return f"{capfirst(model._meta.verbose_name)}: {verb}"


@register.simple_tag
def field_label(entry, name: str) -> str:
    model = _model(entry.object_type)
    if model is None:
        return name
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
