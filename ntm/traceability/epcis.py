"""A lot's events as a GS1 EPCIS 2.0 JSON-LD document. Pure: the caller passes plain ``EventInput`` rows.

Each production stage maps to one EPCIS event type with its Core Business Vocabulary (CBV) business step and
disposition (``STAGES``): harvest → ObjectEvent ADD ``commissioning``/``active`` at the growing area; processing →
TransformationEvent (input lots → output lot) ``commissioning``/``active``; packing → AggregationEvent ADD
``packing``/``in_progress`` (the package is the parent); shipping → ObjectEvent OBSERVE ``shipping``/``in_transit``;
receiving → ObjectEvent OBSERVE ``receiving``/``in_progress``. Every event carries what (the lot's class URI with its
quantity), when (``eventTime`` and ``eventTimeZoneOffset``), where (``bizLocation``/``readPoint``) and why
(``bizStep``, ``disposition``, business transactions, destination).

Events are never edited: a correction is a new event, and the corrected one is exported with an
``errorDeclaration`` naming the correction in ``correctiveEventIDs`` (EPCIS 2.0 §7.4.1.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
SCHEMA_VERSION = "2.0"
# UN/ECE Recommendation 20 unit codes for the units a lot is counted in.
UOM = {"kg": "KGM", "tan": "TNE", "qua": "H87", "thung": "H87"}


@dataclass(frozen=True)
class Stage:
    event_type: str
    action: str | None  # a TransformationEvent has no action
    biz_step: str
    disposition: str


STAGES: dict[str, Stage] = {
    "harvest": Stage("ObjectEvent", "ADD", "commissioning", "active"),
    "processing": Stage("TransformationEvent", None, "commissioning", "active"),
    "packing": Stage("AggregationEvent", "ADD", "packing", "in_progress"),
    "shipping": Stage("ObjectEvent", "OBSERVE", "shipping", "in_transit"),
    "receiving": Stage("ObjectEvent", "OBSERVE", "receiving", "in_progress"),
}


@dataclass(frozen=True)
class Quantity:
    class_uri: str
    quantity: Decimal | None = None
    unit: str = "kg"

    def as_json(self) -> dict[str, Any]:
        element: dict[str, Any] = {"epcClass": self.class_uri}
        if self.quantity is not None:
            element["quantity"] = float(self.quantity)
            element["uom"] = UOM.get(self.unit, "KGM")
        return element


@dataclass(frozen=True)
class EventInput:
    event_id: str  # a UUID
    stage: str
    event_time: dt.datetime  # timezone-aware
    record_time: dt.datetime
    what: Quantity  # the lot the event is about (the output lot of a transformation)
    location_uri: str = ""
    inputs: tuple[Quantity, ...] = ()
    parent_uri: str = ""  # packing: the package
    biz_transaction: str = ""  # e.g. a delivery note number
    destination: str = ""  # shipping: who receives
    corrected_by: tuple[str, ...] = ()  # event ids of corrections of this event
    declared_at: dt.datetime | None = None  # when the first correction was recorded
    extra: dict[str, Any] = field(default_factory=dict)


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("EPCIS event times must be timezone-aware")
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def event_json(event: EventInput, *, base_uri: str) -> dict[str, Any]:
    stage = STAGES[event.stage]
    body: dict[str, Any] = {
        "type": stage.event_type,
        "eventID": f"urn:uuid:{event.event_id}",
        "eventTime": _iso(event.event_time),
        "eventTimeZoneOffset": _offset(event.event_time),
        "recordTime": _iso(event.record_time),
    }
    if stage.action is not None:
        body["action"] = stage.action
    if stage.event_type == "ObjectEvent":
        body["epcList"] = []
        body["quantityList"] = [event.what.as_json()]
    elif stage.event_type == "AggregationEvent":
        body["parentID"] = event.parent_uri or event.what.class_uri
        body["childEPCs"] = []
        body["childQuantityList"] = [event.what.as_json()]
    else:  # TransformationEvent
        body["inputQuantityList"] = [item.as_json() for item in event.inputs]
        body["outputQuantityList"] = [event.what.as_json()]
    body["bizStep"] = stage.biz_step
    body["disposition"] = stage.disposition
    if event.location_uri:
        body["readPoint"] = {"id": event.location_uri}
        body["bizLocation"] = {"id": event.location_uri}
    if event.biz_transaction:
        body["bizTransactionList"] = [
            {
                "type": "desadv",
                "bizTransaction": f"{base_uri}/chung-tu/{quote(event.biz_transaction, safe='')}",
            }
        ]
    if event.destination and stage.biz_step == "shipping":
        body["destinationList"] = [
            {
                "type": "owning_party",
                "destination": f"{base_uri}/ben-nhan/{quote(event.destination, safe='')}",
            }
        ]
    if event.corrected_by:
        body["errorDeclaration"] = {
            "declarationTime": _iso(event.declared_at or event.record_time),
            "reason": "incorrect_data",
            "correctiveEventIDs": [f"urn:uuid:{event_id}" for event_id in event.corrected_by],
        }
    return body


def epcis_document(events: list[EventInput], *, created: dt.datetime, base_uri: str) -> dict[str, Any]:
    """The EPCIS 2.0 document (JSON-LD) of ``events``, in the order given (oldest first)."""
    return {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": _iso(created),
        "epcisBody": {"eventList": [event_json(event, base_uri=base_uri) for event in events]},
    }
