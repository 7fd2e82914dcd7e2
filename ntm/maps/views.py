from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from ntm.core.models import InstanceState
from ntm.core.text import fold
from ntm.maps import boundary_layers, layers, presenters, printing, selectors
from ntm.maps.exports import map_geojson, map_workbook
from ntm.maps.forms import MapQueryForm
from ntm.units.models import Structure
from ntm.units.svg import Shape, render_svg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _view(request, *, internal: bool):
    form = MapQueryForm(request.GET)
    view = selectors.map_view(form.to_query(), user=request.user if internal else None)
    return form, view


def _title(view, *, internal: bool) -> str:
    if internal:
        return _("Digital map of New Rural Development results (internal)")
    return _("Digital map of New Rural Development results")


def _source(*, internal: bool) -> str:
    parts = [
        _("Source: register of NTM recognition decisions, %(province)s NTM Coordination Office")
        % {"province": settings.NTM_PROVINCE_NAME},
        _("published decisions only") if not internal else _("including unpublished data"),
    ]
    if InstanceState.is_demo():
        parts.append(_("Illustrative data"))
    return "; ".join(parts) + "."


def _render_map(request, *, internal: bool):
    form, view = _view(request, internal=internal)
    query = view.query
    wanted = fold(query.q)
    point_layers = layers.point_layers() if internal else layers.public_point_layers()
    context = {
        "form": form,
        "query": query,
        "view": view,
        "internal": internal,
        "title": _title(view, internal=internal),
        "colouring_title": presenters.colouring_title(query),
        "rows": [row for row in view.rows if wanted in row.unit.name_folded] if wanted else view.rows,
        "legend": presenters.legend(query, view.rows),
        "without_boundary": [row for row in view.rows if not row.has_boundary],
        "payload": presenters.payload(query, view.rows, internal=internal, point_layers=point_layers),
        "point_layers": point_layers,
        "structures": Structure.choices,
        "exports_query": request.GET.urlencode(),
        "source": _source(internal=internal),
        "criteria_version": layers.criteria_set_of(query.year),
        "early_2025": query.structure == Structure.REFORM_2025 and query.year < 2025,
        # ?boundaries=0 draws an empty map: the benchmark's baseline for the time to first render
        "draw_boundaries": request.GET.get("boundaries") != "0",
    }
    return render(request, "maps/map.html", context)


@gzip_page
def public_map(request):
    """Public (no sign-in): published decisions and published self-assessments for every unit."""
    return _render_map(request, internal=False)


@login_required
@gzip_page
def internal_map(request):
    """Signed-in users: unpublished data too, and evidence links, for the units in their scope only."""
    return _render_map(request, internal=True)


def boundaries(request, structure):
    """The boundary layer as TopoJSON, gzipped when the browser accepts it, with an ETag (304 when unchanged)."""
    if structure not in Structure.values:
        raise Http404
    etag = boundary_layers.layer_etag(structure)
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    tag = f'"{etag}-gz"' if gzipped else f'"{etag}"'
    wanted = {value.strip() for value in request.headers.get("If-None-Match", "").split(",")}
    if tag in wanted or "*" in wanted:
        response = HttpResponseNotModified()
    else:
        layer = boundary_layers.boundary_layer(structure)
        tag = f'"{layer.etag}-gz"' if gzipped else f'"{layer.etag}"'
        response = HttpResponse(layer.gzipped if gzipped else layer.body, content_type="application/json")
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = tag
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@gzip_page
def unit_page(request, structure, code):
    """A unit's public page: status history with documents, criteria met per year (self-assessed), lineage."""
    page = selectors.unit_page(structure, code)
    unit = page.unit
    shapes = [Shape(unit.boundary.geometry, "shape unit", unit.name)] if hasattr(unit, "boundary") else []
    return render(
        request,
        "maps/unit.html",
        {
            "page": page,
            "unit": unit,
            "svg": render_svg(shapes, title=unit.name),
            "share_url": request.build_absolute_uri(),
        },
    )


def _download_name(view, extension: str) -> str:
    return f"ban-do-ntm-{view.query.structure}-{view.query.year}.{extension}"


def _export(request, fmt: str, *, internal: bool):
    _form, view = _view(request, internal=internal)
    base_url = request.build_absolute_uri("/").rstrip("/")
    source = _source(internal=internal)
    if fmt == "xlsx":
        title = f"{_title(view, internal=internal)} — {presenters.colouring_title(view.query)}"
        body, content_type = map_workbook(view, base_url, title=title, source=source), XLSX
    else:
        geometries = boundary_layers.served_geometries(view.query.structure)
        body, content_type = map_geojson(view, geometries, base_url, source=source), "application/geo+json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(view, fmt)}"'
    return response


def export(request, fmt):
    """The public map's data (published only) as Excel or GeoJSON."""
    return _export(request, fmt, internal=False)


@login_required
def internal_export(request, fmt):
    return _export(request, fmt, internal=True)


def print_map(request, fmt):
    """The public map drawn on the server for reports: SVG, PDF (A4 landscape) or PNG."""
    _form, view = _view(request, internal=False)
    structure = view.query.structure
    shapes, texts = presenters.printed_map(
        view,
        boundary_layers.served_geometries(structure),
        title=_title(view, internal=False),
        source=_source(internal=False),
        topology_uri=request.build_absolute_uri(presenters.topology_url(structure)),
    )
    body, content_type = printing.rendered(printing.map_svg(shapes, texts), fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{_download_name(view, fmt)}"'
    return response


def _bbox(raw: str):
    if not raw:
        return None
    try:
        values = tuple(float(part) for part in raw.split(","))
    except ValueError:
        values = ()
    if len(values) != 4 or not (
        -180 <= values[0] <= values[2] <= 180 and -90 <= values[1] <= values[3] <= 90
    ):
        return False
    return values


def _point_layer(request, key, *, public: bool):
    found = layers.layer(key)
    if found is None or (public and found.public is None):
        raise Http404
    bbox = _bbox(request.GET.get("bbox", ""))
    if bbox is False:
        return JsonResponse(
            {"error": _("The bbox parameter must be min_lon,min_lat,max_lon,max_lat."), "detail": None},
            status=400,
        )
    return JsonResponse(layers.layer_features(found, request.user, bbox, public=public))


@login_required
def point_layer(request, key):
    """One point layer (OCOP producers, growing areas, …) for the internal map, as GeoJSON."""
    return _point_layer(request, key, public=False)


def public_point_layer(request, key):
    """A point layer's public data (no sign-in) for the public map, as GeoJSON; 404 for a layer without any."""
    return _point_layer(request, key, public=True)
