"""What leaves the system about a lot: its EPCIS 2.0 document and the ten information fields of TT 02/2024/TT-BKHCN
(the trace page, the CSV and JSON exports and the API read the same ``ten_fields``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.excel_writer import Sheet, Style, workbook_bytes
from ntm.traceability import epcis
from ntm.traceability.labels import trace_url
from ntm.traceability.models import Lot, TraceEvent


def _quantity(lot: Lot, base_url: str, quantity=None) -> epcis.Quantity:
    return epcis.Quantity(
        trace_url(lot, base_url), quantity if quantity is not None else lot.quantity, lot.quantity_unit
    )


def _place_uri(event: TraceEvent, base_url: str) -> str:
    if event.place_code:
        return f"{base_url.rstrip('/')}/dia-diem/{event.place_code}"
    return ""


def epcis_for_lot(lot: Lot, base_url: str) -> dict[str, Any]:
    events = list(lot.events.prefetch_related("corrections").order_by("occurred_at", "recorded_at"))
    inputs = tuple(_quantity(source, base_url) for source in lot.inputs.all())
    rows = []
    for event in events:
        corrections = list(event.corrections.all())
        rows.append(
            epcis.EventInput(
                event_id=str(event.pk),
                stage=event.stage,
                event_time=timezone.localtime(event.occurred_at),
                record_time=timezone.localtime(event.recorded_at),
                what=_quantity(lot, base_url, event.quantity),
                location_uri=_place_uri(event, base_url),
                inputs=inputs if event.stage == "processing" else (),
                parent_uri=f"{trace_url(lot, base_url)}#{event.package}" if event.package else "",
                biz_transaction=event.document,
                destination=event.receiver,
                corrected_by=tuple(str(c.pk) for c in corrections),
                declared_at=min((c.recorded_at for c in corrections), default=None),
            )
        )
    return epcis.epcis_document(rows, created=timezone.now(), base_uri=base_url.rstrip("/"))


def current_events(lot: Lot) -> list[TraceEvent]:
    """The lot's events as they stand: a corrected event is replaced by its correction."""
    events = list(lot.events.prefetch_related("corrections").order_by("occurred_at", "recorded_at"))
    return [event for event in events if not event.corrections.all()]


def ten_fields(lot: Lot, base_url: str) -> list[dict[str, Any]]:
    """The ten minimum information fields of TT 02/2024/TT-BKHCN, in its order (the image as its public URL)."""
    area = lot.area
    producer = area.producer_name if area else lot.owner.get_full_name() or str(lot.owner)
    address = area.producer_address if area else ""
    stages = [
        {
            "stage": event.get_stage_display(),
            "time": timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M"),
            "product_code": lot.code,
            "place": event.place,
            "place_code": event.place_code,
        }
        for event in current_events(lot)
    ]
    standard = lot.get_standard_display() + (f" ({lot.standard_note})" if lot.standard_note else "")
    return [
        {"key": "product_name", "label": _("Product name"), "value": lot.product_name},
        {
            "key": "image",
            "label": _("Product image"),
            "value": f"{base_url.rstrip('/')}{reverse('traceability:trace_image', args=[lot.code])}"
            if lot.image
            else "",
        },
        {"key": "producer_name", "label": _("Producer"), "value": producer},
        {"key": "producer_address", "label": _("Producer's address"), "value": address},
        {"key": "stages", "label": _("Production and trading stages"), "value": stages},
        {
            "key": "production_time",
            "label": _("Production time"),
            "value": lot.produced_on.strftime("%d/%m/%Y"),
        },
        {"key": "trace_code", "label": _("Trace code"), "value": lot.code},
        {
            "key": "brand",
            "label": _("Brand, mark, serial"),
            "value": lot.brand or (f"GTIN {lot.gtin}" if lot.gtin else ""),
        },
        {
            "key": "expiry",
            "label": _("Use by"),
            "value": lot.expires_on.strftime("%d/%m/%Y") if lot.expires_on else "",
        },
        {"key": "standard", "label": _("Applied standard"), "value": standard},
        {
            "key": "url",
            "label": _("Trace page"),
            "value": base_url.rstrip("/") + reverse("traceability:trace", kwargs={"code": lot.code}),
        },
    ]


def counts_workbook(counts: dict[str, list[dict]], *, title: str) -> bytes:
    """The counts by crop and by commune (``selectors.area_counts``) as an .xlsx of two sheets."""
    bold = Style(bold=True)
    measures = [_("Growing areas"), _("Declared area (ha)"), _("Code in force"), _("Code suspended")]

    def values(row):
        return [row["areas"], float(row["hectares"] or 0), row["coded"], row["suspended"]]

    return workbook_bytes(
        [
            Sheet(
                title=str(_("By crop")),
                preamble=[[title]],
                header=[_("Crop"), *measures, _("Production lots")],
                rows=[[row["crop"], *values(row), row["lots"]] for row in counts["by_crop"]],
                header_style=bold,
                widths=[30, 14, 18, 14, 14, 14],
            ),
            Sheet(
                title=str(_("By commune")),
                preamble=[[title]],
                header=[_("Commune"), _("Code"), *measures],
                rows=[[row["unit__name"], row["unit__code"], *values(row)] for row in counts["by_unit"]],
                header_style=bold,
                widths=[30, 10, 14, 18, 14, 14],
            ),
        ]
    )
