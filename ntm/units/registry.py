"""Administrative units read from the ``vietnam-provinces`` package, in both structures, with no Django import.

Two structures exist side by side:

* ``"legacy"`` — the three tiers in force until 30/6/2025: province, district-level unit (huyện, quận, thị xã,
  thành phố thuộc tỉnh), commune-level unit (xã, phường, thị trấn);
* ``"2025"`` — the two tiers in force from 1/7/2025: province, commune-level unit (xã, phường, đặc khu).

Codes are the official statistical codes (danh mục hành chính of the statistics office), written as strings with
their usual zero padding: two digits for a province ("75"), three for a district ("731"), five for a commune
("26041"). The same code can name different units in the two structures (old ward 25195 "Phường Tân Phú" and
new ward 25195 "Phường Bình Phước"), so a unit is identified by ``(structure, code)``.

Validity dates: legacy units end on 30/6/2025 and 2025 units start on 1/7/2025, when the two-tier local
government began (for Đồng Nai: NQ 1662/NQ-UBTVQH15 of 16/6/2025 on its commune-level units). The date is
cross-checked against the package's own conversion tables (``EFFECTIVE_DATE``). The package gives no earlier
history, so a legacy unit's ``valid_from`` and a 2025 unit's ``valid_to`` are unknown (``None``).

Lineage (which old units make up each new one) comes from the package's conversion table, which it generated
from the official old/new correspondence table (its file name is part of each link's ``source``, see
:func:`lineage_sources`).

Everything the package provides is checked while it is read: a duplicate code, a parent that does not exist, an
empty name or a name that does not start with its type raise :class:`RegistryError` and nothing is returned.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any, Final, Literal

from ntm.core.text import fold

Structure = Literal["legacy", "2025"]
Level = Literal["province", "district", "commune"]

LEGACY: Final = "legacy"
REFORM_2025: Final = "2025"
STRUCTURE_LABELS: Final[dict[str, str]] = {LEGACY: "trước 1/7/2025", REFORM_2025: "từ 1/7/2025"}

LEGACY_VALID_TO: Final = date(2025, 6, 30)
REFORM_VALID_FROM: Final = date(2025, 7, 1)
VALIDITY_SOURCE: Final = (
    "Chính quyền địa phương hai cấp từ 01/7/2025 (Đồng Nai: NQ 1662/NQ-UBTVQH15 ngày 16/6/2025); "
    "đối chiếu với ngày hiệu lực trong bảng chuyển đổi của gói vietnam-provinces"
)

# Level of each unit type, and the prefix its full name starts with.
UNIT_TYPE_LEVELS: Final[dict[str, Level]] = {
    "tinh": "province",
    "thanh_pho_tw": "province",
    "huyen": "district",
    "quan": "district",
    "thi_xa": "district",
    "thanh_pho": "district",
    "xa": "commune",
    "phuong": "commune",
    "thi_tran": "commune",
    "dac_khu": "commune",
}
UNIT_TYPE_PREFIXES: Final[dict[str, str]] = {
    "tinh": "Tỉnh",
    "thanh_pho_tw": "Thành phố",
    "huyen": "Huyện",
    "quan": "Quận",
    "thi_xa": "Thị xã",
    "thanh_pho": "Thành phố",
    "xa": "Xã",
    "phuong": "Phường",
    "thi_tran": "Thị trấn",
    "dac_khu": "Đặc khu",
}
# The package's division types (its enum values) for each structure.
_PACKAGE_TYPES: Final[dict[str, dict[str, str]]] = {
    REFORM_2025: {
        "tỉnh": "tinh",
        "thành phố trung ương": "thanh_pho_tw",
        "xã": "xa",
        "phường": "phuong",
        "đặc khu": "dac_khu",
    },
    LEGACY: {
        "tỉnh": "tinh",
        "thành phố trung ương": "thanh_pho_tw",
        "huyện": "huyen",
        "quận": "quan",
        "thị xã": "thi_xa",
        "thành phố": "thanh_pho",
        "xã": "xa",
        "phường": "phuong",
        "thị trấn": "thi_tran",
    },
}
_CODE_WIDTHS: Final[dict[str, int]] = {"province": 2, "district": 3, "commune": 5}
_PARENT_LEVEL: Final[dict[str, str | None]] = {
    "province": None,
    "district": "province",
    "commune": "district",
}
_LEVEL_ORDER: Final[dict[str, int]] = {"province": 0, "district": 1, "commune": 2}
_STRUCTURE_ORDER: Final[dict[str, int]] = {LEGACY: 0, REFORM_2025: 1}


class RegistryError(Exception):
    """The package's data is inconsistent or the request cannot be met; ``problems`` lists every finding."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        message = self.problems[0] if self.problems else "Dữ liệu đơn vị hành chính không hợp lệ."
        if len(self.problems) > 1:
            message = f"{message} (và {len(self.problems) - 1} lỗi khác)"
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class RegistryUnit:
    """One administrative unit in one structure, as read from the package."""

    structure: Structure
    code: str
    name: str
    short_name: str
    unit_type: str
    level: Level
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None

    @property
    def key(self) -> tuple[str, str]:
        """``(structure, code)``, unique within a snapshot."""
        return (self.structure, self.code)


