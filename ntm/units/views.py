from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.uploads import read_upload
from ntm.units import selectors
from ntm.units.exports import units_workbook
from ntm.units.forms import BoundaryUploadForm, HamletForm, UnitAttributeForm, UploadForm
from ntm.units.models import Level, Structure
from ntm.units.services import hamlets, registry
from ntm.units.services.boundaries import boundaries_import_geojson
from ntm.units.svg import Shape, render_svg, simplified


def unit_browser(request):
    structure = request.GET.get("structure") or Structure.REFORM_2025
    if structure not in Structure.values:
        structure = Structure.REFORM_2025
    context = {"structure": structure, "structures": Structure.choices, "q": request.GET.get("q", "").strip()}
    if context["q"]:
        units, _filter = selectors.units_filtered({"structure": structure, "q": context["q"]})
        context.update(page=paginate(request, units), querystring=querystring_without_page(request))
    else:
        context["trees"] = [(root, selectors.tree_of(root)) for root in selectors.roots_of(structure)]
    return render(request, "units/browser.html", context)


def units_export(request):
    units, _filter = selectors.units_filtered(request.GET)
    response = HttpResponse(
        units_workbook(units[:20000]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="don-vi-hanh-chinh.xlsx"'
    return response


def unit_detail(request, structure, code):
    unit = selectors.unit_public(structure, code)
    lineage = selectors.lineage_of(unit)
    shapes = [
        Shape(link.old_unit.boundary.geometry, "shape predecessor", link.old_unit.name)
        for link in lineage.predecessors
        if hasattr(link.old_unit, "boundary")
    ]
    if hasattr(unit, "boundary"):
        shapes.append(Shape(unit.boundary.geometry, "shape unit", unit.name))
    elif unit.level != Level.COMMUNE:
        # No boundary of its own: draw the units under it, simplified to keep the page small.
        shapes = simplified(
            [Shape(b.geometry, "shape child", b.unit.name) for b in selectors.child_boundaries(unit)], 0.002
        )
    can_manage = selectors.managed_units(request.user).filter(pk=unit.pk).exists()
    context = {
        "unit": unit,
        "children": unit.children.order_by("code"),
        "lineage": lineage,
        "hamlets": selectors.hamlets_of(unit, include_inactive=can_manage),
        "svg": render_svg(shapes, title=unit.name),
        "attributes": selectors.attributes_visible(request.user, unit),
        "can_manage": can_manage,
        "hamlet_form": HamletForm(initial={"is_active": True}),
        "attribute_form": UnitAttributeForm(initial={"region": "DNB"}),
    }
    return render(request, "units/detail.html", context)


@login_required
@require_POST
def hamlet_create(request, structure, code):
    unit = selectors.unit_for_change(request.user, structure, code)
    form = HamletForm(request.POST)
    if form.is_valid():
        try:
            hamlet = hamlets.hamlet_create(
                unit=unit,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                code=form.cleaned_data["code"],
            )
            messages.success(request, _("Added %(name)s.") % {"name": hamlet.name})
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Check the hamlet's name and kind."))
    return redirect("units:detail", structure=structure, code=code)


@login_required
@require_POST
def hamlet_update(request, hamlet_id):
    hamlet = selectors.hamlet_for_change(request.user, hamlet_id)
    form = HamletForm(request.POST)
    if form.is_valid():
        try:
            hamlets.hamlet_update(hamlet=hamlet, **form.cleaned_data)
            messages.success(request, _("Saved %(name)s.") % {"name": hamlet.name})
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Check the hamlet's name and kind."))
    return redirect("units:detail", structure=hamlet.unit.structure, code=hamlet.unit.code)


@login_required
@require_POST
def attribute_set(request, structure, code):
    unit = selectors.unit_for_change(request.user, structure, code)
    form = UnitAttributeForm(request.POST)
    if form.is_valid():
        try:
            registry.unit_attribute_set(unit=unit, **form.cleaned_data)
            messages.success(
                request, _("Saved the attributes for %(year)s.") % {"year": form.cleaned_data["year"]}
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("units:detail", structure=structure, code=code)


def _require_manager(request) -> None:
    if not selectors.can_manage_units(request.user):
        raise PermissionDenied(_("Only the provincial NTM Coordination Office maintains units."))


@login_required
def hamlets_import(request):
    _require_manager(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = hamlets.hamlets_import_excel(
                data=read_upload(form.cleaned_data["file"]),
                allowed_units=selectors.managed_units(request.user),
            )
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:  # too large, refused before it is read
            errors = [exc.message]
        else:
            messages.success(
                request,
                _("Imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.") % counts,
            )
            return redirect("units:hamlets_import")
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("Import hamlets from Excel"),
            "template_url": "units:hamlets_template",
        },
        status=400 if errors else 200,
    )


@login_required
def hamlets_template(request):
    _require_manager(request)
    response = HttpResponse(
        hamlets.hamlet_template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-ap-khu-pho.xlsx"'
    return response


@login_required
def lineage_import(request):
    _require_manager(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = registry.lineage_import_csv(data=read_upload(upload))
        except ServiceError as exc:
            errors = [exc.message, *(exc.detail or [])]
        else:
            messages.success(
                request, _("Lineage: %(added)s added, %(updated)s updated, %(removed)s removed.") % counts
            )
            return redirect("units:lineage_import")
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("Correct lineage from CSV"),
            "help": "new_code,old_code,partial,action,source",
        },
        status=400 if errors else 200,
    )


@login_required
def boundaries_import(request):
    _require_manager(request)
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = boundaries_import_geojson(
                data=read_upload(upload),
                structure=form.cleaned_data["structure"],
                code_property=form.cleaned_data["code_property"],
                source_note=upload.name,
            )
        except ServiceError as exc:
            errors = [exc.message]
        else:
            messages.success(
                request, _("Stored %(count)s boundaries.") % {"count": sum(report.stored.values())}
            )
            return redirect("units:boundaries_import")
    return render(
        request,
        "units/import.html",
        {
            "form": form,
            "errors": errors,
            "title": _("Import boundaries from GeoJSON"),
        },
        status=400 if errors else 200,
    )
