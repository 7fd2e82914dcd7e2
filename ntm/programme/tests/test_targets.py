"""Targets as data: loading the plan, computing actuals from the system against hand-worked examples, targets
added on the page, reported figures with evidence, and the progress pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.programme.measure import Measurer
from ntm.programme.models import (
    Cooperative,
    LinkageModel,
    Manager,
    PilotModel,
    PlanTask,
    ReportedActual,
    Target,
    TargetPlan,
    TrainingCourse,
)
from ntm.programme.services import registries as services_registries
from ntm.programme.services import targets as services_targets
from ntm.programme.services.targets import TargetData
from ntm.programme.tests.factories import (
    load_plan,
    ntm_campaign,
    old_dong_nai,
    pdf_upload,
    service_campaign,
    target,
    value,
)
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def test_loading_the_plan_is_idempotent_and_keeps_what_the_coordinator_changed(cast):
    old = old_dong_nai(cast)
    first = services_targets.programme_load_shipped()
    assert [(r.code, r.status) for r in first] == [("ke-hoach-202", "created")]
    plan = TargetPlan.objects.get()
    assert plan.targets.count() == 17 and plan.tasks.count() == 17
    # the pilots whose old commune exists are seeded (Bình Lợi's unit is not imported here)
    assert set(PilotModel.objects.values_list("unit__code", flat=True)) == {"26413", "26464"}
    bao_hoa = PilotModel.objects.get(unit=old.old_bao_hoa)
    assert "Xuân Định" in bao_hoa.note and bao_hoa.provenance == "confirmed"
    assert bao_hoa.name.startswith("Thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh")
    edited = target("KH202-09")
    edited.target_value = Decimal(75)
    edited.save()
    again = services_targets.programme_load_shipped()
    assert [r.status for r in again] == ["unchanged"]
    assert target("KH202-09").target_value == Decimal(75)  # the database stays the source of truth
    assert AuditEntry.objects.filter(action="programme.plan_load").count() == 1


def test_a_changed_plan_file_only_adds_new_codes(cast, tmp_path):
    load_plan()
    source = (services_targets.planfile.PLANS_DIR / "plan-202.toml").read_text(encoding="utf-8")
    changed = (
        source.replace('text = "100% số xã đạt chỉ tiêu 8.4', 'text = "ĐÃ SỬA 8.4', 1)
        + """
