"""The open-data page (public): the public API endpoints, read from the API's own OpenAPI document (the operations
that need no sign-in), and the download of the province's NTM results (``ntm.programme.exchange``) in JSON and
Excel with the schema, under an open licence that the province has still to confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ntm.audit.services import audit_record
from ntm.core.choices import Role
from ntm.core.files import download
from ntm.core.uploads import XLSX
from ntm.programme import exchange

API_PREFIX = "/api/v1"


def public_operations() -> list[dict[str, str]]:
    """``[{"method", "path", "summary"}]`` of every API operation that needs no sign-in, in path order."""
    from ntm.api.api import api

    document = api.get_openapi_schema(path_prefix=API_PREFIX)
    found = []
    for path, operations in sorted(document["paths"].items()):
        for method, operation in operations.items():
            if not operation.get("security"):
                found.append(
                    {"method": method.upper(), "path": path, "summary": operation.get("summary", "")}
                )
    return found


def _is_coordinator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.PROVINCE_COORDINATOR))


@require_GET
def index(request):
    context = {
        "operations": public_operations(),
        "built": exchange.stored_at(),
        "licence": exchange.LICENCE,
        "can_rebuild": _is_coordinator(request.user),
        "format": exchange.FORMAT,
        "version": exchange.VERSION,
    }
    return render(request, "api/open_data.html", context)


@require_GET
def results_json(request):
    response = HttpResponse(
        exchange.stored(exchange.JSON_NAME), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="ntm-ket-qua.json"'
    return response


@require_GET
def results_xlsx(request):
    return download(exchange.stored(exchange.XLSX_NAME), "ntm-ket-qua.xlsx", XLSX)


@require_GET
def results_schema(request):
    return HttpResponse(exchange.SCHEMA_FILE.read_bytes(), content_type="application/schema+json")


@login_required
@require_POST
def rebuild(request):
    """The coordinator rebuilds the export now (on demand), instead of waiting for the scheduled job."""
    if not _is_coordinator(request.user):
        raise PermissionDenied(_("Only the provincial coordination office does this."))
    document = exchange.store()
    audit_record(
        action="programme.open_data_export",
        object_type="open_data",
        object_id=exchange.FORMAT,
        object_label=exchange.JSON_NAME,
        extra={"units": len(document["units"]), "targets": len(document["targets"])},
        actor=request.user,
    )
    messages.success(request, _("The open-data export is rebuilt."))
    return redirect("open_data:index")
