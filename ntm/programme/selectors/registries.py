"""Reads of the programme registries (cooperatives, linkage models, online services, managers, training
courses, pilots) within the user's scope; who may read or keep them is in ``access``."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.permissions import PROGRAMME
from ntm.core.scoping import CHANGE, VIEW
from ntm.programme import filters
from ntm.programme.models import (
    Attendance,
    CourseAudience,
    CourseUnitAttendance,
    LinkageModel,
    Manager,
    OnlineService,
    PilotEvidence,
    PilotModel,
    TrainingCourse,
)
from ntm.programme.selectors.access import (
    COORDINATOR_ROLES,
    REGISTRY_EDITOR_ROLES,
    has_any_role,
    is_coordinator,
    require,
    require_registry_reader,
)
from ntm.traceability import selectors as traceability_selectors
from ntm.traceability.models import AreaStatus
from ntm.units.models import AdministrativeUnit


def editable_units(user, *, roles=REGISTRY_EDITOR_ROLES):
    """Units the user may keep rows for: their commune (commune officers); for the coordinator, every unit of the
    province, including the units of the former provinces it took over (pilots of Plan 202 name old communes)."""
    units = AdministrativeUnit.objects.restrict(user, CHANGE, roles=roles, area=PROGRAMME)
    if Role.PROVINCE_COORDINATOR in roles and is_coordinator(user):
        units = units | AdministrativeUnit.objects.restrict(
            user, VIEW, roles=COORDINATOR_ROLES, area=PROGRAMME
        )
    return units.order_by("structure", "name")


def registry_rows(user, model, params=None):
    """Rows of a registry model the user may read, filtered by the registry's FilterSet."""
    require_registry_reader(user)
    rows = model.objects.restrict(user, VIEW, area=PROGRAMME).select_related("unit")
    if model is LinkageModel:
        rows = rows.select_related("cooperative").prefetch_related("growing_areas")
    if model is OnlineService:
        rows = rows.select_related("feedback_campaign")
    if model is Manager:
        rows = rows.select_related("organisation").annotate(
            completed_courses=Count("attendances", filter=Q(attendances__completed=True))
        )
    if model is TrainingCourse:
        rows = rows.annotate(
            attendee_count=Count("attendances"),
            completed_count=Count("attendances", filter=Q(attendances__completed=True)),
        )
    filterset = filters.FILTERS[model](params or {}, queryset=rows.order_by(*model._meta.ordering, "pk"))
    return filterset.qs, filterset


def registry_row_for_view(user, model, pk: int):
    require_registry_reader(user)
    return get_object_or_404(model.objects.restrict(user, VIEW, area=PROGRAMME).select_related("unit"), pk=pk)


def registry_row_for_change(user, model, pk: int, *, roles=REGISTRY_EDITOR_ROLES):
    """A row the user may change: 404 outside the scope, 403 for a role that never changes this registry."""
    require(has_any_role(user, roles), _("Your role may not change this registry."))
    rows = model.objects.filter(unit__in=editable_units(user, roles=roles).values("pk")).select_related(
        "unit"
    )
    return get_object_or_404(rows, pk=pk)


def course_attendances(course: TrainingCourse):
    return (
        Attendance.objects.filter(course=course)
        .select_related("manager__unit")
        .order_by("manager__full_name")
    )


def course_unit_attendances(course: TrainingCourse):
    return CourseUnitAttendance.objects.filter(course=course).select_related("unit").order_by("unit__name")


def units_for_course_attendance(course: TrainingCourse):
    """The units under the organising unit of the course (current structure), for counting attendance by unit."""
    return AdministrativeUnit.objects.filter(
        tree_path__startswith=course.unit.tree_path, structure=course.unit.structure
    ).order_by("tree_path")


def training_counts_by_year(user) -> list[dict]:
    """Per year (newest first): courses by audience, officers and residents counted by unit, managers who
    completed a course; within the user's scope (the courses of units the user reads)."""
    require_registry_reader(user)
    courses = TrainingCourse.objects.restrict(user, VIEW, area=PROGRAMME)
    years: dict[int, dict] = {}

    def year_row(year: int) -> dict:
        return years.setdefault(
            year,
            {
                "year": year,
                "courses": 0,
                **{f"courses_{value}": 0 for value in CourseAudience.values},
                "officers": 0,
                "residents": 0,
                "units": set(),
                "managers": 0,
            },
        )

    for row in courses.values("starts_on__year", "audience").annotate(n=Count("pk")):
        entry = year_row(row["starts_on__year"])
        entry["courses"] += row["n"]
        entry[f"courses_{row['audience']}"] += row["n"]
    unit_rows = CourseUnitAttendance.objects.filter(course__in=courses.values("pk")).values(
        "course__starts_on__year", "unit_id", "officers", "residents"
    )
    for row in unit_rows:
        entry = year_row(row["course__starts_on__year"])
        entry["officers"] += row["officers"]
        entry["residents"] += row["residents"]
        entry["units"].add(row["unit_id"])
    managers = (
        Attendance.objects.filter(course__in=courses.values("pk"), completed=True)
        .values("course__starts_on__year")
        .annotate(n=Count("manager", distinct=True))
    )
    for row in managers:
        year_row(row["course__starts_on__year"])["managers"] = row["n"]
    result = []
    for year in sorted(years, reverse=True):
        entry = years[year]
        entry["units"] = len(entry["units"])
        result.append(entry)
    return result


def managers_for_attendance(user):
    """Active managers in the user's scope (for adding attendance)."""
    return (
        Manager.objects.restrict(user, VIEW, area=PROGRAMME)
        .filter(is_active=True)
        .select_related("unit")
        .order_by("unit__name", "full_name")
    )


def pilot_detail(user, pk: int) -> PilotModel:
    require_registry_reader(user)
    return get_object_or_404(
        PilotModel.objects.restrict(user, VIEW, area=PROGRAMME)
        .select_related("unit")
        .prefetch_related(
            "milestones",
            Prefetch(
                "evidence",
                queryset=PilotEvidence.objects.filter(is_active=True).select_related("uploaded_by"),
            ),
        ),
        pk=pk,
    )


def pilot_evidence_for_view(user, evidence_id: int) -> PilotEvidence:
    require_registry_reader(user)
    return get_object_or_404(
        PilotEvidence.objects.restrict(user, VIEW, area=PROGRAMME).filter(is_active=True), pk=evidence_id
    )


def pilot_approval_for_view(user, pk: int) -> PilotModel:
    """A pilot whose approval decision file the user may read (its readers are the pilot page's); 404 otherwise or
    when no file was stored."""
    require_registry_reader(user)
    return get_object_or_404(
        PilotModel.objects.restrict(user, VIEW, area=PROGRAMME).exclude(approval_document=""), pk=pk
    )


def linkable_growing_areas(user):
    """The growing areas a linkage model may point to: those with a code (in force or suspended) that the user sees
    in the traceability register."""
    return (
        traceability_selectors.areas_for(user)
        .exclude(code="")
        .filter(status__in=(AreaStatus.ACTIVE, AreaStatus.SUSPENDED))
        .order_by("unit__name", "name")
    )


def linkages_of_area(area_id: int) -> list[dict]:
    """The linkage models pointing to a growing area, for its page (``ntm.traceability.links``); the page is
    already scoped to the area."""
    rows = LinkageModel.objects.filter(growing_areas=area_id).select_related("unit").order_by("name")
    return [
        {"name": row.name, "unit": row.unit.name, "key_product": row.key_product, "partner": row.partner}
        for row in rows
    ]
