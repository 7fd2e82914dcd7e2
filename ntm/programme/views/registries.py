"""Registry pages: cooperatives, linkage models, online services, managers, training courses (with attendance) and
pilots (with milestones, evidence and the approval decision). One list/form view pair serves every registry,
described by a ``Registry`` entry (model, form, service, columns)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ntm.core.excel_writer import XLSX_CONTENT_TYPE, Sheet, workbook_bytes
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.paging import is_htmx_partial, paginate, querystring_without_page
from ntm.programme.forms import (
    ApprovalForm,
    AttendanceForm,
    CooperativeForm,
    EvidenceForm,
    LinkageModelForm,
    ManagerForm,
    MilestoneForm,
    OnlineServiceForm,
    PilotForm,
    TrainingCourseForm,
    UnitAttendanceForm,
)
from ntm.programme.models import (
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotMilestone,
    PilotModel,
    TrainingCourse,
)
from ntm.programme.selectors import access as selectors_access
from ntm.programme.selectors import registries as selectors_registries
from ntm.programme.services import registries as services_registries


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


@dataclass(frozen=True)
class Registry:
    key: str
    model: type
    form: type
    save: Callable[..., Any]
    instance_arg: str
    title: Promise
    new_label: Promise
    empty: Promise
    columns: tuple[tuple[Promise, Callable[[Any], str]], ...]
    editor_roles: tuple[str, ...] = selectors_access.REGISTRY_EDITOR_ROLES
    detail_url: str = ""


def _linked_areas(linkage) -> str:
    """The codes of the growing areas a linkage model points to, then its text for areas not registered."""
    codes = [area.code for area in linkage.growing_areas.all()]
    return "; ".join(part for part in (", ".join(codes), linkage.raw_material_area) if part)


REGISTRIES: dict[str, Registry] = {
    "cooperatives": Registry(
        "cooperatives",
        Cooperative,
        CooperativeForm,
        services_registries.cooperative_save,
        "cooperative",
        gettext_lazy("Cooperatives"),
        gettext_lazy("Add a cooperative"),
        gettext_lazy(
            "No cooperative is registered yet. Add the cooperatives of your unit: they count for the target on communes with cooperatives."
        ),
        (
            (gettext_lazy("Unit"), lambda r: r.unit.name),
            (gettext_lazy("Name"), lambda r: r.name),
            (gettext_lazy("Key products"), lambda r: r.key_products),
            (gettext_lazy("Established on"), lambda r: _date(r.established_on)),
            (gettext_lazy("Dissolved on"), lambda r: _date(r.dissolved_on)),
            (gettext_lazy("Applies digital technology"), lambda r: _yes(r.uses_digital)),
        ),
    ),
    "linkage": Registry(
        "linkage",
        LinkageModel,
        LinkageModelForm,
        services_registries.linkage_model_save,
        "linkage",
        gettext_lazy("Production-linkage models"),
        gettext_lazy("Add a linkage model"),
        gettext_lazy(
            "No production-linkage model is registered yet. Add the models for key products, with their raw-material area and the digital technology used there."
        ),
        (
            (gettext_lazy("Unit"), lambda r: r.unit.name),
            (gettext_lazy("Name"), lambda r: r.name),
            (gettext_lazy("Key product"), lambda r: r.key_product),
            (gettext_lazy("Linked raw-material area"), lambda r: _linked_areas(r)),
            (gettext_lazy("Digital technology used in the area"), lambda r: r.digital_technology),
            (
                gettext_lazy("Tied to a raw-material area applying digital technology"),
                lambda r: _yes(r.digital_raw_material_area),
            ),
            (gettext_lazy("Started on"), lambda r: _date(r.started_on)),
            (gettext_lazy("Ended on"), lambda r: _date(r.ended_on)),
        ),
    ),
    "services": Registry(
        "services",
        OnlineService,
        OnlineServiceForm,
        services_registries.online_service_save,
        "service",
        gettext_lazy("Essential online services"),
        gettext_lazy("Add an online service"),
        gettext_lazy(
            "No essential online service is registered yet. Add each service your unit provides online and link the Fatherland Front's feedback campaign on it."
        ),
        (
            (gettext_lazy("Unit"), lambda r: r.unit.name),
            (gettext_lazy("Field"), lambda r: r.get_field_display()),
            (gettext_lazy("Name"), lambda r: r.name),
            (gettext_lazy("Address (URL)"), lambda r: r.url),
            (gettext_lazy("Started on"), lambda r: _date(r.started_on)),
            (
                gettext_lazy("Feedback campaign"),
                lambda r: r.feedback_campaign.title if r.feedback_campaign_id else "—",
            ),
        ),
    ),
    "managers": Registry(
        "managers",
        Manager,
        ManagerForm,
        services_registries.manager_save,
        "manager",
        gettext_lazy("Managers"),
        gettext_lazy("Add a manager"),
        gettext_lazy(
            "No manager is registered yet. The list of managers in office is the denominator of the training target: add your unit's managers."
        ),
        (
            (gettext_lazy("Unit"), lambda r: r.unit.name),
            (gettext_lazy("Full name"), lambda r: r.full_name),
            (gettext_lazy("Position"), lambda r: r.position),
            (gettext_lazy("In office"), lambda r: _yes(r.is_active)),
            (gettext_lazy("Courses completed"), lambda r: str(getattr(r, "completed_courses", ""))),
        ),
    ),
    "courses": Registry(
        "courses",
        TrainingCourse,
        TrainingCourseForm,
        services_registries.training_course_save,
        "course",
        gettext_lazy("Training courses"),
        gettext_lazy("Add a training course"),
        gettext_lazy(
            "No training course is recorded yet. The coordination office records each course, for officers or residents, and who attended it."
        ),
        (
            (gettext_lazy("Title"), lambda r: r.title),
            (gettext_lazy("Audience"), lambda r: r.get_audience_display()),
            (gettext_lazy("Organiser"), lambda r: r.organiser),
            (gettext_lazy("Starts on"), lambda r: _date(r.starts_on)),
            (gettext_lazy("Ends on"), lambda r: _date(r.ends_on)),
            (
                gettext_lazy("Attendees"),
                lambda r: f"{getattr(r, 'completed_count', 0)}/{getattr(r, 'attendee_count', 0)}",
            ),
        ),
        editor_roles=selectors_access.COORDINATOR_ROLES,
        detail_url="programme:course",
    ),
    "pilots": Registry(
        "pilots",
        PilotModel,
        PilotForm,
        services_registries.pilot_save,
        "pilot",
        gettext_lazy("Pilot models"),
        gettext_lazy("Add a pilot model"),
        gettext_lazy(
            "No pilot is recorded yet. The pilots the plan names are added when the plan is loaded and the units are imported."
        ),
        (
            (gettext_lazy("Kind"), lambda r: r.get_kind_display()),
            (gettext_lazy("Name"), lambda r: r.name),
            (gettext_lazy("Unit"), lambda r: r.unit.name),
            (gettext_lazy("Status"), lambda r: r.get_status_display()),
            (
                gettext_lazy("Approval decision"),
                lambda r: f"{r.approval_number} {_date(r.approval_date)}".strip() or "—",
            ),
        ),
        editor_roles=selectors_access.COORDINATOR_ROLES,
        detail_url="programme:pilot",
    ),
}


def _registry(key: str) -> Registry:
    return REGISTRIES[key]


def _can_add(user, registry: Registry) -> bool:
    return user.is_superuser or user.has_role(*registry.editor_roles)


@login_required
def registry_list(request, kind: str):
    registry = _registry(kind)
    rows, filterset = selectors_registries.registry_rows(request.user, registry.model, request.GET)
    page = paginate(request, rows)
    editable = set(
        selectors_registries.editable_units(request.user, roles=registry.editor_roles)
        .filter(pk__in={row.unit_id for row in page.object_list})
        .values_list("pk", flat=True)
    )
    table = [
        {
            "row": row,
            "cells": [getter(row) for _header, getter in registry.columns],
            "can_edit": row.unit_id in editable,
        }
        for row in page.object_list
    ]
    context = {
        "registry": registry,
        "headers": [header for header, _getter in registry.columns],
        "page": page,
        "table": table,
        "filter": filterset,
        "querystring": querystring_without_page(request),
        "can_add": _can_add(request.user, registry),
    }
    template = (
        "programme/_registry_table.html" if is_htmx_partial(request) else "programme/registry_list.html"
    )
    return render(request, template, context)


@login_required
def registry_export(request, kind: str):
    registry = _registry(kind)
    rows, _filterset = selectors_registries.registry_rows(request.user, registry.model, request.GET)
    header = [str(header) for header, _getter in registry.columns] + [_("Unit code")]
    lines = (
        [getter(row) for _header, getter in registry.columns] + [row.unit.code]
        for row in rows.iterator(chunk_size=1000)
    )
    content = workbook_bytes([Sheet(str(registry.title), header=header, rows=lines)])
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}.xlsx"'
    return response


def _form_page(request, registry: Registry, instance=None):
    form = registry.form(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = registry.save(
                actor=request.user, data=form.data_dict(), **{registry.instance_arg: instance}
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Saved."))
            if registry.detail_url:
                return redirect(registry.detail_url, pk=saved.pk)
            return redirect(f"programme:{registry.key}")
    status = 400 if request.method == "POST" else 200
    context = {"registry": registry, "form": form, "instance": instance}
    return render(request, "programme/registry_form.html", context, status=status)


@login_required
def registry_create(request, kind: str):
    registry = _registry(kind)
    selectors_access.require(_can_add(request.user, registry), _("Your role may not change this registry."))
    return _form_page(request, registry)


@login_required
def registry_edit(request, kind: str, pk: int):
    registry = _registry(kind)
    instance = selectors_registries.registry_row_for_change(
        request.user, registry.model, pk, roles=registry.editor_roles
    )
    return _form_page(request, registry, instance)


# --- Training courses -----------------------------------------------------------------------------------------


@login_required
def course_detail(
    request,
    pk: int,
    form: AttendanceForm | None = None,
    status: int = 200,
    unit_form: UnitAttendanceForm | None = None,
):
    course = selectors_registries.registry_row_for_view(request.user, TrainingCourse, pk)
    can_edit = (
        selectors_registries.editable_units(request.user, roles=selectors_access.COORDINATOR_ROLES)
        .filter(pk=course.unit_id)
        .exists()
    )
    if form is None and can_edit:
        form = AttendanceForm(managers=selectors_registries.managers_for_attendance(request.user))
    if unit_form is None and can_edit:
        unit_form = UnitAttendanceForm(units=selectors_registries.units_for_course_attendance(course))
    unit_rows = list(selectors_registries.course_unit_attendances(course))
    context = {
        "course": course,
        "attendances": selectors_registries.course_attendances(course),
        "form": form,
        "unit_form": unit_form,
        "unit_rows": unit_rows,
        "unit_totals": {
            "officers": sum(r.officers for r in unit_rows),
            "residents": sum(r.residents for r in unit_rows),
        },
        "can_edit": can_edit,
    }
    return render(request, "programme/course_detail.html", context, status=status)


@login_required
@require_POST
def course_unit_attendance(request, pk: int):
    course = selectors_registries.registry_row_for_change(
        request.user, TrainingCourse, pk, roles=selectors_access.COORDINATOR_ROLES
    )
    form = UnitAttendanceForm(request.POST, units=selectors_registries.units_for_course_attendance(course))
    if form.is_valid():
        try:
            services_registries.course_unit_attendance_set(
                actor=request.user, course=course, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("programme:course", pk=pk)
    return course_detail(request, pk, status=400, unit_form=form)


@login_required
def courses_by_year(request):
    rows = selectors_registries.training_counts_by_year(request.user)
    return render(request, "programme/courses_by_year.html", {"rows": rows})


@login_required
@require_POST
def course_attendance(request, pk: int):
    course = selectors_registries.registry_row_for_change(
        request.user, TrainingCourse, pk, roles=selectors_access.COORDINATOR_ROLES
    )
    form = AttendanceForm(request.POST, managers=selectors_registries.managers_for_attendance(request.user))
    if form.is_valid():
        try:
            services_registries.attendance_set(
                actor=request.user,
                course=course,
                manager=form.cleaned_data["manager"],
                completed=form.cleaned_data["completed"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("programme:course", pk=pk)
    return course_detail(request, pk, form=form, status=400)


# --- Pilots ---------------------------------------------------------------------------------------------------


@login_required
def pilot_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    pilot = selectors_registries.pilot_detail(request.user, pk)
    can_edit = (
        selectors_registries.editable_units(request.user, roles=selectors_access.COORDINATOR_ROLES)
        .filter(pk=pilot.unit_id)
        .exists()
    )
    forms = forms or {}
    if can_edit:
        forms.setdefault("milestone", MilestoneForm())
        forms.setdefault("evidence", EvidenceForm())
        forms.setdefault(
            "approval", ApprovalForm(initial={"number": pilot.approval_number, "date": pilot.approval_date})
        )
    context = {"pilot": pilot, "can_edit": can_edit, **forms}
    return render(request, "programme/pilot_detail.html", context, status=status)


def _pilot_for_change(request, pk: int) -> PilotModel:
    return selectors_registries.registry_row_for_change(
        request.user, PilotModel, pk, roles=selectors_access.COORDINATOR_ROLES
    )


@login_required
@require_POST
def pilot_milestone(request, pk: int):
    pilot = _pilot_for_change(request, pk)
    milestone = None
    if request.POST.get("milestone_id"):
        milestone = get_object_or_404(PilotMilestone, pk=request.POST["milestone_id"], pilot=pilot)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services_registries.pilot_milestone_save(
                actor=request.user, pilot=pilot, milestone=milestone, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("programme:pilot", pk=pk)
    return pilot_detail(request, pk, forms={"milestone": form}, status=400)


@login_required
@require_POST
def pilot_evidence(request, pk: int):
    pilot = _pilot_for_change(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_registries.pilot_evidence_add(
                actor=request.user,
                pilot=pilot,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("The evidence was added."))
            return redirect("programme:pilot", pk=pk)
    return pilot_detail(request, pk, forms={"evidence": form}, status=400)


@login_required
@require_POST
def pilot_approval(request, pk: int):
    pilot = _pilot_for_change(request, pk)
    form = ApprovalForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_registries.pilot_approve(actor=request.user, pilot=pilot, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The approval decision was recorded; the pilot counts as completed."))
            return redirect("programme:pilot", pk=pk)
    return pilot_detail(request, pk, forms={"approval": form}, status=400)


@login_required
def pilot_evidence_download(request, evidence_id: int):
    evidence = selectors_registries.pilot_evidence_for_view(request.user, evidence_id)
    return serve_file(
        request,
        evidence.file,
        content_type=evidence.mime_type,
        download_name=evidence.original_name,
        attachment=True,
    )


@login_required
def pilot_approval_download(request, pk: int):
    """The stored approval decision (a PDF: the only type the approval form takes) of a pilot the user reads."""
    pilot = selectors_registries.pilot_approval_for_view(request.user, pk)
    name = slugify(pilot.approval_number) or str(pilot.pk)
    return serve_file(
        request,
        pilot.approval_document,
        content_type="application/pdf",
        download_name=f"quyet-dinh-{name}.pdf",
        attachment=True,
    )
