"""The register pages: the list and its export, recording a decision, the Excel import of past decisions, and
the public history of a unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.storage import safe_extension
from ntm.core.text import fold
from ntm.core.uploads import read_upload
from ntm.status import register_import, selectors
from ntm.status.exports import register_workbook
from ntm.status.forms import StatusRecordForm
from ntm.status.services import status_record_create
from ntm.units.forms import UploadForm
from ntm.units.selectors import unit_public

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_keeper(request) -> None:
    if not selectors.can_keep_register(request.user):
        raise PermissionDenied(_("Only the provincial NTM Coordination Office keeps the register."))


@login_required
def register_list(request):
    records, record_filter = selectors.register_for(request.user, request.GET)
    return render(
        request,
        "status/register.html",
        {
            "page": paginate(request, records),
            "filter": record_filter,
            "querystring": querystring_without_page(request),
            "can_keep": selectors.can_keep_register(request.user),
        },
    )


@login_required
def register_export(request):
    records, _filter = selectors.register_for(request.user, request.GET)
    response = HttpResponse(register_workbook(records[:50000]), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="so-cong-nhan-ntm.xlsx"'
    return response


def unit_history(request, structure, code):
    """Public: a unit's official status history (published decisions only)."""
    unit = unit_public(structure, code)
    records = list(selectors.public_history(unit))
    current = selectors.official_status_of([unit], published_only=True)[unit.pk]
    return render(request, "status/history.html", {"unit": unit, "records": records, "current": current})


def decision_document(request, record_id: int):
    """A decision's document: public for a published decision in force, else for signed-in staff in scope."""
    record = selectors.decision_document_record(request.user, record_id)
    if record is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    extension = safe_extension(record.document.name, record.document_type)
    return serve_file(
        request,
        record.document,
        content_type=record.document_type,
        download_name=f"quyet-dinh-{slugify(fold(record.decision_number)) or record.pk}.{extension}",
    )


@login_required
def record_create(request):
    _require_keeper(request)
    form = StatusRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = (
            selectors.register_units(request.user)
            .filter(structure=data["structure"], code=data["unit_code"])
            .first()
        )
        revokes = None
        if data["revokes"]:
            revokes = unit.status_records.filter(pk=data["revokes"]).first() if unit else None
        if unit is None:
            form.add_error("unit_code", _("No unit with this code in your scope."))
        elif data["revokes"] and revokes is None:
            form.add_error("revokes", _("This unit has no record with that number."))
        else:
            try:
                status_record_create(
                    unit=unit,
                    level=data["level"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    source=data["source"],
                    criteria_set=data["criteria_set"],
                    signer=data["signer"],
                    issuing_body=data["issuing_body"],
                    note=data["note"],
                    revokes=revokes,
                    document=data["document"],
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Recorded in the register."))
                return redirect("status:history", structure=unit.structure, code=unit.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "status/record_form.html", {"form": form}, status=status)


@login_required
def register_import_view(request):
    _require_keeper(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = register_import.status_register_import(
                data=read_upload(form.cleaned_data["file"]),
                allowed_units=selectors.register_units(request.user),
                actor=request.user,
            )
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:  # too large, refused before it is read
            errors = [exc.message]
        else:
            messages.success(request, _("Imported %(count)s decisions into the register.") % {"count": count})
            return redirect("status:register")
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("Import past decisions from Excel"),
            "template_url": "status:register_template",
        },
        status=400 if errors else 200,
    )


@login_required
def register_template(request):
    _require_keeper(request)
    response = HttpResponse(register_import.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-so-quyet-dinh.xlsx"'
    return response
