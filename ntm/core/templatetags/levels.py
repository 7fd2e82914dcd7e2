"""``{{ level|level_label }}``: a recognition level's label (``ntm.core.choices.LEVEL_LABELS``) in a template."""

from __future__ import annotations

from django import template

from ntm.core.choices import LEVEL_LABELS

register = template.Library()


@register.filter
def level_label(level: str | None) -> str:
    """The label of ``level`` (official or self-assessed, "none" included); an unknown word is shown as it is."""
    return str(LEVEL_LABELS.get(level or "", level or ""))