[[targets]]
code = "KH202-99"
text = "Chỉ tiêu mới (thử)"
measure = "Thử"
measure_unit = "count"
target_value = 1
deadline = 2026-12-31
year = 2026
method = "pilots_completed"
params = { kind = "outstanding_field" }
basis = { structure = "2025", province = "75", level = "province", as_of = 2025-07-01 }
provenance = "unconfirmed"
source = "KH 202/KH-UBND, mục II.2 (kiểm thử)"
"""
    )
    path = tmp_path / "plan-202.toml"
    path.write_text(changed, encoding="utf-8")
    result = services_targets.programme_load_shipped(paths=[path])
    assert result[0].status == "updated" and result[0].added == 1
    assert target("KH202-01").text.startswith("100%")
    assert Target.objects.filter(code="KH202-99").exists()


def test_a_plan_naming_an_unknown_indicator_loads_nothing(db, tmp_path):
    source = (services_targets.planfile.PLANS_DIR / "plan-202.toml").read_text(encoding="utf-8")
    path = tmp_path / "plan.toml"
    path.write_text(source.replace('indicator_code = "9.5"', 'indicator_code = "9.9"'), encoding="utf-8")
    with pytest.raises(ServiceError) as caught:
        services_targets.programme_load_shipped(paths=[path])
    assert "huyen-ntm-2021-2025 không có chỉ tiêu 9.9" in " ".join(caught.value.detail)
    assert not TargetPlan.objects.exists() and not PlanTask.objects.exists()


def test_a_broken_shipped_set_file_is_refused_by_name_not_passed_over(cast, tmp_path, monkeypatch):
    broken = tmp_path / "xa-ntm-2021-2025.toml"
    broken.write_text('schema = 1\ncode = "xa-ntm-2021-2025"\n', encoding="utf-8")
    plan = load_plan()  # the real set files: the plan itself loads
    monkeypatch.setattr(services_targets, "shipped_set_paths", lambda: [broken])
    before = Target.objects.count()
    data = TargetData(
        code="KH2026-09",
        section="II",
        text="Chỉ tiêu mới",
        measure="Tỷ lệ xã đạt 8.4",
        measure_unit="percent",
        target_value=Decimal(90),
        comparison=">=",
        deadline=dt.date(2026, 12, 31),
        year=2026,
        method="indicator_share",
        params={"set_code": "xa-ntm-2021-2025", "indicator_code": "8.4"},
        basis_structure="2025",
        basis_province="75",
        basis_level="commune",
        basis_unit_types=("xa",),
        basis_as_of=dt.date(2025, 7, 1),
        provenance="unconfirmed",
        source="Kế hoạch năm 2026 (thử)",
    )
    with pytest.raises(ServiceError) as caught:
        services_targets.target_create(actor=cast.coordinator, plan=plan, data=data)
    assert "xa-ntm-2021-2025.toml" in caught.value.message
    assert any("thiếu" in problem for problem in caught.value.detail)  # the loader's own problems, in full
    assert Target.objects.count() == before


def test_indicator_share_on_old_communes_converted_through_the_lineage(cast):
    """Hand-worked: the old province has three xã (and a township, outside the basis).
    Old Long Phước has no own value → its successor Xã Long Phước has 8.4 = Đạt → met (converted).
    Old Bảo Hoà has no own value → its successor Xã Xuân Định has 8.4 = Không → not met (converted).
    Old Xuân Định has its own (historical) value 8.4 = Đạt → met.
    → 2/3 = 66.7%, denominator stated as the 3 communes of the former province."""
    criteria_sets_load_shipped()
    old = old_dong_nai(cast)
    load_plan()
    value(cast.commune_a, "xa-ntm-2021-2025", "8.4", True)
    value(old.new_xuan_dinh, "xa-ntm-2021-2025", "8.4", False)
    value(old.old_xuan_dinh, "xa-ntm-2021-2025", "8.4", True)
    result = Measurer(today=TODAY).result(target("KH202-01"))
    assert (result.actual.numerator, result.actual.denominator, result.value) == (2, 3, 66.7)
    assert "3 xã" in result.denominator_label and "Tỉnh Đồng Nai cũ" in result.denominator_label
    lines = {line.label: line for line in result.actual.lines}
    assert lines["Xã Long Phước"].derived and lines["Xã Long Phước"].counted
    assert lines["Xã Bảo Hoà"].derived and not lines["Xã Bảo Hoà"].counted
    assert not lines["Xã Xuân Định"].derived and lines["Xã Xuân Định"].counted
    assert result.status == "missed"  # 66.7% < 100% and the deadline (31/12/2025) has passed
    assert result.warnings == []


def test_district_targets_on_placeholder_indicators_say_so_and_compute_nothing(cast):
    criteria_sets_load_shipped()
    old_dong_nai(cast)
    load_plan()
    result = Measurer(today=TODAY).result(target("KH202-04"))
    assert result.value is None and result.status == "no_data"
    assert result.actual.denominator == 2  # the two old districts
    assert any("9.5" in w and "giữ chỗ" in w for w in result.warnings)
    assert any("Không còn cấp huyện từ 1/7/2025" in w for w in result.warnings)
    assert "Cấp huyện không còn từ 1/7/2025" in target("KH202-04").note
    assert "giữ chỗ" in target("KH202-03").note  # 15.2 of the advanced set is a placeholder too


def test_registry_targets_against_hand_worked_examples(cast):
    """Everything is measured on the former province's units (structure before 1/7/2025).
    Cooperatives (old xã: Long Phước, Bảo Hoà, Xuân Định; the township is outside the basis): one in new Long Phước
    → old Long Phước (converted), one registered at old Bảo Hoà → 2/3.
    Linkage models (old districts Long Thành, Xuân Lộc): one in new Long Phước → Long Thành (converted), one at old
    Xuân Định → Xuân Lộc → 2/2; of the two models one is recorded as tied to a digital raw-material area → 1/2.
    Managers: one in new Long Phước (trained), one in a ward that succeeds no unit of the former province (never
    counted) → 1/1."""
    old = old_dong_nai(cast)
    load_plan()
    actor = cast.coordinator
    Cooperative.objects.create(unit=cast.commune_a, name="HTX Long Phước", established_on=dt.date(2019, 1, 1))
    Cooperative.objects.create(unit=old.old_bao_hoa, name="HTX Bảo Hòa")
    LinkageModel.objects.create(
        unit=cast.commune_a,
        name="Sầu riêng",
        key_product="Sầu riêng",
        raw_material_area="Vùng A",
        digital_technology="QR",
        digital_raw_material_area=True,
    )
    LinkageModel.objects.create(
        unit=old.old_xuan_dinh,
        name="Tiêu",
        key_product="Tiêu",
        raw_material_area="Vùng B",
        digital_technology="",
    )
    trained = Manager.objects.create(unit=cast.commune_a, full_name="Trần A", position="Phó Chủ tịch")
    Manager.objects.create(unit=cast.commune_b, full_name="Lê B", position="Chủ tịch")
    course = TrainingCourse.objects.create(
        unit=cast.province,
        title="Tập huấn",
        organiser="VPĐP",
        starts_on=dt.date(2025, 4, 8),
        ends_on=dt.date(2025, 4, 10),
    )
    services_registries.attendance_set(actor=actor, course=course, manager=trained, completed=True)

    measurer = Measurer(today=TODAY)
    figures = {
        code: (r.actual.numerator, r.actual.denominator)
        for code in ("KH202-09", "KH202-10", "KH202-11", "KH202-08")
        for r in [measurer.result(target(code))]
    }
    assert figures == {"KH202-09": (2, 3), "KH202-10": (2, 2), "KH202-11": (1, 2), "KH202-08": (1, 1)}
    cooperatives = measurer.result(target("KH202-09"))
    assert cooperatives.value == 66.7 and cooperatives.status == "missed"
    long_phuoc = next(line for line in cooperatives.actual.lines if line.label == "Xã Long Phước")
    assert long_phuoc.derived and long_phuoc.records == ("HTX Long Phước",)
    assert "3 xã" in cooperatives.denominator_label


def test_the_40_percent_target_needs_a_service_and_an_online_survey_on_ntm_results(cast):
    """II.2.c, hand-worked on 3 old xã + 2 old districts = 5 units.
    New Long Phước (successor of old Long Phước) has a health service and a closed NTM-results survey answered
    online → old Long Phước counted (converted). Old Xuân Định has a service and only a service-feedback campaign
    → not counted. Old Bảo Hoà has a closed NTM-results survey but no service → not counted. The district of
    Long Thành has its own service and its own survey → counted; Xuân Lộc gets nothing from its communes.
    → 2/5 = 40%."""
    old = old_dong_nai(cast)
    load_plan()
    actor = cast.coordinator

    def service(unit, name):
        services_registries.online_service_save(
            actor=actor,
            service=None,
            data={
                "unit": unit,
                "field": "health",
                "name": name,
                "url": "https://example.org/" + unit.code,
                "started_on": dt.date(2024, 1, 1),
            },
        )

    service(cast.commune_a, "Đặt lịch khám")
    ntm_campaign(cast.commune_a, actor, online=12)
    service(old.old_xuan_dinh, "Tra cứu hồ sơ")
    service_campaign(old.old_xuan_dinh, actor, online=30)
    ntm_campaign(old.old_bao_hoa, actor, online=5)
    service(old.long_thanh, "Cổng phản ánh")
    ntm_campaign(old.long_thanh, actor, online=40)

    result = Measurer(today=TODAY).result(target("KH202-07"))
    assert (result.actual.numerator, result.actual.denominator, result.value) == (2, 5, 40.0)
    assert result.status == "met"
    lines = {line.label: line for line in result.actual.lines}
    assert lines["Xã Long Phước"].counted and lines["Xã Long Phước"].derived
    assert not lines["Xã Xuân Định"].counted
    assert (
        "kết quả xây dựng NTM" in lines["Xã Xuân Định"].detail
        or "NTM results" in lines["Xã Xuân Định"].detail
    )
    assert not lines["Xã Bảo Hoà"].counted and lines["Xã Bảo Hoà"].detail in (
        "Chưa có dịch vụ thiết yếu trực tuyến",
        "No essential online service",
    )
    assert lines["Huyện Long Thành"].counted and not lines["Huyện Long Thành"].derived
    assert not lines["Huyện Xuân Lộc"].counted
    assert "3 xã và 2 đơn vị cấp huyện" in result.denominator_label


def test_pilots_count_once_the_approval_decision_is_recorded(cast):
    old = old_dong_nai(cast)
    load_plan()
    measurer = Measurer(today=TODAY)
    before = measurer.result(target("KH202-12"))
    assert (before.actual.numerator, before.actual.denominator) == (0, 2)
    pilot = PilotModel.objects.get(unit=old.old_long_phuoc)
    services_registries.pilot_approve(
        actor=cast.coordinator, pilot=pilot, number="123/QĐ-UBND", date=dt.date(2025, 10, 1), body="UBND tỉnh"
    )
    after = Measurer(today=TODAY).result(target("KH202-12"))
    assert (after.actual.numerator, after.value) == (1, 1.0)


def test_target_added_on_the_page_and_an_unknown_indicator_refused(cast):
    criteria_sets_load_shipped()
    plan = load_plan()
    data = TargetData(
        code="KH2026-01",
        section="II",
        text="Chỉ tiêu mới",
        measure="Tỷ lệ xã đạt 8.4",
        measure_unit="percent",
        target_value=Decimal(90),
        comparison=">=",
        deadline=dt.date(2026, 12, 31),
        year=2026,
        method="indicator_share",
        params={"set_code": "xa-ntm-2021-2025", "indicator_code": "8.4"},
        basis_structure="2025",
        basis_province="75",
        basis_level="commune",
        basis_unit_types=("xa",),
        basis_as_of=dt.date(2025, 7, 1),
        provenance="unconfirmed",
        source="Kế hoạch năm 2026 (thử)",
    )
    created = services_targets.target_create(actor=cast.coordinator, plan=plan, data=data)
    assert created.origin == "ui" and created.created_by == cast.coordinator
    bad = TargetData(
        **{
            **data.__dict__,
            "code": "KH2026-02",
            "params": {"set_code": "xa-ntm-2021-2025", "indicator_code": "8.9"},
        }
    )
    with pytest.raises(ServiceError, match=r"không có chỉ tiêu 8\.9"):
        services_targets.target_create(actor=cast.coordinator, plan=plan, data=bad)
    assert not Target.objects.filter(code="KH2026-02").exists()
    with pytest.raises(ServiceError, match=r"already has a target|đã có chỉ tiêu"):
        services_targets.target_create(actor=cast.coordinator, plan=plan, data=data)


def test_reported_figures_need_evidence_and_a_numerator_not_above_the_denominator(cast):
    load_plan()
    reported = target("KH202-16")
    with pytest.raises(ServiceError, match=r"Tử số \(70\) lớn hơn mẫu số \(60\)"):
        services_targets.reported_actual_add(
            actor=cast.coordinator,
            target=reported,
            as_of=dt.date(2025, 12, 31),
            numerator=70,
            denominator=60,
            evidence=pdf_upload(),
        )
    with pytest.raises(ServiceError):
        services_targets.reported_actual_add(
            actor=cast.coordinator,
            target=target("KH202-01"),
            as_of=dt.date(2025, 12, 31),
            numerator=1,
            denominator=2,
            evidence=pdf_upload(),
        )
    assert not ReportedActual.objects.exists()
    services_targets.reported_actual_add(
        actor=cast.coordinator,
        target=reported,
        as_of=dt.date(2025, 12, 31),
        numerator=48,
        denominator=60,
        evidence=pdf_upload(),
    )
    result = Measurer(today=TODAY).result(reported)
    assert (result.actual.numerator, result.actual.denominator, result.value, result.status) == (
        48,
        60,
        80.0,
        "met",
    )


def test_progress_page_permission_matrix(client_as, cast):
    load_plan()
    url = reverse("programme:progress")
    assert_access(
        client_as,
        cast,
        url,
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 200,  # the programme area admits commune officers: they follow the province's targets
            "officer_b": 200,
            "anonymous": 302,
        },
    )
    page = client_as(cast.coordinator).get(url).content.decode()
    assert 'id="progress-chart"' in page and 'id="targets-table"' in page and "KH202-17" in page
    assert "KH 202/KH-UBND</a> ngày 18/8/2023, mục II.2.a" in page
    assert "Đã xác nhận" in page or "đã xác nhận" in page
    export = client_as(cast.auditor).get(reverse("programme:progress_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_target_pages_permission_matrix(client_as, cast):
    load_plan()
    reported = target("KH202-14")
    assert_access(
        client_as,
        cast,
        reverse("programme:target", args=[reported.pk]),
        {
            "coordinator": 200,
            "department": 200,
            "auditor": 200,
            "officer_a": 404,  # a province target's units and records: outside a commune's scope
            "officer_b": 404,
            "anonymous": 302,
        },
    )
    coordinator_only = {
        "coordinator": 200,
        "department": 403,
        "auditor": 403,
        "officer_a": 403,
        "officer_b": 403,
        "anonymous": 302,
    }
    assert_access(client_as, cast, reverse("programme:target_create"), coordinator_only)
    # On a target id, a role that may not edit it gets 404 (the permission matrix's convention for ids).
    coordinator_only_id = {
        **coordinator_only,
        "department": 404,
        "auditor": 404,
        "officer_a": 404,
        "officer_b": 404,
    }
    assert_access(client_as, cast, reverse("programme:target_edit", args=[reported.pk]), coordinator_only_id)
    assert_access(
        client_as,
        cast,
        reverse("programme:target", args=[99999]),
        {
            "coordinator": 404,
            "department": 404,
            "auditor": 404,
            "officer_a": 404,
            "officer_b": 404,
            "anonymous": 302,
        },
    )


@pytest.mark.sqlite_journey
def test_coordinator_enters_reported_figures_on_the_page_and_bad_input_changes_nothing(client_as, cast):
    load_plan()
    reported = target("KH202-14")
    client = client_as(cast.coordinator)
    url = reverse("programme:reported_add", args=[reported.pk])
    bad = client.post(
        url, {"as_of": "2025-12-31", "numerator": 95, "denominator": 90, "evidence": pdf_upload()}
    )
    assert bad.status_code == 400
    assert "Tử số (95) lớn hơn mẫu số (90)" in bad.content.decode()
    not_a_document = client.post(
        url,
        {
            "as_of": "2025-12-31",
            "numerator": 5,
            "denominator": 9,
            "evidence": pdf_upload("x.pdf").__class__(
                "x.pdf", b"MZ not a pdf", content_type="application/pdf"
            ),
        },
    )
    assert not_a_document.status_code == 400 and "không đúng loại" in not_a_document.content.decode()
    assert not ReportedActual.objects.exists()
    good = client.post(
        url, {"as_of": "2025-12-31", "numerator": 81, "denominator": 90, "evidence": pdf_upload()}
    )
    assert good.status_code == 302
    page = client.get(reverse("programme:target", args=[reported.pk])).content.decode()
    assert "90,0%" in page and "81/90" in page
    assert client_as(cast.department).post(url, {}).status_code == 404  # a target id it may not change
    assert ReportedActual.objects.count() == 1


def test_single_indicator_status_equals_the_full_assessment(cast):
    """The per-indicator evaluation used for targets gives the same status as assess_units for every indicator."""
    import random

    from ntm.assessment.selectors.assessments import assess_units, set_version
    from ntm.programme.indicator_status import indicator_statuses
    from ntm.units.models import UnitYearAttribute

    criteria_sets_load_shipped()
    rng = random.Random(7)
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    for set_code in ("xa-ntm-2021-2025", "xa-nang-cao-2021-2025"):
        version = set_version(set_code)
        codes = []
        for _group, indicator in version.criteria_set().iter_indicators():
            if not indicator.is_entered or indicator.kind == "unknown":
                continue
            raw = {
                "boolean": rng.random() < 0.6,
                "percentage": round(rng.uniform(50, 100), 1),
                "count": rng.randint(0, 5),
            }.get(indicator.kind, round(rng.uniform(0, 100), 1))
            value(cast.commune_a, version.code, indicator.code, raw)
            codes.append(indicator.code)
        full = assess_units([cast.commune_a], 2025, version)[0].evaluation
        assert len(codes) >= 9
        for code in codes:
            single = indicator_statuses(version, 2025, [cast.commune_a], code)[cast.commune_a.pk]
            assert single == full.indicator(code).status, (set_code, code)
    assert indicator_statuses(version, 2025, [cast.commune_b], "8.4") == {cast.commune_b.pk: "not_applicable"}


@pytest.mark.sqlite_journey
def test_coordinator_adds_the_next_plan_and_its_first_target(client_as, cast):
    criteria_sets_load_shipped()
    load_plan()
    assert_access(
        client_as,
        cast,
        reverse("programme:target_plan_create"),
        {
            "coordinator": 200,
            "department": 403,
            "auditor": 403,
            "officer_a": 403,
            "officer_b": 403,
            "anonymous": 302,
        },
    )
    client = client_as(cast.coordinator)
    response = client.post(
        reverse("programme:target_plan_create"),
        {
            "code": "ke-hoach-2026-2030",
            "name": "Kế hoạch giai đoạn 2026-2030 (thử)",
            "legal_source": "QĐ 51/2025/QĐ-TTg",
            "year_from": 2026,
            "year_to": 2030,
            "provenance": "unconfirmed",
            "source": "QĐ 51/2025/QĐ-TTg, Điều 1",
            "scope_wording": "Các xã trên địa bàn tỉnh",
            "scope_source": "QĐ 51/2025/QĐ-TTg, Điều 1",
            "scope_structure": "2025",
            "scope_province": "75",
            "scope_as_of": "2025-07-01",
            "scope_commune_types": ["xa"],
        },
    )
    assert response.status_code == 302
    plan = TargetPlan.objects.get(code="ke-hoach-2026-2030")
    scope = plan.scope_spec()
    assert scope.wording == "Các xã trên địa bàn tỉnh" and scope.level("commune").unit_types == ("xa",)
    assert plan.tasks.count() == 17 and plan.reporting["annual_due"] == "12-15"
    form = {
        "code": "KH2630-01",
        "text": "90% số xã đạt chỉ tiêu 8.4",
        "measure": "Tỷ lệ xã đạt 8.4",
        "measure_unit": "percent",
        "comparison": ">=",
        "target_value": "90",
        "deadline": "2030-12-31",
        "year": 2030,
        "method": "indicator_share",
        "set_code": "xa-ntm-2021-2025",
        "indicator_code": "8.9",
        "basis_structure": "2025",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": ["xa"],
        "basis_as_of": "2025-07-01",
        "provenance": "unconfirmed",
        "source": "QĐ 51/2025/QĐ-TTg, Phụ lục I",
    }
    url = f"{reverse('programme:target_create')}?ke-hoach=ke-hoach-2026-2030"
    refused = client.post(url, form)
    assert refused.status_code == 400 and "không có chỉ tiêu 8.9" in refused.content.decode()
    assert not plan.targets.exists()
    assert client.post(url, {**form, "indicator_code": "8.4", "basis_unit_types": []}).status_code == 302
    assert list(plan.targets.values_list("code", flat=True)) == ["KH2630-01"]
    # the plan's own scope narrows the target's commune-level basis to its xã (the ward is left out)
    assert Measurer(today=TODAY).basis_units(plan.targets.get()) == [cast.commune_a]
