"""Recording audit entries. Every service that writes calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from ntm.audit.context import current_actor, current_request_id
from ntm.audit.models import AuditEntry

Snapshot = dict[str, Any]


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, FieldFile):
        return value.name or None
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> Snapshot:
    """The concrete field values of ``instance`` as JSON-safe data (foreign keys by id)."""
    result: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        result[field.name] = _json_value(getattr(instance, field.attname))
    return result


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, list[Any]]:
    """Field-level difference: ``{"field": [old, new]}`` for every field whose value changed."""
    before = _json_value(before or {})
    after = _json_value(after or {})
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [old, new]
    return changed


def _unit_id_of(instance: models.Model | None) -> int | None:
    """The unit an entry is filed under: the instance itself when it is a unit, else its ``unit_id``, if any."""
    if instance is None:
        return None
    if isinstance(instance, AuditEntry._meta.get_field("unit").related_model):
        return instance.pk
    return getattr(instance, "unit_id", None)


def audit_record(
    *,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    extra: dict[str, Any] | None = None,
    actor: Any = None,
    unit: models.Model | None = None,
) -> AuditEntry:
    """Append one audit entry for ``action`` on ``instance`` with the field diff between two snapshots."""
    actor = actor if actor is not None else current_actor()
    changes: dict[str, Any] = {"fields": diff(before, after)}
    if extra:
        changes["extra"] = _json_value(extra)
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_label = object_label or str(instance)[:255]
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(str(actor) if actor is not None else "system")[:150],
        request_id=current_request_id(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        changes=changes,
        unit_id=unit.pk if unit is not None else _unit_id_of(instance),
    )
    entry.save()
    return entry
