"""Indicator values: entry, validation, evidence, verification thread, scoping, evaluation recomputed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.accounts.models import Organisation
from ntm.assessment.models import Evidence, IndicatorValue, ValueEvent
from ntm.assessment.selectors import assessments
from ntm.assessment.services import value_set
from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access, rows_of
from ntm.units.models import UnitYearAttribute

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def sets(cast):
    criteria_sets_load_shipped()
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    # In the shipped commune set, 3.1 (≥ 80% irrigated land) belongs to the agriculture department.
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    return assessments.set_version(SET)


def unit_url(unit, year=2025):
    return reverse("assessment:unit", args=[unit.structure, unit.code]) + f"?year={year}&set={SET}"


def save(client, unit, code, value, note="", year=2025):
    url = reverse("assessment:criterion_save", args=[unit.structure, unit.code, code.rsplit(".", 1)[0]])
    return client.post(url, {f"{code}-value": value, f"{code}-note": note, "year": year, "set": SET})


@pytest.mark.sqlite_journey
def test_commune_enters_department_returns_commune_answers_department_verifies(client_as, cast, sets):
    officer = client_as(cast.officer_a)
    save(officer, cast.commune_a, "3.1", "79,5", "Theo báo cáo thủy lợi 2025")
    value = IndicatorValue.objects.get(indicator_code="3.1")
    assert value.value == 79.5 and value.department == "SNNMT" and value.status == "entered"
    page = officer.get(unit_url(cast.commune_a)).content.decode()
    assert 'id="ind-3.1"' in page and "Chưa đạt" in page

    pdf = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    officer.post(reverse("assessment:evidence_add", args=[value.pk]), {"file": pdf})
    assert value.evidence.get().original_name == "bien-ban.pdf"

    department = client_as(cast.department)
    department.post(
        reverse("assessment:value_return", args=[value.pk]), {"comment": "Thiếu bản đồ tưới tiêu"}
    )
    value.refresh_from_db()
    assert value.status == "returned"

    save(client_as(cast.officer_a), cast.commune_a, "3.1", "82", "Đã bổ sung số liệu vụ Đông Xuân")
    value.refresh_from_db()
    assert value.status == "answered" and value.value == 82
    client_as(cast.department).post(reverse("assessment:value_verify", args=[value.pk]))
    value.refresh_from_db()
    assert value.status == "verified" and value.verified_by == cast.department
    kinds = list(ValueEvent.objects.filter(value=value).values_list("kind", flat=True))
    assert kinds == ["entered", "evidence", "returned", "answered", "verified"]
    assert AuditEntry.objects.filter(action__startswith="indicator_value.").count() == 4
    result = assessments.assess_units([cast.commune_a], 2025, sets)[0].evaluation.indicator("3.1")
    assert result.status == "met"


def test_bad_values_are_refused_and_change_nothing(cast, sets):
    for value, message in ((140, "0-100"), (True, "số"), (-3, "0")):
        with pytest.raises(ServiceError, match=message):
            value_set(
                unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=value, actor=None
            )
    with pytest.raises(ServiceError, match="không có trong bộ tiêu chí"):
        value_set(unit=cast.commune_a, year=2025, set_code=SET, indicator_code="99.9", value=1, actor=None)
    with pytest.raises(ServiceError, match="ngoài giai đoạn"):
        value_set(unit=cast.commune_a, year=2030, set_code=SET, indicator_code="3.1", value=90, actor=None)
    with pytest.raises(ServiceError, match="không phải đối tượng"):
        value_set(unit=cast.commune_b, year=2025, set_code=SET, indicator_code="3.1", value=90, actor=None)
    assert not IndicatorValue.objects.exists()


def test_only_the_responsible_department_verifies(client_as, cast, sets):
    value = value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=cast.officer_a
    )
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SYT")
    cast.department.__dict__.pop("_active_roles", None)
    response = client_as(cast.department).post(reverse("assessment:value_verify", args=[value.pk]))
    assert response.status_code == 403
    value.refresh_from_db()
    assert value.status == "entered"


def test_verify_twice_is_a_state_conflict(cast, sets):
    from ntm.assessment.services import value_verify

    value = value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=None
    )
    value_verify(value=value, actor=cast.department)
    with pytest.raises(StateConflict):
        value_verify(value=value, actor=cast.department)


def test_out_of_scope_units_and_values_answer_404(client_as, cast, sets):
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    value = value_set(unit=other, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=None)
    officer = client_as(cast.officer_a)
    written = rows_of(IndicatorValue, ValueEvent, Evidence, AuditEntry)
    before = written()
    assert officer.get(unit_url(other)).status_code == 404
    assert save(officer, other, "3.1", "90").status_code == 404
    assert (
        officer.post(reverse("assessment:value_answer", args=[value.pk]), {"comment": "x"}).status_code == 404
    )
    assert (
        client_as(cast.officer_b).post(reverse("assessment:evidence_add", args=[value.pk])).status_code == 404
    )
    assert written() == before  # no value, answer, evidence or audit entry was written


def test_unit_page_permission_matrix(client_as, cast, sets):
    assert_access(
        client_as,
        cast,
        unit_url(cast.commune_a),
        {
            "coordinator": 200,
            "officer_a": 200,
            "officer_b": 404,
            "department": 200,
            "auditor": 200,
            "anonymous": 302,
        },
    )


def test_auditor_and_department_cannot_enter_values(client_as, cast, sets):
    for member in (cast.auditor, cast.department):
        assert save(client_as(member), cast.commune_a, "3.1", "90").status_code == 403
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("content", "refusal"),
    [(b"MZ\x90\x00\x03 binary", "không đúng loại"), (b"%PDF-1.4\n" + b" " * 2048, "quá lớn")],
)
def test_fake_or_oversized_evidence_is_refused(client_as, cast, sets, settings, content, refusal):
    settings.NTM_MAX_UPLOAD_BYTES = 1024
    value = value_set(
        unit=cast.commune_a, year=2025, set_code=SET, indicator_code="3.1", value=85, actor=None
    )
    fake = SimpleUploadedFile("virus.pdf", content, content_type="application/pdf")
    response = client_as(cast.officer_a).post(
        reverse("assessment:evidence_add", args=[value.pk]), {"file": fake}, follow=True
    )
    assert refusal in response.content.decode()
    assert not value.evidence.exists()


def test_evidence_downloads_with_its_stored_type_only_in_scope(client_as, cast, sets):
    save(client_as(cast.officer_a), cast.commune_a, "3.1", "80")
    value = IndicatorValue.objects.get(indicator_code="3.1")
    for _ in range(2):
        upload = SimpleUploadedFile("bien-ban.html", PDF, content_type="text/html")
        client_as(cast.officer_a).post(reverse("assessment:evidence_add", args=[value.pk]), {"file": upload})
    first, second = value.evidence.all()
    assert first.file.name != second.file.name and "bien-ban" not in first.file.name
    assert first.file.name.startswith("evidence/") and first.file.name.endswith(".pdf")
    url = reverse("assessment:evidence", args=[first.pk])
    response = client_as(cast.officer_a).get(url)
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.html"'
    assert client_as(cast.officer_b).get(url).status_code == 404
    anonymous = client_as(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
