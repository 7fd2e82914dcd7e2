"""What the database layer needs to know about a set's content: its hash, its threshold counts, what changed.

No Django import. The content of a version is ``CriteriaSet.to_dict()``; the version number is the version's
identity, not part of its content, so ``content_digest`` leaves it out: the same content saved again (or a shipped
file reloaded with only its comments changed) has the same digest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ntm.core.vocabulary import PARTIAL, PLACEHOLDER, PROVENANCE_MARKS, UNCONFIRMED
from ntm.criteria.setfile import CriteriaSet

_GROUP_KEYS = ("conditions", "criteria")


def canonical_json(content: Mapping[str, Any]) -> str:
    """Stable JSON text of a content dict without its version number."""
    body = {key: value for key, value in content.items() if key != "version"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_digest(content: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a content dict (version excluded)."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def threshold_stats(criteria_set: CriteriaSet) -> dict[str, Any]:
    """Counts shown on the set pages.

    ``criteria`` and ``indicators`` count the criteria and their indicators (57 for the commune set);
    ``conditions`` counts the pre-conditions apart.     ``thresholds``: threshold rules by provenance. ``unconfirmed``: rules that carry a value not yet confirmed
    from the official text (partial or unconfirmed). ``missing``: rules without a value (placeholders) plus
    indicators that have no rule at all, i.e. places where the engine can only answer "no threshold".
    """
    by_status = dict.fromkeys(PROVENANCE_MARKS, 0)
    without_rule = 0
    for _group, indicator in criteria_set.iter_indicators():
        if not indicator.thresholds:
            without_rule += 1
        for rule in indicator.thresholds:
            by_status[rule.provenance.status] = by_status.get(rule.provenance.status, 0) + 1
    return {
        "criteria": len(criteria_set.criteria),
        "conditions": len(criteria_set.conditions),
        "indicators": criteria_set.indicator_count,  # in criteria, as the legal totals count them
        "thresholds": by_status,
        "without_rule": without_rule,
        "unconfirmed": by_status[PARTIAL] + by_status[UNCONFIRMED],
        "missing": by_status[PLACEHOLDER] + without_rule,
    }


def _indicators(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for group_key in _GROUP_KEYS:
        for group in content.get(group_key) or []:
            for indicator in group.get("indicators", []):
                found[indicator["code"]] = {**indicator, "_group": group["code"]}
    return found


def _groups(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        group["code"]: {key: value for key, value in group.items() if key != "indicators"}
        for group_key in _GROUP_KEYS
        for group in content.get(group_key) or []
    }


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def content_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What differs between two contents, item by item, for the audit log and the version history.

    Each change is ``{"item": "set" | "criterion" | "indicator", "code": ..., "change": "changed" | "added" |
    "removed", "fields": {field: [old, new]}}``; an indicator's thresholds compare as one field.
    """
    changes: list[dict[str, Any]] = []
    set_old = {k: v for k, v in old.items() if k not in (*_GROUP_KEYS, "version")}
    set_new = {k: v for k, v in new.items() if k not in (*_GROUP_KEYS, "version")}
    fields = _field_changes(set_old, set_new)
    if fields:
        changes.append(
            {"item": "set", "code": str(new.get("code", "")), "change": "changed", "fields": fields}
        )
    for item, before, after in (
        ("criterion", _groups(old), _groups(new)),
        ("indicator", _indicators(old), _indicators(new)),
    ):
        for code in [*before, *(code for code in after if code not in before)]:
            if code not in after:
                changes.append({"item": item, "code": code, "change": "removed", "fields": {}})
            elif code not in before:
                changes.append({"item": item, "code": code, "change": "added", "fields": {}})
            else:
                fields = _field_changes(before[code], after[code])
                if fields:
                    changes.append({"item": item, "code": code, "change": "changed", "fields": fields})
    return changes
