"""What the map, its table, legend, popups and downloads say about each unit (labels in the user's language)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ntm.core.choices import LEVEL_LABELS
from ntm.core.vocabulary import ADVANCED, MODEL, NONE, NTM, REVOKED
from ntm.maps import colouring, printing
from ntm.maps.selectors import MapQuery, MapRow, MapView
from ntm.status.models import StatusRecord
from ntm.units.models import Structure
from ntm.units.svg import Shape


def class_labels(query: MapQuery) -> dict[str, str]:
    """The legend text of every class of the query's colouring."""
    shared = {
        colouring.NOT_APPLICABLE: _("Not applicable (ward, township)"),
        colouring.NO_DATA: _("No self-assessment data"),
    }
    if query.colouring == colouring.CRITERIA:
        return {
            "all": _("All criteria met"),
            "c3": _("Three quarters or more of the criteria met, not all"),
            "c2": _("Half to under three quarters of the criteria met"),
            "c1": _("A quarter to under half of the criteria met"),
            "c0": _("Under a quarter of the criteria met"),
            **shared,
        }
    if query.colouring == colouring.CRITERION:
        return {
            "met": _("Criterion %(code)s met") % {"code": query.criterion},
            "notmet": _("Criterion %(code)s not met") % {"code": query.criterion},
            **shared,
        }
    return {
        **{level: str(LEVEL_LABELS[level]) for level in (MODEL, ADVANCED, NTM, NONE, REVOKED)},
        colouring.NOT_APPLICABLE: shared[colouring.NOT_APPLICABLE],
    }


@dataclass(frozen=True)
class LegendEntry:
    css: str
    fill: str
    label: str
    count: int


def legend(query: MapQuery, rows: list[MapRow]) -> list[LegendEntry]:
    counts = Counter(row.css for row in rows)
    return [
        LegendEntry(css, colouring.FILL[css], label, counts.get(css, 0))
        for css, label in class_labels(query).items()
    ]


def colouring_title(query: MapQuery) -> str:
    if query.colouring == colouring.CRITERIA:
        return _("Number of criteria met — self-assessed")
    if query.colouring == colouring.CRITERION:
        return _("Criterion %(code)s — self-assessed") % {"code": query.criterion or "—"}
    return _("Official status on %(date)s (register of decisions)") % {"date": query.on.strftime("%d/%m/%Y")}


def status_label(row: MapRow) -> str:
    return row.status.label if row.applicable else _("Not applicable (ward, township)")


def decision_text(record: StatusRecord | None) -> str:
    if record is None:
        return ""
    return _("Decision %(number)s of %(date)s") % {
        "number": record.decision_number,
        "date": record.decision_date.strftime("%d/%m/%Y"),
    }


def value_label(row: MapRow, query: MapQuery) -> str:
    """The self-assessed value of the row for the query's colouring (criteria count when colouring by status)."""
    if not row.applicable:
        return _("Not applicable (ward, township)")
    assessment = row.assessment
    if not assessment:
        return _("No self-assessment data")
    if query.colouring == colouring.CRITERION:
        result = assessment.get("by_criterion", {}).get(query.criterion)
        if result is None:
            return _("No self-assessment data")
        text = _("met") if result.get("met") else _("not met")
        return _("Criterion %(code)s: %(result)s") % {"code": query.criterion, "result": text}
    return _("Criteria met: %(met)s of %(total)s") % {
        "met": assessment["criteria_met"],
        "total": assessment["criteria_total"],
    }


def lineage_text(row: MapRow) -> str:
    if row.predecessors:
        names = ", ".join(
            link.old_unit.name + (f" ({_('part')})" if link.partial else "") for link in row.predecessors
        )
        return _("Formed on 1/7/2025 from: %(names)s") % {"names": names}
    if row.successors:
        names = ", ".join(
            link.new_unit.name + (f" ({_('part of it')})" if link.partial else "") for link in row.successors
        )
        return _("From 1/7/2025 part of: %(names)s") % {"names": names}
    return ""


@cache
def _unit_url_pattern(script_prefix: str, urlconf: str) -> str:
    return reverse("maps:unit", args=[_STRUCTURE, _CODE], urlconf=urlconf)


_STRUCTURE, _CODE = "STRUCTURE", "CODE"


