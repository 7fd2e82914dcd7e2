"""Pages of growing areas: the scoped list, registration by a producer, the detail with the code's history and the
officers' actions (issue, suspend, lift, re-issue, cancel, inspections)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.paging import paginate
from ntm.traceability import geometry, selectors
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
        },
    )


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
    return render(request, "traceability/area_form.html", {"form": form})


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
            "owns": owns,
            "issue_form": IssueForm(),
            "action_form": CodeActionForm(),
            "inspection_form": InspectionForm(),
            "harvest_form": HarvestForm() if owns and area.status == AreaStatus.ACTIVE else None,
            "outline": outline_svg(area.boundary),
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


def outline_svg(boundary, width: int = 240, height: int = 160) -> str:
    """A small SVG outline of the boundary (no base map, no script): the "small map" of the pages."""
    if not boundary:
        return ""
    try:
        shapes = geometry.polygons(boundary)
    except geometry.BoundaryError:
        return ""
    points = [p for polygon in shapes for ring in polygon for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    scale = min((width - 20) / max(max_x - min_x, 1e-9), (height - 20) / max(max_y - min_y, 1e-9))
    paths = []
    for polygon in shapes:
        for ring in polygon:
            coords = " ".join(
                f"{10 + (x - min_x) * scale:.1f},{height - 10 - (y - min_y) * scale:.1f}" for x, y in ring
            )
            paths.append(f"M{coords}Z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img"><rect width="100%" height="100%" fill="#eef5ea"/>'
        f'<path d="{" ".join(paths)}" fill="#7fb069" fill-opacity=".5" stroke="#2f6b1f" stroke-width="2" '
        f'fill-rule="evenodd"/></svg>'
    )
