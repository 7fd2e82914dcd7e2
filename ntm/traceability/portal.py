"""The export for the national traceability portal: a JSON document in a shape this project defines.

The national portal's interface for provinces to send growing-area codes and lots is not published (the Ministry of
Science and Technology's portal under TT 02/2024/TT-BKHCN and the plant protection department's code register under
QĐ 3156/QĐ-BNN-TT take data through their own forms). So this is not a connector: it is a file in a documented shape
(``SCHEMA``, described in the README) that an officer downloads and, when the real interface is known, the mapping
to it starts from. Nothing is sent anywhere.

Shape (``ntm-truy-xuat/1``)::

    {"schema": "ntm-truy-xuat/1", "generated_at": ISO 8601, "province": {"code", "name"},
     "note": why this is not the portal's format,
     "growing_areas": [{"code", "status", "code_rule", "code_format_confirmed", "code_issued_on",
                        "name", "producer", "producer_address", "commune": {"code", "name"},
                        "crop", "variety", "crop_kind", "area_ha", "boundary_area_ha", "standard",
                        "standard_note", "expected_output_tonnes", "member_households", "export_market",
                        "packing_house", "centre": [lon, lat] | null, "boundary": GeoJSON | null,
                        "code_history": [{"action", "code", "date", "reason", "decision"}],
                        "lots": [{"trace_code", "product", "gtin", "quantity", "unit", "produced_on",
                                  "expires_on", "trace_url"}]}]}

Only areas with an issued code (in force, suspended or cancelled) in the user's scope are exported.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.choices import ProvenanceStatus
from ntm.traceability.labels import trace_url
from ntm.traceability.models import AreaStatus, CodeAction, GrowingArea, Lot

SCHEMA = "ntm-truy-xuat/1"


def _area(area: GrowingArea, base_url: str) -> dict[str, Any]:
    return {
        "code": area.code,
        "status": area.status,
        "code_rule": area.code_rule,
        "code_format_confirmed": area.code_provenance == ProvenanceStatus.CONFIRMED,
        "code_issued_on": area.code_issued_on.isoformat() if area.code_issued_on else None,
        "name": area.name,
        "producer": area.producer_name,
        "producer_address": area.producer_address,
        "commune": {"code": area.unit.code, "name": area.unit.name},
        "crop": area.crop,
        "variety": area.variety,
        "crop_kind": area.crop_kind,
        "area_ha": float(area.area_ha),
        "boundary_area_ha": area.boundary_area_ha,
        "standard": area.standard,
        "standard_note": area.standard_note,
        "expected_output_tonnes": float(area.expected_output_tonnes)
        if area.expected_output_tonnes is not None
        else None,
        "member_households": area.member_households,
        "export_market": area.export_market,
        "packing_house": area.packing_house,
        "centre": [area.centre_lon, area.centre_lat] if area.centre_lon is not None else None,
        "boundary": area.boundary,
        "code_history": [
            {
                "action": action.kind,
                "code": action.code,
                "date": timezone.localtime(action.created_at).date().isoformat(),
                "reason": action.reason,
                "decision": action.decision_ref,
            }
            for action in area.code_actions.all()
        ],
        "lots": [
            {
                "trace_code": lot.code,
                "product": lot.product_name,
                "gtin": lot.gtin,
                "quantity": float(lot.quantity),
                "unit": lot.quantity_unit,
                "produced_on": lot.produced_on.isoformat(),
                "expires_on": lot.expires_on.isoformat() if lot.expires_on else None,
                "trace_url": trace_url(lot, base_url),
            }
            for lot in area.lots.all()
        ],
    }


def portal_document(areas, base_url: str) -> dict[str, Any]:
    """The export of ``areas`` (a queryset the caller has scoped) in the ``SCHEMA`` shape."""
    coded = (
        areas.exclude(code="")
        .exclude(status=AreaStatus.REGISTERED)
        .select_related("unit")
        .prefetch_related(
            Prefetch("code_actions", queryset=CodeAction.objects.order_by("created_at", "pk")),
            Prefetch("lots", queryset=Lot.objects.order_by("produced_on", "pk")),
        )
        .order_by("unit__code", "code")
    )
    return {
        "schema": SCHEMA,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "province": {"code": settings.NTM_PROVINCE_CODE, "name": settings.NTM_PROVINCE_NAME},
        "note": _(
            "The national portal's interface is not published: this file is in a shape this system defines "
            "(see the README), not the portal's format. Nothing has been sent."
        ),
        "growing_areas": [_area(area, base_url) for area in coded],
    }
