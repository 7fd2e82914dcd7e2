"""Reading a growing area's boundary from a KML file (Google Earth, phone GPS apps): one polygon, safely. Pure.

The XML is parsed with ``defusedxml``, which refuses a document type declaration, entity declarations and
external references (no "billion laughs", no reading local files); the caller limits the size before. The file
must hold exactly one ``<Polygon>`` (or several inside one ``<MultiGeometry>`` of one placemark, read as a
MultiPolygon); its ``outerBoundaryIs``/``innerBoundaryIs`` rings become a GeoJSON geometry, with the positions
counted before they are converted. What the polygon must then satisfy (closed rings, inside Việt Nam, valid) is
``ntm.traceability.geometry``'s job.
"""

from __future__ import annotations

from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ntm.core.messages import gettext as _
from ntm.traceability.geometry import MAX_POSITIONS, BoundaryError


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _descendants(element, name: str) -> list:
    return [node for node in element.iter() if _local(node.tag) == name]


def _ring(boundary_element) -> list[list[float]]:
    coordinates = _descendants(boundary_element, "coordinates")
    if len(coordinates) != 1:
        raise BoundaryError(_("A ring of the KML polygon has no coordinates."))
    tuples = (coordinates[0].text or "").split()
    if len(tuples) > MAX_POSITIONS:
        raise BoundaryError(
            _("The boundary has more than %(max)s positions; simplify it.") % {"max": MAX_POSITIONS}
        )
    ring = []
    for item in tuples:
        parts = item.split(",")
        try:
            lon, lat = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            raise BoundaryError(
                _("“%(text)s” in the KML file is not a longitude,latitude pair.") % {"text": item[:40]}
            ) from None
        ring.append([lon, lat])
    return ring


def _polygon(element) -> list[list[list[float]]]:
    outer = _children(element, "outerBoundaryIs")
    if len(outer) != 1:
        raise BoundaryError(_("The KML polygon needs exactly one outer boundary."))
    return [_ring(outer[0])] + [_ring(inner) for inner in _children(element, "innerBoundaryIs")]


def read_kml(data: bytes) -> dict[str, Any]:
    """The GeoJSON Polygon or MultiPolygon of the one polygon in KML ``data``; ``BoundaryError`` otherwise."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise BoundaryError(
            _("The KML file declares entities or a document type, which are not accepted.")
        ) from None
    except ElementTree.ParseError:
        raise BoundaryError(_("The file is not valid KML (XML syntax error).")) from None
    if _local(root.tag) != "kml":
        raise BoundaryError(_("The file is not KML (its root element is not <kml>)."))
    found = _descendants(root, "Polygon")
    if not found:
        raise BoundaryError(_("The KML file holds no polygon."))
    placemarks = [p for p in _descendants(root, "Placemark") if _descendants(p, "Polygon")]
    if len(found) > 1 and len(placemarks) > 1:
        raise BoundaryError(_("The KML file must hold exactly one polygon (one placemark)."))
    shapes = [_polygon(polygon) for polygon in found]
    if len(shapes) == 1:
        return {"type": "Polygon", "coordinates": shapes[0]}
    return {"type": "MultiPolygon", "coordinates": shapes}
