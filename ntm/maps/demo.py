"""Illustrative register entries so the demo map shows every colour (demo installations only).

A handful of communes get made-up decisions, numbered "MH-…" and noted "Dữ liệu minh họa", recorded through the
register's own service (validated and audited like any decision). They are not Đồng Nai's real results: the
province's real counts (domain.md §7.3) are never spread over communes here. One 2025 decision is left
unpublished, so the internal map differs from the public one.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.utils import timezone

from ntm.core import vocabulary
from ntm.core.exceptions import ServiceError
from ntm.core.models import DataKind, InstanceState
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES, TASK_COMPLETION_UNIT_TYPES
from ntm.maps.districts import legacy_districts
from ntm.maps.selectors import layer_units
from ntm.recognition.models import HamletModelKind
from ntm.recognition.services.hamlet_models import hamlet_model_recognise
from ntm.status.models import RecordSource, StatusRecord
from ntm.status.services import status_record_create
from ntm.units.models import AdministrativeUnit, Hamlet, Structure
from ntm.units.selectors import roots_of

DEMO_NOTE = "Dữ liệu minh họa"
_ISSUER = "UBND tỉnh (minh họa)"
_LEVELS_2025 = (
    vocabulary.NTM,
    vocabulary.NTM,
    vocabulary.ADVANCED,
    vocabulary.NTM,
    vocabulary.MODEL,
    vocabulary.NTM,
    vocabulary.ADVANCED,
)


def _day(year: int, month: int, day: int) -> dt.date:
    return min(dt.date(year, month, day), timezone.localdate())


def _communes(structure: str, count: int) -> list[AdministrativeUnit]:
    units = layer_units(structure).filter(unit_type__in=COMMUNE_SET_UNIT_TYPES).order_by("code")
    return list(units[:count])


def _record(unit, level, number: int, day: dt.date, *, revokes=None, published=True) -> StatusRecord:
    return status_record_create(
        unit=unit,
        level=level,
        decision_number=f"MH-{number:02d}/QĐ-UBND",
        decision_date=day,
        source=RecordSource.REGISTER,
        issuing_body=_ISSUER,
        note=DEMO_NOTE,
        revokes=revokes,
        is_published=published,
    )


def load_map_demo() -> int:
    """Record the illustrative decisions (once); the number recorded. Refuses outside a demo installation."""
    if InstanceState.current().data_kind != DataKind.DEMO:
        raise ServiceError("Chỉ nạp quyết định minh họa cho bản đồ trên cơ sở dữ liệu minh họa.")
    if StatusRecord.objects.filter(note=DEMO_NOTE).exists():
        return 0
    number = count(1).__next__
    created = 0
    new_units = _communes(Structure.REFORM_2025, len(_LEVELS_2025) + 2)
    for unit, level in zip(new_units, _LEVELS_2025, strict=False):
        _record(unit, level, number(), _day(2025, 9, 15))
        created += 1
    if len(new_units) > len(_LEVELS_2025):
        revoked = _record(new_units[len(_LEVELS_2025)], vocabulary.NTM, number(), _day(2025, 8, 1))
        _record(
            new_units[len(_LEVELS_2025)], vocabulary.REVOKED, number(), _day(2025, 11, 20), revokes=revoked
        )
        created += 2
    if len(new_units) > len(_LEVELS_2025) + 1:
        _record(new_units[-1], vocabulary.NTM, number(), _day(2025, 12, 10), published=False)
        created += 1
    for index, unit in enumerate(_communes(Structure.LEGACY, 6)):
        _record(unit, vocabulary.NTM, number(), _day(2015 + index, 6, 30))
        created += 1
        if index % 3 == 0:
            _record(unit, vocabulary.ADVANCED, number(), _day(2022 + index // 3, 10, 15))
            created += 1
    # One huyện and one town or city of the legacy structure get an illustrative recognition, so the legacy
    # map's district table and the district pages show a status next to the conditions over communes.
    districts = list(legacy_districts(roots_of(Structure.LEGACY)))
    for wanted in ({"huyen"}, TASK_COMPLETION_UNIT_TYPES):
        unit = next((d for d in districts if d.unit_type in wanted), None)
        if unit is not None:
            _record(unit, vocabulary.NTM, number(), _day(2020, 12, 20))
            created += 1
    # One ấp of a 2025 commune is recognised as a smart-hamlet model (shown on the commune's page; counted in the
    # model-commune condition). Not a register record: ``created`` counts register records only.
    hamlet = Hamlet.objects.filter(unit__in=new_units, is_active=True).order_by("unit__code", "name").first()
    if hamlet is not None:
        hamlet_model_recognise(
            hamlet=hamlet,
            kind=HamletModelKind.SMART,
            decision_number=f"MH-{number():02d}/QĐ-UBND",
            decision_date=_day(2025, 10, 1),
            issuing_body=_ISSUER,
            note=DEMO_NOTE,
        )
    return created
