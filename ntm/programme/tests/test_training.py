"""Training for everyone (Plan 202 IV.1.d): courses for officers and residents, attendance by unit, counts per year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ntm.core.exceptions import ServiceError
from ntm.programme.models import Attendance, CourseAudience, CourseUnitAttendance, Manager, TrainingCourse
from ntm.programme.selectors.registries import training_counts_by_year
from ntm.programme.services import registries as services

pytestmark = pytest.mark.django_db


def course(cast, audience=CourseAudience.OFFICERS, year=2025, title="Tập huấn"):
    return services.training_course_save(
        actor=cast.coordinator,
        course=None,
        data={
            "unit": cast.province,
            "title": title,
            "organiser": "VPĐP",
            "topic": "",
            "audience": audience,
            "starts_on": dt.date(year, 4, 8),
            "ends_on": dt.date(year, 4, 9),
            "location": "",
            "note": "",
        },
    )


def test_a_course_without_an_audience_is_for_officers(cast):
    """Courses recorded before the audience existed keep working: the column defaults to officers."""
    row = TrainingCourse.objects.create(
        unit=cast.province,
        title="Cũ",
        organiser="VPĐP",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 1, 2),
    )
    assert row.audience == CourseAudience.OFFICERS


def test_attendance_by_unit_follows_the_audience(cast):
    officers = course(cast)
    residents = course(cast, CourseAudience.RESIDENTS)
    with pytest.raises(ServiceError):
        services.course_unit_attendance_set(
            actor=cast.coordinator, course=officers, unit=cast.commune_a, officers=2, residents=5
        )
    with pytest.raises(ServiceError):
        services.course_unit_attendance_set(
            actor=cast.coordinator, course=residents, unit=cast.commune_a, officers=0, residents=0
        )
    services.course_unit_attendance_set(
        actor=cast.coordinator, course=residents, unit=cast.commune_a, officers=0, residents=40
    )
    row = services.course_unit_attendance_set(
        actor=cast.coordinator, course=residents, unit=cast.commune_a, officers=0, residents=42
    )
    assert CourseUnitAttendance.objects.get().residents == 42 == row.total


def test_counts_per_year(cast, client_as):
    first = course(cast, year=2024)
    mixed = course(cast, CourseAudience.MIXED, title="Chung")
    residents = course(cast, CourseAudience.RESIDENTS, title="Người dân")
    services.course_unit_attendance_set(
        actor=cast.coordinator, course=first, unit=cast.commune_a, officers=3, residents=0
    )
    services.course_unit_attendance_set(
        actor=cast.coordinator, course=mixed, unit=cast.commune_a, officers=2, residents=10
    )
    services.course_unit_attendance_set(
        actor=cast.coordinator, course=residents, unit=cast.commune_b, officers=0, residents=30
    )
    manager = Manager.objects.create(unit=cast.commune_a, full_name="Trần A", position="Phó Chủ tịch")
    Attendance.objects.create(course=mixed, manager=manager, completed=True)
    rows = {row["year"]: row for row in training_counts_by_year(cast.auditor)}
    assert (
        rows[2025]["courses"] == 2
        and rows[2025]["courses_mixed"] == 1
        and rows[2025]["courses_residents"] == 1
    )
    assert (rows[2025]["officers"], rows[2025]["residents"], rows[2025]["units"], rows[2025]["managers"]) == (
        2,
        40,
        2,
        1,
    )
    assert (rows[2024]["courses_officers"], rows[2024]["officers"], rows[2024]["residents"]) == (1, 3, 0)
    page = client_as(cast.coordinator).get(reverse("programme:courses_by_year"))
    assert page.status_code == 200 and "2024" in page.content.decode()
    detail = client_as(cast.coordinator).get(reverse("programme:course", args=[mixed.pk])).content.decode()
    assert "Xã Long Phước" in detail
    # The attendance by unit is shown once, in the page's body (not in its <title> or <head>).
    assert detail.count("Tham dự theo đơn vị") == 1
    title = detail[detail.index("<title>") : detail.index("</title>")]
    assert "<section" not in title


def test_the_coordinator_records_unit_attendance_on_the_page(cast, client_as):
    residents = course(cast, CourseAudience.RESIDENTS)
    url = reverse("programme:course_unit_attendance", args=[residents.pk])
    response = client_as(cast.coordinator).post(
        url, {"unit": cast.commune_a.pk, "officers": 0, "residents": 25, "note": ""}
    )
    assert response.status_code == 302
    assert CourseUnitAttendance.objects.get().residents == 25
