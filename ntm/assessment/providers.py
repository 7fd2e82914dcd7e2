"""Computed indicator values: other apps register providers here, so they plug in without touching this app.

A provider is ``fn(unit, year) -> value | None`` (the value in the indicator's unit: a bool, a number, a
percentage). The province maps an indicator of a set to a provider with an ``IndicatorSource`` row; the commune
then does not type that value. Register from an AppConfig.ready():

    from ntm.assessment.providers import register_provider
    register_provider("survey_satisfaction", "Tỷ lệ hài lòng (khảo sát MTTQ)", satisfaction_overall)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    compute: Callable[[Any, int], object]


PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, label: str, compute: Callable[[Any, int], object]) -> None:
    PROVIDERS[name] = Provider(name, label, compute)


def compute(name: str, unit, year: int) -> object:
    """The provider's value, or None when the provider is unknown or has no value for the unit and year."""
    provider = PROVIDERS.get(name)
    return provider.compute(unit, year) if provider is not None else None