@dataclass(frozen=True, slots=True)
class LineageLink:
    """The legacy unit ``old_code`` makes up (all or part of) the 2025 unit ``new_code``.

    Links exist at province level ("75" ← "70", "75") and at commune level. ``partial`` is true when only part
    of the old unit went into the new one (the package flags it, or the old unit has several successors); a
    boundary derived from such a predecessor is approximate.
    """

    new_code: str
    old_code: str
    source: str
    partial: bool = False


@dataclass(frozen=True)
class RegistrySnapshot:
    """A validated, self-consistent set of units and lineage links; parents come before their children.

    Every ``parent_code`` names a unit of the same structure one level up, every link joins an existing 2025
    unit to an existing legacy unit. ``warnings`` lists what was left out and why (in Vietnamese).
    """

    units: tuple[RegistryUnit, ...]
    lineage: tuple[LineageLink, ...]
    warnings: tuple[str, ...] = ()
    source: str = ""
    _by_key: dict[tuple[str, str], RegistryUnit] = field(init=False, repr=False, compare=False)
    _children: dict[tuple[str, str], list[RegistryUnit]] = field(init=False, repr=False, compare=False)
    _old_by_new: dict[str, list[LineageLink]] = field(init=False, repr=False, compare=False)
    _new_by_old: dict[str, list[LineageLink]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        children: dict[tuple[str, str], list[RegistryUnit]] = defaultdict(list)
        for unit in self.units:
            if unit.parent_code is not None:
                children[(unit.structure, unit.parent_code)].append(unit)
        old_by_new: dict[str, list[LineageLink]] = defaultdict(list)
        new_by_old: dict[str, list[LineageLink]] = defaultdict(list)
        for link in self.lineage:
            old_by_new[link.new_code].append(link)
            new_by_old[link.old_code].append(link)
        object.__setattr__(self, "_by_key", {unit.key: unit for unit in self.units})
        object.__setattr__(self, "_children", dict(children))
        object.__setattr__(self, "_old_by_new", dict(old_by_new))
        object.__setattr__(self, "_new_by_old", dict(new_by_old))

    def get(self, structure: Structure, code: str) -> RegistryUnit | None:
        """The unit with this code in this structure, or ``None``."""
        return self._by_key.get((structure, code))

    def select(
        self, structure: Structure | None = None, level: Level | None = None, unit_type: str | None = None
    ) -> list[RegistryUnit]:
        """Units filtered by structure, level and type (any left ``None`` is not filtered)."""
        return [
            unit
            for unit in self.units
            if (structure is None or unit.structure == structure)
            and (level is None or unit.level == level)
            and (unit_type is None or unit.unit_type == unit_type)
        ]

    def children(self, unit: RegistryUnit) -> list[RegistryUnit]:
        """Units directly under ``unit`` in its structure."""
        return list(self._children.get(unit.key, ()))

    def descendants(self, unit: RegistryUnit) -> Iterator[RegistryUnit]:
        """Every unit under ``unit`` (depth first)."""
        for child in self.children(unit):
            yield child
            yield from self.descendants(child)

    def predecessors(self, new_code: str) -> list[RegistryUnit]:
        """The legacy units that make up the 2025 unit ``new_code``."""
        return [self._by_key[(LEGACY, link.old_code)] for link in self._old_by_new.get(new_code, ())]

    def successors(self, old_code: str) -> list[RegistryUnit]:
        """The 2025 units that the legacy unit ``old_code`` went into."""
        return [self._by_key[(REFORM_2025, link.new_code)] for link in self._new_by_old.get(old_code, ())]

    def links_to(self, new_code: str) -> list[LineageLink]:
        """The lineage links of the 2025 unit ``new_code``."""
        return list(self._old_by_new.get(new_code, ()))

    def search(
        self, text: str, *, structure: Structure | None = None, level: Level | None = None
    ) -> list[RegistryUnit]:
        """Units whose name contains ``text``, ignoring case and diacritics; exact short names first.

        ``search("long phuoc")`` finds "Xã Long Phước" (names are compared through :func:`ntm.core.text.fold`).
        """
        query = fold(text)
        if not query:
            return []
        found = [unit for unit in self.select(structure, level) if query in fold(unit.name)]
        return sorted(found, key=lambda unit: (fold(unit.short_name) != query, unit.structure, unit.code))

    def counts(self) -> dict[tuple[str, str, str], int]:
        """Number of units per ``(structure, level, unit_type)``."""
        totals: dict[tuple[str, str, str], int] = defaultdict(int)
        for unit in self.units:
            totals[(unit.structure, unit.level, unit.unit_type)] += 1
        return dict(totals)


# ---------------------------------------------------------------------------------------------------------------
# Validation (usable on any units and links, not only the package's)
# ---------------------------------------------------------------------------------------------------------------


def _label(structure: str) -> str:
    return STRUCTURE_LABELS.get(structure, structure)


def _unit_problems(unit: RegistryUnit) -> list[str]:
    """Problems found in one unit on its own."""
    where = f"Đơn vị mã {unit.code or '(trống)'} ({_label(unit.structure)})"
    problems: list[str] = []
    if unit.structure not in STRUCTURE_LABELS:
        problems.append(f"{where}: cấu trúc «{unit.structure}» không hợp lệ.")
    if not unit.code.strip() or not unit.code.isdigit():
        problems.append(f"{where}: mã đơn vị phải là dãy chữ số.")
    if not unit.name.strip() or not unit.short_name.strip():
        problems.append(f"{where}: tên đơn vị bị trống.")
    if UNIT_TYPE_LEVELS.get(unit.unit_type) != unit.level:
        problems.append(f"{where}: loại «{unit.unit_type}» không thuộc cấp «{unit.level}».")
    if unit.structure == REFORM_2025 and unit.level == "district":
        problems.append(f"{where}: cấu trúc từ 1/7/2025 không có cấp huyện.")
    if (unit.level == "province") != (unit.parent_code is None):
        problems.append(f"{where}: chỉ đơn vị cấp tỉnh mới không có đơn vị cấp trên.")
    return problems


def _parent_problem(unit: RegistryUnit, by_key: dict[tuple[str, str], RegistryUnit]) -> str | None:
    """A message if ``unit``'s parent is missing or at the wrong level."""
    if unit.parent_code is None:
        return None
    parent = by_key.get((unit.structure, unit.parent_code))
    where = f"Đơn vị mã {unit.code} «{unit.name}» ({_label(unit.structure)})"
    if parent is None:
        return f"{where}: đơn vị cấp trên mã {unit.parent_code} không tồn tại."
    expected = _PARENT_LEVEL.get(unit.level) if unit.structure == LEGACY else "province"
    if parent.level != expected:
        return f"{where}: đơn vị cấp trên mã {unit.parent_code} không ở cấp «{expected}»."
    return None


def _lineage_problems(links: Sequence[LineageLink], by_key: dict[tuple[str, str], RegistryUnit]) -> list[str]:
    """Links that are duplicated or name a unit that does not exist."""
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for link in links:
        pair = (link.new_code, link.old_code)
        if pair in seen:
            problems.append(f"Liên kết kế thừa {link.new_code} ← {link.old_code} bị trùng.")
        seen.add(pair)
        if (REFORM_2025, link.new_code) not in by_key:
            problems.append(
                f"Liên kết kế thừa {link.new_code} ← {link.old_code}: không có đơn vị mới mã {link.new_code}."
            )
        if (LEGACY, link.old_code) not in by_key:
            problems.append(
                f"Liên kết kế thừa {link.new_code} ← {link.old_code}: không có đơn vị cũ mã {link.old_code}."
            )
        elif (new := by_key.get((REFORM_2025, link.new_code))) and new.level != by_key[
            (LEGACY, link.old_code)
        ].level:
            problems.append(f"Liên kết kế thừa {link.new_code} ← {link.old_code} nối hai đơn vị khác cấp.")
        if not link.source.strip():
            problems.append(f"Liên kết kế thừa {link.new_code} ← {link.old_code} không ghi nguồn.")
    return problems


def validate(units: Sequence[RegistryUnit], lineage: Sequence[LineageLink]) -> list[str]:
    """Every problem in the units and links (empty when they are consistent); messages are in Vietnamese."""
    problems: list[str] = []
    by_key: dict[tuple[str, str], RegistryUnit] = {}
    for unit in units:
        problems.extend(_unit_problems(unit))
        if (other := by_key.get(unit.key)) is not None:
            problems.append(
                f"Mã {unit.code} bị trùng ({_label(unit.structure)}): «{other.name}» và «{unit.name}»."
            )
        by_key.setdefault(unit.key, unit)
    problems.extend(p for unit in units if (p := _parent_problem(unit, by_key)))
    problems.extend(_lineage_problems(lineage, by_key))
    return problems


def build_snapshot(
    units: Iterable[RegistryUnit],
    lineage: Iterable[LineageLink],
    *,
    warnings: Iterable[str] = (),
    source: str = "",
) -> RegistrySnapshot:
    """Validate and order units and links into a snapshot; raise :class:`RegistryError` on any problem."""
    unit_list = list(units)
    link_list = list(lineage)
    if problems := validate(unit_list, link_list):
        raise RegistryError(problems)
    ordered = sorted(unit_list, key=lambda u: (_STRUCTURE_ORDER[u.structure], _LEVEL_ORDER[u.level], u.code))
    links = sorted(link_list, key=lambda link: (len(link.new_code), link.new_code, link.old_code))
    return RegistrySnapshot(tuple(ordered), tuple(links), tuple(warnings), source)


# ---------------------------------------------------------------------------------------------------------------
# Reading the package
# ---------------------------------------------------------------------------------------------------------------


def format_code(value: int | str, level: Level) -> str:
    """The official code as a zero-padded string: ``format_code(1, "province") == "01"``."""
    return str(int(value)).zfill(_CODE_WIDTHS[level])


def _split_name(name: str, prefix: str) -> tuple[str, str] | None:
    """``(full name, short name)`` with the type prefix written canonically, or ``None`` if it is missing.

    The package writes a few prefixes in another case ("xã Bắc Sơn", "Thành Phố Bắc Kạn"); those are accepted
    and rewritten ("Xã Bắc Sơn"); the caller records a warning.
    """
    name = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not name.casefold().startswith(prefix.casefold() + " "):
        return None
    short_name = name[len(prefix) :].strip()
    return f"{prefix} {short_name}", short_name


def _to_unit(
    structure: Structure,
    code: int,
    name: str,
    division_type: str,
    parent_code: str | None,
    notes: _Notes,
) -> RegistryUnit | None:
    """Convert one package record, or record in ``notes`` why it cannot be converted."""
    where = f"Đơn vị mã {code} ({_label(structure)})"
    unit_type = _PACKAGE_TYPES[structure].get(str(division_type))
    if unit_type is None:
        notes.problems.append(f"{where}: loại «{division_type}» không được hỗ trợ.")
        return None
    level = UNIT_TYPE_LEVELS[unit_type]
    prefix = UNIT_TYPE_PREFIXES[unit_type]
    where = f"Đơn vị mã {format_code(code, level)} ({_label(structure)})"
    if (names := _split_name(name, prefix)) is None:
        notes.problems.append(f"{where}: tên «{name}» không bắt đầu bằng loại «{prefix}».")
        return None
    if names[0] != name:
        notes.warnings.append(f"{where}: tên «{name}» được ghi lại thành «{names[0]}».")
    valid_from, valid_to = (None, LEGACY_VALID_TO) if structure == LEGACY else (REFORM_VALID_FROM, None)
    return RegistryUnit(
        structure=structure,
        code=format_code(code, level),
        name=names[0],
        short_name=names[1],
        unit_type=unit_type,
        level=level,
        parent_code=parent_code,
        valid_from=valid_from,
        valid_to=valid_to,
    )


@dataclass
class _Notes:
    """Problems (fatal) and warnings (reported) gathered while reading."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _package() -> tuple[ModuleType, ModuleType]:
    """The ``vietnam_provinces`` modules this file uses (imported lazily: they take about a second)."""
    try:
        import vietnam_provinces
        from vietnam_provinces import legacy
    except ImportError as error:  # pragma: no cover - the package is a project dependency
        raise RegistryError("Chưa cài gói vietnam-provinces (danh mục đơn vị hành chính).") from error
    return vietnam_provinces, legacy


def _conversion_tables() -> tuple[ModuleType, ModuleType]:
    """The package's old→new tables. They live in private modules, so a move is reported clearly."""
    try:
        wards = importlib.import_module("vietnam_provinces._ward_conversion_2025")
        provinces = importlib.import_module("vietnam_provinces._province_conversion_2025")
    except ImportError as error:
        raise RegistryError(
            "Gói vietnam-provinces không còn bảng chuyển đổi đơn vị cũ → mới ở vị trí đã biết; "
            "cần cập nhật ntm/units/registry.py theo phiên bản gói mới."
        ) from error
    for table in (wards, provinces):
        if date.fromisoformat(table.EFFECTIVE_DATE) != REFORM_VALID_FROM:
            raise RegistryError(
                f"Bảng chuyển đổi của gói vietnam-provinces ghi ngày hiệu lực {table.EFFECTIVE_DATE}, "
                f"khác ngày 01/7/2025 mà hệ thống dùng."
            )
    return wards, provinces


def package_source() -> str:
    """A short description of the package version the data comes from."""
    vietnam_provinces, _ = _package()
    try:
        data_date = date.fromisoformat(vietnam_provinces.__data_version__).strftime("%d/%m/%Y")
    except (AttributeError, ValueError):
        data_date = "không rõ"
    return f"vietnam-provinces {vietnam_provinces.__version__} (dữ liệu ngày {data_date})"


def lineage_sources() -> tuple[str, str]:
    """The ``source`` text of commune-level and province-level lineage links."""
    wards, _ = _conversion_tables()
    base = package_source()
    return (
        f"{base}, bảng chuyển đổi đơn vị hành chính cấp xã {wards.SOURCE}",
        f"{base}, bảng chuyển đổi cấp tỉnh (suy ra từ bảng cấp xã)",
    )


@dataclass
class _Reader(_Notes):
    """Collects units, links, warnings and problems from the package for a set of provinces.

    With ``everything`` set, records whose parent the package does not know are read too, so that validation
    reports them instead of their being silently left out.
    """

    new_province_codes: set[int] = field(default_factory=set)
    legacy_province_codes: set[int] = field(default_factory=set)
    everything: bool = False
    units: list[RegistryUnit] = field(default_factory=list)
    links: list[LineageLink] = field(default_factory=list)

    def _wanted(self, parent: int, selected: set[int], known: set[int]) -> bool:
        return parent in selected or (self.everything and parent not in known)

    def _add(self, structure: Structure, record: Any, parent_code: str | None) -> None:
        unit = _to_unit(structure, record.code.value, record.name, record.division_type, parent_code, self)
        if unit is not None:
            self.units.append(unit)

    def read_2025(self) -> None:
        vietnam_provinces, _ = _package()
        provinces = list(vietnam_provinces.Province.iter_all())
        known = {province.code.value for province in provinces}
        for province in provinces:
            if province.code.value in self.new_province_codes:
                self._add(REFORM_2025, province, None)
        for ward in vietnam_provinces.Ward.iter_all():
            if self._wanted(parent := ward.province_code.value, self.new_province_codes, known):
                self._add(REFORM_2025, ward, format_code(parent, "province"))

    def read_legacy(self) -> None:
        _, legacy = _package()
        provinces = list(legacy.Province.iter_all())
        known_provinces = {province.code.value for province in provinces}
        for province in provinces:
            if province.code.value in self.legacy_province_codes:
                self._add(LEGACY, province, None)
        districts = list(legacy.District.iter_all())
        known_districts = {district.code.value for district in districts}
        selected: set[int] = set()
        for district in districts:
            if self._wanted(
                parent := district.province_code.value, self.legacy_province_codes, known_provinces
            ):
                selected.add(district.code.value)
                self._add(LEGACY, district, format_code(parent, "province"))
        for ward in legacy.Ward.iter_all():
            if self._wanted(parent := ward.district_code.value, selected, known_districts):
                self._add(LEGACY, ward, format_code(parent, "district"))

    def read_lineage(self) -> None:
        wards, provinces = _conversion_tables()
        ward_source, province_source = lineage_sources()
        known = {unit.key for unit in self.units}
        for new_code in sorted(self.new_province_codes):
            entry = provinces.NEW_TO_OLD.get(new_code)
            for old in entry.old_provinces if entry else ():
                successors = provinces.OLD_TO_NEW.get(old.code)
                partial = successors is not None and len(successors.new_provinces) > 1
                self._link(new_code, old.code, "province", province_source, partial, known)
        for unit in self.units:
            if unit.structure == REFORM_2025 and unit.level == "commune":
                self._link_commune(unit, wards, ward_source, known)
        self._warn_orphans(wards.OLD_TO_NEW)

    def _link_commune(
        self, unit: RegistryUnit, wards: ModuleType, source: str, known: set[tuple[str, str]]
    ) -> None:
        entry = wards.NEW_TO_OLD.get(int(unit.code))
        if entry is None:
            self.warnings.append(
                f"Đơn vị mới {unit.code} «{unit.name}» không có đơn vị tiền thân trong bảng chuyển đổi."
            )
            return
        for old in entry.old_wards:
            successors = wards.OLD_TO_NEW.get(old.code)
            partial = old.is_partly_merged or (successors is not None and len(successors.new_wards) > 1)
            self._link(int(unit.code), old.code, "commune", source, partial, known)

    def _link(
        self, new: int, old: int, level: Level, source: str, partial: bool, known: set[tuple[str, str]]
    ) -> None:
        new_code, old_code = format_code(new, level), format_code(old, level)
        if (LEGACY, old_code) not in known:
            self.warnings.append(
                f"Bỏ liên kết kế thừa {new_code} ← {old_code}: đơn vị cũ mã {old_code} không có trong danh mục "
                f"đơn vị trước 1/7/2025 đã nạp."
            )
            return
        self.links.append(LineageLink(new_code, old_code, source, partial))

    def _warn_orphans(self, old_to_new: dict[int, Any]) -> None:
        for unit in self.units:
            if unit.structure == LEGACY and unit.level == "commune" and int(unit.code) not in old_to_new:
                self.warnings.append(
                    f"Đơn vị cũ {unit.code} «{unit.name}» không có đơn vị kế thừa trong bảng chuyển đổi "
                    f"(có thể đã giải thể trước 1/7/2025)."
                )


def _province_number(code: str | int, structure: Structure) -> int:
    """A province code given as "75", "075" or 75, as a number; raise if it is not one."""
    try:
        number = int(str(code).strip())
    except ValueError:
        number = -1
    if not 0 < number < 100:
        raise RegistryError(f"Mã tỉnh «{code}» ({_label(structure)}) không hợp lệ: cần một số có hai chữ số.")
    return number


def _legacy_sources_of(new_code: int) -> set[int]:
    """The legacy provinces that merged into the 2025 province, according to the package."""
    vietnam_provinces, _ = _package()
    try:
        province = vietnam_provinces.Province.from_code(vietnam_provinces.ProvinceCode(new_code))
    except ValueError as error:
        raise RegistryError(
            f"Không có tỉnh/thành phố mã {format_code(new_code, 'province')} trong danh mục từ 1/7/2025."
        ) from error
    return {old.code.value for old in province.get_legacy_sources()}


def _check_legacy_codes(codes: set[int]) -> None:
    _, legacy = _package()
    existing = {province.code.value for province in legacy.Province.iter_all()}
    if missing := sorted(codes - existing):
        listed = ", ".join(format_code(code, "province") for code in missing)
        raise RegistryError(f"Không có tỉnh mã {listed} trong danh mục trước 1/7/2025.")


def load_province(
    province_code: str | int = "75", *, include_legacy_provinces: list[str] | None = None
) -> RegistrySnapshot:
    """Both structures for one 2025 province (default Đồng Nai, code 75) and the lineage of its units.

    The legacy provinces are those the package records as merged into it (for Đồng Nai: old 75 Đồng Nai and
    old 70 Bình Phước), unless ``include_legacy_provinces`` lists them explicitly. Lineage links to legacy units
    outside the loaded provinces are left out and reported in ``warnings``.
    """
    new_code = _province_number(province_code, REFORM_2025)
    legacy_codes = _legacy_sources_of(new_code)
    if include_legacy_provinces is not None:
        legacy_codes = {_province_number(code, LEGACY) for code in include_legacy_provinces}
        _check_legacy_codes(legacy_codes)
    return _read(_Reader(new_province_codes={new_code}, legacy_province_codes=legacy_codes))


def load_all() -> RegistrySnapshot:
    """Both structures for the whole country, with all lineage links (about 0.3 s once the package is imported)."""
    vietnam_provinces, legacy = _package()
    reader = _Reader(
        new_province_codes={province.code.value for province in vietnam_provinces.Province.iter_all()},
        legacy_province_codes={province.code.value for province in legacy.Province.iter_all()},
        everything=True,
    )
    return _read(reader)


def _read(reader: _Reader) -> RegistrySnapshot:
    """Read units, stop on any problem, then read lineage and build the validated snapshot."""
    reader.read_2025()
    reader.read_legacy()
    if reader.problems:
        raise RegistryError(reader.problems)
    reader.read_lineage()
    return build_snapshot(reader.units, reader.links, warnings=reader.warnings, source=package_source())
