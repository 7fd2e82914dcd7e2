"""Migration 0005 rewrites the Plan 202 rows an earlier plan file loaded: the plan's sentence and section, the
legacy-province basis, the plan's scope, the pilots' wording, and the linkage models' recorded digital fact."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ntm.programme.models import LinkageModel, PilotModel, Target, TargetPlan

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("programme", "0003_random_file_names")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_rows_of_the_earlier_plan_file_are_rewritten_as_the_plan_writes_them(cast):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        Plan = old.get_model("programme", "TargetPlan")
        OldTarget = old.get_model("programme", "Target")
        plan = Plan.objects.create(
            code="ke-hoach-202",
            name="Kế hoạch 202",
            short_name="KH 202",
            legal_source="KH 202",
            year_from=2023,
            year_to=2025,
            provenance="partial",
            source="x",
        )
        common = {
            "plan": plan,
            "measure": "x",
            "measure_unit": "percent",
            "deadline": dt.date(2025, 12, 31),
            "year": 2025,
            "basis_structure": "2025",
            "basis_province": "75",
            "basis_level": "commune",
            "basis_as_of": dt.date(2025, 7, 1),
            "provenance": "partial",
            "source": "KH 202/KH-UBND ngày 18/8/2023 (chưa đối chiếu từng con số với toàn văn)",
        }
        OldTarget.objects.create(
            code="KH202-07", text="Từ 40% số đơn vị", target_value=40, method="online_service_share", **common
        )
        OldTarget.objects.create(
            code="KH2026-01",
            text="Typed on the page",
            target_value=10,
            method="reported",
            origin="ui",
            **common,
        )
        unit = old.get_model("units", "AdministrativeUnit").objects.get(pk=cast.commune_a.pk)
        old.get_model("programme", "LinkageModel").objects.create(
            unit=unit, name="A", key_product="Sầu riêng", raw_material_area="Vùng A", digital_technology="QR"
        )
        old.get_model("programme", "LinkageModel").objects.create(
            unit=unit, name="B", key_product="Tiêu", raw_material_area="Vùng B"
        )
        old.get_model("programme", "PilotModel").objects.create(
            kind="digital_commune", plan_code="xa-thong-minh-long-phuoc", unit=unit, name="Thí điểm cũ"
        )
    finally:
        _migrate(latest)
    target = Target.objects.get(code="KH202-07")
    assert target.section == "II.2.c" and target.quote.startswith("Có ít nhất 40% đơn vị (cấp xã, huyện)")
    assert (target.basis_structure, target.basis_level, target.provenance) == (
        "legacy",
        "commune_district",
        "confirmed",
    )
    assert target.source == "KH 202/KH-UBND ngày 18/8/2023, mục II.2.c"
    assert Target.objects.get(code="KH2026-01").text == "Typed on the page"  # a row typed on the page is kept
    scope = TargetPlan.objects.get(code="ke-hoach-202").scope_spec()
    assert scope.level("district").wording == "các huyện, thành phố Long Khánh"
    assert dict(LinkageModel.objects.values_list("name", "digital_raw_material_area")) == {
        "A": True,
        "B": False,
    }
    assert PilotModel.objects.get().name.startswith("Thí điểm thực hiện chuyển đổi số cấp xã")
