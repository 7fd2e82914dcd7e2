"""Reading OCOP data files: the product taxonomy and score sheets (pure: no Django; TOML through core.tomlfile).

A score sheet file (``ntm/ocop/sheets/*.toml``) holds the parts, sections, sub-criteria with options and points,
the star bands and the mandatory conditions of one sheet version, each fact with its provenance mark and source.
A point value not yet known is written ``points = "unknown"``; a section whose sub-criteria are not yet loaded says
``criteria_known = false``. Such a sheet loads (its structure is shown) but refuses scoring, naming what is missing
(:func:`ntm.ocop.scoring.missing_values`). Nothing is ever filled in by guess.

The taxonomy file names the six groups of QĐ 148/QĐ-TTg (Annex I), their product groups and sub-groups; each leaf
is scored on one sheet.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ntm.core.messages import gettext as _
from ntm.core.messages import gettext_noop
from ntm.core.tomlfile import DataFileError, Table, content_hash, parse
from ntm.ocop.scoring import PARTS, STARS, Criterion, Mandatory, Option, Part, Section, Sheet, StarBand

SHEETS_DIR = Path(__file__).resolve().parent / "sheets"
TAXONOMY_FILE = SHEETS_DIR / "taxonomy-qd148.toml"
UNKNOWN = "unknown"
TAXONOMY_SYMBOL = "QĐ 148/QĐ-TTg"  # the legal document whose Annex I the shipped taxonomy follows


class SheetFileError(DataFileError):
    title = gettext_noop("Invalid OCOP score sheet file")


class TaxonomyFileError(DataFileError):
    title = gettext_noop("Invalid OCOP product taxonomy file")


@dataclass(frozen=True)
class SheetFile:
    sheet: Sheet
    legal_document: str
    categories: tuple[str, ...]  # leaf codes the sheet applies to; ("*",) = every leaf
    provenance: str
    source: str
    note: str
    content_hash: str
    text: str


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    parent: str  # "" for a group
    provenance: str
    source: str

    @property
    def depth(self) -> int:
        return self.code.count(".")


def _points(table: Table, key: str) -> Decimal | None:
    value = table.get(key)
    if value == UNKNOWN:
        return None
    return table.decimal(key)


def read_sheet(data: bytes | str) -> SheetFile:
    """The sheet in ``data`` (a TOML document); :class:`SheetFileError` lists every problem."""
    errors: list[str] = []
    raw = parse(data, SheetFileError)
    top = Table(
        raw,
        _("sheet"),
        errors,
        allowed={
            "schema", "code", "version", "title", "legal_document", "categories", "decimals",
            "disagreement_threshold", "provenance", "source", "note", "bands", "parts", "sections", "criteria",
        },
    )  # fmt: skip
    if top.get("schema") != 1:
        top.error(_("“schema” must be 1"))
    code, version = top.text("code", max_length=50), top.text("version", max_length=30)
    title = top.text("title", max_length=300)
    legal = top.text("legal_document", max_length=100)
    categories = top.get("categories", ["*"])
    if not isinstance(categories, list) or not all(isinstance(c, str) and c for c in categories):
        top.error(_("“categories” must be a list of sub-group codes"))
        categories = []
    decimals = top.integer("decimals", default=2)
    threshold = top.decimal("disagreement_threshold") if "disagreement_threshold" in raw else Decimal(10)
    provenance, source, note = top.provenance()

    bands = []
    for index, entry in enumerate(top.tables("bands", required=True), 1):
        band = Table(
            entry, f"bands[{index}]", errors, allowed={"star", "min_points", "provenance", "source", "note"}
        )
        star = band.choice("star", STARS)
        status, band_source, _note = band.provenance()
        bands.append(StarBand(star, band.decimal("min_points"), status, band_source))
    if len({b.star for b in bands}) != len(bands):
        top.error(_("a star appears twice in “bands”"))
    ordered = sorted(bands, key=lambda b: b.star)
    if any(a.min_points >= b.min_points for a, b in itertools.pairwise(ordered)):
        top.error(_("band lower bounds must rise with the star"))

    parts = []
    for index, entry in enumerate(top.tables("parts", required=True), 1):
        part = Table(
            entry, f"parts[{index}]", errors, allowed={"code", "name", "max_points", "provenance", "source"}
        )
        part.provenance()
        parts.append(Part(part.choice("code", PARTS), part.text("name"), part.decimal("max_points")))
    part_codes = {p.code for p in parts}

    sections = []
    for index, entry in enumerate(top.tables("sections"), 1):
        section = Table(
            entry,
            f"sections[{index}]",
            errors,
            allowed={"code", "part", "name", "max_points", "criteria_known", "provenance", "source", "note"},
        )
        scode = section.text("code", max_length=20)
        spart = section.text("part")
        if spart not in part_codes:
            section.error(_("unknown part “%(part)s”") % {"part": spart})
        max_points = _points(section, "max_points") if "max_points" in entry else None
        section.provenance()
        sections.append(
            Section(
                scode,
                section.text("name"),
                spart,
                max_points,
                section.boolean("criteria_known", default=True),
            )
        )
    section_part = {s.code: s.part for s in sections}

    criteria = []
    for index, entry in enumerate(top.tables("criteria"), 1):
        crit = Table(
            entry,
            f"criteria[{index}]",
            errors,
            allowed={"code", "section", "name", "options", "mandatory", "provenance", "source", "note"},
        )
        ccode = crit.text("code", max_length=20)
        csection = crit.text("section")
        if csection not in section_part:
            crit.error(_("unknown section “%(section)s”") % {"section": csection})
        crit.provenance()
        options = []
        for oindex, oentry in enumerate(crit.tables("options", required=True), 1):
            option = Table(oentry, f"{ccode} options[{oindex}]", errors, allowed={"code", "label", "points"})
            options.append(
                Option(option.text("code", max_length=10), option.text("label"), _points(option, "points"))
            )
        if len({o.code for o in options}) != len(options):
            crit.error(_("an option code appears twice"))
        mandatory = []
        for mindex, mentry in enumerate(crit.tables("mandatory"), 1):
            rule = Table(mentry, f"{ccode} mandatory[{mindex}]", errors, allowed={"star", "min_points"})
            mandatory.append(Mandatory(rule.choice("star", STARS), rule.decimal("min_points")))
        criteria.append(
            Criterion(
                ccode,
                crit.text("name"),
                section_part.get(csection, ""),
                csection,
                tuple(options),
                tuple(mandatory),
            )
        )
    if len({c.code for c in criteria}) != len(criteria):
        top.error(_("a criterion code appears twice"))
    if errors:
        raise SheetFileError(errors)
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    sheet = Sheet(
        code=code,
        version=version,
        title=title,
        parts=tuple(parts),
        sections=tuple(sections),
        criteria=tuple(criteria),
        bands=tuple(ordered),
        decimals=decimals,
        disagreement_threshold=threshold,
    )
    return SheetFile(
        sheet, legal, tuple(categories), provenance, source, note, content_hash(text.encode("utf-8")), text
    )


def read_taxonomy(data: bytes | str) -> tuple[str, list[Category]]:
    """(legal document symbol, categories in order: groups, product groups, sub-groups)."""
    errors: list[str] = []
    raw = parse(data, TaxonomyFileError)
    top = Table(
        raw,
        _("taxonomy"),
        errors,
        allowed={"schema", "legal_document", "provenance", "source", "note", "groups"},
    )
    legal = top.text("legal_document")
    status, source, _note = top.provenance()
    found: list[Category] = []

    def walk(entries, parent: str, place: str) -> None:
        for index, entry in enumerate(entries, 1):
            node = Table(
                entry,
                f"{place}[{index}]",
                errors,
                allowed={"code", "name", "children", "provenance", "source"},
            )
            code = node.text("code", max_length=20)
            node_status = node.get("provenance", status)
            found.append(
                Category(
                    code, node.text("name", max_length=300), parent, node_status, node.get("source", source)
                )
            )
            walk(node.tables("children"), code, f"{code}.children")

    walk(top.tables("groups", required=True), "", "groups")
    if len({c.code for c in found}) != len(found):
        top.error(_("a category code appears twice"))
    if errors:
        raise TaxonomyFileError(errors)
    return legal, found


def shipped_sheet_paths() -> list[Path]:
    return sorted(p for p in SHEETS_DIR.glob("*.toml") if p != TAXONOMY_FILE)
