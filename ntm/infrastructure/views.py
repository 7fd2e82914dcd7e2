"""Pages of the infrastructure app: thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import Role
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.files import download, serve_file
from ntm.core.params import year_param
from ntm.core.permissions import INFRASTRUCTURE, require_area
from ntm.core.scoping import CHANGE
from ntm.core.storage import safe_extension
from ntm.core.uploads import read_upload
from ntm.infrastructure import coverage_import, inventory_import, selectors, services
from ntm.infrastructure.forms import (
    AssetForm,
    CheckForm,
    CoverageForm,
    DocumentForm,
    ImportForm,
    LinkForm,
    MapForm,
    PlanningForm,
)
from ntm.infrastructure.models import MobileCoverage


def _years() -> list[int]:
    return list(reversed(services._years()))


@login_required
def index(request):
    year = year_param(request, timezone.localdate().year)
    return render(
        request,
        "infrastructure/index.html",
        {
            "rows": selectors.summaries(request.user, year),
            "year": year,
            "years": _years(),
            "is_coordinator": request.user.is_superuser or request.user.has_role(Role.PROVINCE_COORDINATOR),
        },
    )


@login_required
def commune(request, unit_id: int):
    year = year_param(request, timezone.localdate().year)
    page = selectors.commune_page(request.user, unit_id, year)
    return render(
        request,
        "infrastructure/commune.html",
        {
            "data": page,
            "years": _years(),
            "may_change": selectors.may_change(request.user),
            "check_form": CheckForm(initial={"checked_on": timezone.localdate().strftime("%d/%m/%Y")}),
        },
    )


def _form_page(request, form, title, *, unit=None, status=200, help_text=""):
    return render(
        request,
        "infrastructure/form.html",
        {"form": form, "title": title, "unit": unit, "help": help_text},
        status=400 if form.errors else status,
    )


@login_required
def asset_create(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id, CHANGE)
    form = AssetForm(request.POST or None, hamlets=selectors.hamlets_for(unit))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            asset = services.asset_create(actor=request.user, unit=unit, **data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s added to the inventory.") % {"name": asset.name})
            return redirect("infrastructure:commune", unit.pk)
    return _form_page(request, form, _("Add to the digital infrastructure inventory"), unit=unit)


@login_required
def asset_import(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id, CHANGE)
    page = {
        "title": _("Import the inventory from Excel"),
        "template_url": reverse("infrastructure:import_template", args=[unit.pk]),
        "template_label": _("Download the Excel template (one example row per hamlet)"),
    }
    return _import_page(
        request, unit, inventory_import.inventory_import, _("Imported %(count)s items."), page
    )


@login_required
def coverage_upload(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id, CHANGE)
    page = {
        "title": _("Import mobile coverage from Excel"),
        "template_url": reverse("infrastructure:coverage_template", args=[unit.pk]),
        "template_label": _("Download the Excel template (the commune's hamlets listed)"),
    }
    return _import_page(
        request,
        unit,
        coverage_import.coverage_import,
        _("Mobile coverage recorded (%(count)s values)."),
        page,
    )


def _import_page(request, unit, importer, done: str, page: dict):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = importer(actor=request.user, unit=unit, data=read_upload(form.cleaned_data["file"]))
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:
            errors = [exc.message]
        else:
            messages.success(request, done % {"count": len(rows)})
            return redirect("infrastructure:commune", unit.pk)
    return render(
        request,
        "infrastructure/import.html",
        {"form": form, "errors": errors, "unit": unit, **page},
        status=400 if errors or form.errors else 200,
    )


@login_required
def import_template(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id, CHANGE)
    return download(inventory_import.template(list(selectors.hamlets_for(unit))), "mau-ha-tang-so.xlsx")


@login_required
def coverage_template(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id, CHANGE)
    return download(coverage_import.template(list(selectors.hamlets_for(unit))), "mau-phu-song.xlsx")


@login_required
@require_POST
def asset_check(request, asset_id: int):
    asset = selectors.asset_for(request.user, asset_id, CHANGE)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid status and date (dd/mm/yyyy)."))
    else:
        try:
            services.asset_check(actor=request.user, asset=asset, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status of %(name)s recorded.") % {"name": asset.name})
    return redirect(f"{reverse('infrastructure:commune', args=[asset.unit_id])}#tai-san-{asset.pk}")


@login_required
def coverage_edit(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id, CHANGE)
    hamlets = list(selectors.hamlets_for(unit))
    current: dict[int, set[str]] = {}
    for row in MobileCoverage.objects.filter(hamlet__in=hamlets, covered=True):
        current.setdefault(row.hamlet_id, set()).add(row.technology)
    form = CoverageForm(
        request.POST or None,
        hamlets=hamlets,
        current=current,
        initial={"surveyed_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coverage_set(
                actor=request.user,
                unit=unit,
                surveyed_on=form.cleaned_data["surveyed_on"],
                covered=form.covered(),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Mobile coverage saved."))
            return redirect("infrastructure:commune", unit.pk)
    return _form_page(
        request,
        form,
        _("Mobile coverage by hamlet"),
        unit=unit,
        help_text=_("Tick the technologies whose signal reaches each hamlet."),
    )


@login_required
def planning(request, unit_id: int):
    unit = selectors.commune_for(request.user, unit_id)
    may_change = selectors.may_change(request.user)
    form = PlanningForm(request.POST or None)
    if request.method == "POST":
        unit = selectors.commune_for(request.user, unit_id, CHANGE)
        if form.is_valid():
            try:
                services.planning_record_save(actor=request.user, unit=unit, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Planning record saved; criterion 1 of the commune is updated."))
                return redirect("infrastructure:planning", unit.pk)
    records = selectors.records_of(unit)
    return render(
        request,
        "infrastructure/planning.html",
        {
            "unit": unit,
            "records": records,
            "form": form,
            "may_change": may_change,
            "document_form": DocumentForm(),
            "map_form": MapForm(),
            "plan_met": services.plan_result(unit, timezone.localdate().year),
            "year": timezone.localdate().year,
        },
        status=400 if form.errors else 200,
    )


@login_required
def planning_edit(request, record_id: int):
    record = selectors.record_for(request.user, record_id, CHANGE)
    initial = {name: getattr(record, name) for name in services.PLANNING_FIELDS}
    form = PlanningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.planning_record_save(
                actor=request.user, unit=record.unit, record=record, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Planning record saved; criterion 1 of the commune is updated."))
            return redirect("infrastructure:planning", record.unit_id)
    return _form_page(request, form, _("Correct the planning record"), unit=record.unit)


@login_required
@require_POST
def document_add(request, record_id: int):
    record = selectors.record_for(request.user, record_id, CHANGE)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of document and a file."))
    else:
        try:
            services.planning_document_add(
                actor=request.user,
                record=record,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Document kept."))
    return redirect("infrastructure:planning", record.unit_id)


@login_required
def document(request, document_id: int):
    found = selectors.document_for(request.user, document_id)
    return serve_file(
        request,
        found.file,
        content_type=found.mime_type,
        download_name=f"quy-hoach-{found.record_id}-{found.kind}-{found.pk}.{safe_extension(found.file.name, found.mime_type)}",
    )


@login_required
@require_POST
def map_upload(request, record_id: int):
    record = selectors.record_for(request.user, record_id, CHANGE)
    form = MapForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a GeoJSON file."))
    else:
        upload = form.cleaned_data["file"]
        try:
            services.planning_map_upload(
                actor=request.user, record=record, data=read_upload(upload), name=upload.name
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Planning map kept; it shows on the internal map."))
    return redirect("infrastructure:planning", record.unit_id)


@login_required
def map_geojson(request, record_id: int):
    record = selectors.record_for(request.user, record_id)
    latest = selectors.latest_map(record)
    if latest is None:
        raise Http404
    return JsonResponse({"type": "FeatureCollection", "features": latest.features})


@login_required
def indicator_link(request):
    require_area(request.user, INFRASTRUCTURE)
    if not (request.user.is_superuser or request.user.has_role(Role.PROVINCE_COORDINATOR)):
        raise PermissionDenied(_("Only the provincial coordination office does this."))
    form = LinkForm(request.POST or None, sources=services.SOURCES)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_source_link(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The indicator now takes its value from this figure."))
            return redirect("infrastructure:index")
    return _form_page(
        request,
        form,
        _("Feed an indicator from the infrastructure records"),
        help_text=_(
            "8.3 of the commune sets 2021-2025 from the radio station and loudspeakers in every hamlet; 1.1 of the "
            "commune NTM set 2021-2025 from the approved and posted general construction plan."
        ),
    )
