"""Writing a criteria set back as canonical TOML (split from ``setfile``, which re-exports ``dumps``).

No Django import. ``load_bytes(dumps(s).encode())`` gives back an equal set; the shipped files are kept in this
canonical form (a test checks it), so a set edited in the database can be written back as a file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ntm.criteria.setfile import CriteriaSet


def dumps(criteria_set: CriteriaSet, *, header: str = "") -> str:
    """Canonical TOML text of a set; ``load_bytes(dumps(s).encode())`` gives back an equal set."""
    data = criteria_set.to_dict()
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    lines.extend(
        _toml_pairs({k: v for k, v in data.items() if not isinstance(v, dict | list) or _is_scalar_list(v)})
    )
    for key in ("regions", "groups", "flags", "revocation"):
        if key in data:
            lines.extend(["", f"[{key}]", *_toml_pairs(data[key])])
    for group_key in ("conditions", "criteria"):
        for group in data.get(group_key, []):
            lines.extend(
                ["", f"[[{group_key}]]", *_toml_pairs({k: v for k, v in group.items() if k != "indicators"})]
            )
            for indicator in group["indicators"]:
                scalars = {k: v for k, v in indicator.items() if k != "thresholds"}
                lines.extend(["", f"[[{group_key}.indicators]]", *_toml_pairs(scalars)])
                for rule in indicator["thresholds"]:
                    lines.extend([f"[[{group_key}.indicators.thresholds]]", *_toml_pairs(rule)])
    return "\n".join(lines) + "\n"


def _is_scalar_list(value: object) -> bool:
    return isinstance(value, list) and all(not isinstance(item, dict | list) for item in value)


def _toml_pairs(data: Mapping[str, Any]) -> list[str]:
    return [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in data.items()]


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")  # TOML forbids a raw DEL
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):  # an inline table (the parts of a composite indicator)
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
