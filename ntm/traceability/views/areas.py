"""Pages of growing areas: the scoped list, registration by a producer, the detail with the code's history and the
officers' actions (issue, suspend, lift, re-issue, cancel, inspections)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.files import download
from ntm.core.paging import paginate
from ntm.traceability import exports, geometry, links, portal, selectors
from ntm.traceability.forms import AreaForm, CodeActionForm, HarvestForm, InspectionForm, IssueForm
from ntm.traceability.models import AreaStatus
from ntm.traceability.services import areas as services


@login_required
def area_list(request):
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    areas = selectors.area_list(request.user, status=status, query=query)
    return render(
        request,
        "traceability/area_list.html",
        {
            "page": paginate(request, areas),
            "status": status,
            "query": query,
            "statuses": AreaStatus.choices,
            "can_register": request.user.is_superuser or request.user.has_role(Role.PRODUCER),
            "counts": selectors.area_counts(request.user),
            "may_export_portal": selectors.may_export_portal(request.user),
        },
    )


@login_required
def area_stats(request):
    """The counts by crop and by commune of the list page, as an Excel workbook."""
    counts = selectors.area_counts(request.user)
    title = _("Growing areas by crop and by commune (your scope), %(date)s") % {
        "date": timezone.localdate().strftime("%d/%m/%Y")
    }
    return download(exports.counts_workbook(counts, title=title), "thong-ke-vung-trong.xlsx")


def _draw_data(form: AreaForm, area=None) -> dict:
    """What the drawing map of the area form reads (``traceability/boundary_draw.js``, through ``json_script``):
    where each commune lies, the public boundary layer for the outlines, the base tiles if configured, the stored
    boundary of an edited area, and every text already translated."""
    return {
        "communes": selectors.commune_frames(form.fields["unit"].queryset),
        "topology": reverse("maps:boundaries", args=["2025"]),
        "tiles": {"url": settings.NTM_MAP_TILE_URL, "attribution": settings.NTM_MAP_TILE_ATTRIBUTION},
        "boundary": area.boundary if area is not None else None,
        "text": {
            "drawn": _("Drawn boundary: about %(ha)s ha (computed again when saved)."),
            "stored": _("Stored boundary shown; draw a new polygon to replace it."),
            "none": _("No boundary drawn yet."),
            "tooltips": {
                "firstVertex": _("Click to place the first corner"),
                "continueLine": _("Click to place the next corner"),
                "finishPoly": _("Click the first corner to close the boundary"),
            },
            "actions": {
                "finish": _("Finish"),
                "cancel": _("Cancel"),
                "removeLastVertex": _("Remove the last corner"),
            },
            "buttonTitles": {
                "drawPolyButton": _("Draw the boundary"),
                "editButton": _("Move the corners of the boundary"),
                "deleteButton": _("Remove the drawn boundary"),
            },
        },
    }


@login_required
def area_register(request):
    if not (request.user.is_superuser or request.user.has_role(Role.PRODUCER)):
        raise PermissionDenied(_("Only a producer's account registers growing areas."))
    form = AreaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = services.area_register(
                actor=request.user, unit=data["unit"], data=data, boundary=data.get("boundary")
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The growing area was registered; an officer will issue its code."))
            return redirect("traceability:area", pk=area.pk)
    return render(request, "traceability/area_form.html", {"form": form, "draw": _draw_data(form)})


@login_required
def portal_export(request):
    """The growing areas with codes in the user's scope, in the JSON shape ``portal.py`` documents (not the
    national portal's own format, which is not published)."""
    if not selectors.may_export_portal(request.user):
        raise PermissionDenied(
            _("Only the department and the province coordinator export for the national portal.")
        )
    document = portal.portal_document(selectors.areas_for(request.user), request.build_absolute_uri("/"))
    body = json.dumps(document, ensure_ascii=False, indent=1).encode()
    name = f"vung-trong-ma-so-{timezone.localdate():%Y%m%d}.json"
    return download(body, name, "application/json")


@login_required
def area_edit(request, pk: int):
    """Correct an area's details or import a new boundary (GeoJSON or KML); its code and history stay as they are."""
    area = selectors.area_for_view(request.user, pk)
    if not selectors.may_edit(request.user, area):
        raise Http404
    form = AreaForm(request.POST or None, request.FILES or None, instance=area, coded=bool(area.code))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.area_update(
                actor=request.user,
                area=area,
                data=data,
                unit=data.get("unit"),
                boundary=data.get("boundary"),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The growing area was updated; its code and history are unchanged."))
            return redirect("traceability:area", pk=area.pk)
    return render(
        request, "traceability/area_form.html", {"form": form, "area": area, "draw": _draw_data(form, area)}
    )


@login_required
def area_detail(request, pk: int):
    area = selectors.area_for_view(request.user, pk)
    user = request.user
    may_issue = selectors.may_issue(user, area)
    owns = selectors.owns(user, area) or user.is_superuser
    return render(
        request,
        "traceability/area_detail.html",
        {
            "area": area,
            "actions": area.code_actions.select_related("actor"),
            "inspections": area.inspections.select_related("inspector"),
            "lots": area.lots.all()[:50],
            "may_issue": may_issue,
            "may_inspect": selectors.may_inspect(user, area),
            "may_edit": selectors.may_edit(user, area),
            "owns": owns,
            "issue_form": IssueForm(),
            "action_form": CodeActionForm(),
            "inspection_form": InspectionForm(),
            "harvest_form": HarvestForm() if owns and area.status == AreaStatus.ACTIVE else None,
            "outline": geometry.outline_svg(area.boundary),
            "linkages": links.linkage_models(area.pk),
        },
    )


def _done(request, pk: int, call, success: str):
    try:
        call()
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("traceability:area", pk=pk)


@login_required
@require_POST
def code_issue(request, pk: int):
    area = selectors.area_for_view(request.user, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("traceability:area", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.code_issue(actor=request.user, area=area, **form.cleaned_data),
        _("The growing-area code was issued."),
    )


@login_required
@require_POST
def code_action(request, pk: int):
    area = selectors.area_for_view(request.user, pk)
    form = CodeActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the action and give the reason."))
        return redirect("traceability:area", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.code_transition(actor=request.user, area=area, **form.cleaned_data),
        _("The code's status was changed."),
    )


@login_required
@require_POST
def inspection_add(request, pk: int):
    area = selectors.area_for_view(request.user, pk)
    form = InspectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the inspection date and result."))
        return redirect("traceability:area", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.inspection_record(actor=request.user, area=area, **form.cleaned_data),
        _("The inspection was recorded."),
    )