def public_url(row_or_unit) -> str:
    """The unit's public page (``maps:unit``), filled into the pattern reversed once per script prefix: the map
    writes a few hundred of these per request."""
    unit = getattr(row_or_unit, "unit", row_or_unit)
    pattern = _unit_url_pattern(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return pattern.replace(_STRUCTURE, quote(unit.structure, safe=""), 1).replace(
        _CODE, quote(unit.code, safe=""), 1
    )


def topology_url(structure: str) -> str:
    return reverse("maps:boundaries", args=[structure])


def payload(query: MapQuery, rows: list[MapRow], *, internal: bool, point_layers=()) -> dict:
    """The data the map script draws (embedded in the page as JSON, so no extra request)."""
    other = Structure.LEGACY if query.structure == Structure.REFORM_2025 else Structure.REFORM_2025
    units = {}
    for row in rows:
        item = {
            "n": row.unit.name,
            "f": row.unit.name_folded,
            "c": row.css,
            "s": status_label(row),
            "sl": row.status.level if row.applicable else colouring.NOT_APPLICABLE,
            "d": [f"{record.get_level_display()}: {decision_text(record)}" for record in row.decisions],
            "v": value_label(row, query),
            "p": row.provisional,
            "l": lineage_text(row),
            "u": public_url(row),
        }
        if row.hamlet_models:
            item["h"] = [
                f"{r.hamlet.name}: {r.get_kind_display()} ({r.decision_number}, {r.decision_date:%d/%m/%Y})"
                for r in row.hamlet_models
            ]
        if internal:
            item["e"] = [
                {"label": f"{record.decision_number}", "url": reverse("status:document", args=[record.pk])}
                for record in row.decisions
                if record.document
            ]
            if row.assessment and row.assessment.get("url"):
                item["e"].append({"label": _("Indicator values and evidence"), "url": row.assessment["url"]})
            item["np"] = [record.decision_number for record in row.decisions if not record.is_published]
        units[row.unit.code] = item
    return {
        "structure": query.structure,
        "colouring": query.colouring,
        "selfAssessed": query.self_assessed,
        "topology": topology_url(query.structure),
        "otherTopology": topology_url(other),
        "tiles": {"url": settings.NTM_MAP_TILE_URL, "attribution": settings.NTM_MAP_TILE_ATTRIBUTION},
        "fills": colouring.FILL,
        "units": units,
        "layers": [
            {
                "key": layer.key,
                "label": str(layer.label),
                "url": reverse(
                    "maps:point_layer" if internal else "maps:public_point_layer", args=[layer.key]
                ),
            }
            for layer in point_layers
        ],
        "text": {
            "publicPage": _("Public page"),
            "selfAssessed": _("self-assessed"),
            "provisional": _("provisional threshold: not yet confirmed"),
            "decisions": _("Decisions"),
            "hamletModels": _("Recognised hamlet models"),
            "noDecision": _("No decision recorded"),
            "evidence": _("Documents and evidence"),
            "unpublished": _("Not yet published"),
            "noMatch": _("No unit with this name on the map."),
            "matches": _("Units found"),
            "showOnMap": _("Show on map"),
            "noBoundary": _("No boundary for this unit yet."),
            "otherStructure": _("Boundaries of the other structure (dashed)"),
            "mapLabel": _("Map of the units; the table below has the same data."),
        },
    }


def printed_map(
    view: MapView, geometries: dict[str, BaseGeometry], *, title: str, source: str, topology_uri: str
) -> tuple[list[Shape], printing.PrintedMap]:
    """The shapes and texts of the printed public map: one shape per unit with a boundary, the legend, the
    dates, the sources and notes (self-assessed data, units without a boundary)."""
    query = view.query
    shapes = [
        Shape(
            mapping(geometries[row.unit.code]),
            f"shape fill-{row.css}" + (" provisional" if row.provisional else ""),
            row.unit.name,
        )
        for row in {row.unit.code: row for row in view.rows}.values()
        if row.unit.code in geometries
    ]
    missing = [row.unit.name for row in view.rows if row.unit.code not in geometries]
    notes = []
    if query.self_assessed:
        notes.append(
            _("Self-assessed by the communes; not an official status. Dashed outline: provisional threshold.")
        )
    if missing:
        notes.append(_("No boundary: %(names)s.") % {"names": ", ".join(missing)})
    structure_label = dict(Structure.choices)[query.structure]
    texts = printing.PrintedMap(
        title=title,
        subtitle=f"{settings.NTM_PROVINCE_NAME} — {structure_label} — {colouring_title(query)}",
        legend_title=colouring_title(query),
        legend=[printing.PrintLegendEntry(e.css, e.label, e.count) for e in legend(query, view.rows)],
        date_line=_("Printed on %(date)s; status on %(on)s; year %(year)s.")
        % {
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "on": query.on.strftime("%d/%m/%Y"),
            "year": query.year,
        },
        source_lines=[
            source,
            _("Boundaries: simplified from the stored unit boundaries (within 0.001°, about 110 m).")
            + " "
            + topology_uri,
        ],
        notes=notes,
    )
    return shapes, texts
