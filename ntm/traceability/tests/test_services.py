"""Services: registration with the minimum sizes, the code's life as states with history, lots and immutable events."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.testing.factories import RoleFactory, UnitFactory, UserFactory
from ntm.traceability.models import AreaStatus, CodeAction, GrowingArea, TraceEvent
from ntm.traceability.services import areas as area_services
from ntm.traceability.services import lots as lot_services
from ntm.traceability.tests.factories import SQUARE, area_data, harvest_data, make_area, make_lot
from ntm.units.models import Level

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_register_checks_minimum_size_and_boundary(cast):
    with pytest.raises(ServiceError, match="1"):
        area_services.area_register(
            actor=cast.producer, unit=cast.commune_a, data=area_data(area_ha=Decimal("0.5"))
        )
    bad = {"type": "Polygon", "coordinates": [[[10.7, 107.0], [10.8, 107.0], [10.8, 107.1], [10.7, 107.0]]]}
    with pytest.raises(ServiceError):
        area_services.area_register(actor=cast.producer, unit=cast.commune_a, data=area_data(), boundary=bad)
    assert not GrowingArea.objects.exists()
    area = make_area(cast.producer, cast.commune_a)
    assert area.status == AreaStatus.REGISTERED and area.code == ""
    assert 12 < area.boundary_area_ha < 14 and area.centre_lat > 10.7
    assert AuditEntry.objects.filter(action="traceability.area_register", object_id=str(area.pk)).exists()


def test_only_producers_register(cast):
    with pytest.raises(ServiceError):
        area_services.area_register(actor=cast.officer_a, unit=cast.commune_a, data=area_data())


def test_issue_builds_the_code_with_the_next_number_and_history(cast):
    first = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    second = make_area(cast.producer, cast.commune_a, issuer=cast.coordinator, name="Vùng 2")
    year = timezone.localdate().year % 100
    # From 1/7/2025 the rule without the district segment applies (marked unconfirmed).
    assert first.code == f"VN-75-26413-01-{year:02d}" and second.code == f"VN-75-26413-02-{year:02d}"
    assert first.code_rule == "hai-cap-2025" and first.code_provenance == "unconfirmed"
    assert first.status == AreaStatus.ACTIVE
    action = CodeAction.objects.get(area=first)
    assert action.kind == "issue" and action.actor == cast.department and "QĐ 12" in action.decision_ref
    with pytest.raises(StateConflict):
        area_services.code_issue(actor=cast.department, area=first)


def test_commune_officers_and_producers_do_not_issue(cast):
    area = make_area(cast.producer, cast.commune_a)
    for actor in (cast.officer_a, cast.producer, cast.auditor):
        with pytest.raises(ServiceError):
            area_services.code_issue(actor=actor, area=area)
    assert GrowingArea.objects.get(pk=area.pk).status == AreaStatus.REGISTERED


def test_suspend_reinstate_reissue_cancel_keep_the_history_and_never_reuse_numbers(cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    with pytest.raises(ServiceError, match="reason"):
        area_services.code_transition(actor=cast.department, area=area, kind="suspend", reason=" ")
    area = area_services.code_transition(actor=cast.department, area=area, kind="suspend", reason="Dư lượng")
    assert area.status == AreaStatus.SUSPENDED
    with pytest.raises(StateConflict):
        area_services.code_transition(actor=cast.department, area=area, kind="suspend", reason="again")
    area = area_services.code_transition(
        actor=cast.department, area=area, kind="reinstate", reason="Đã khắc phục"
    )
    area = area_services.code_transition(actor=cast.department, area=area, kind="reissue", reason="Đổi tên")
    assert area.serial == 1 and area.status == AreaStatus.ACTIVE
    area = area_services.code_transition(
        actor=cast.department, area=area, kind="cancel", reason="Ngừng sản xuất"
    )
    assert area.status == AreaStatus.CANCELLED and area.code
    assert list(area.code_actions.values_list("kind", flat=True)) == [
        "issue",
        "suspend",
        "reinstate",
        "reissue",
        "cancel",
    ]
    again = make_area(cast.producer, cast.commune_a, issuer=cast.department, name="Vùng mới")
    assert again.serial == 2  # the cancelled area's number is not given again


def test_rule_with_district_needs_the_district_code(cast, monkeypatch):
    monkeypatch.setattr(area_services.timezone, "localdate", lambda: dt.date(2024, 3, 1))
    area = make_area(cast.producer, cast.commune_a)
    with pytest.raises(ServiceError, match="district"):
        area_services.code_issue(actor=cast.department, area=area)
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department, district_code="731", name="B")
    assert area.code == "VN-75-731-26413-01-24" and area.code_provenance == "confirmed"


def test_commune_officer_inspects_only_in_its_commune(cast):
    area = make_area(cast.producer, cast.commune_a)
    today = timezone.localdate()
    area_services.inspection_record(actor=cast.officer_a, area=area, inspected_on=today, result="pass")
    with pytest.raises(ServiceError):
        area_services.inspection_record(actor=cast.officer_b, area=area, inspected_on=today, result="pass")
    with pytest.raises(ServiceError):
        area_services.inspection_record(
            actor=cast.officer_a, area=area, inspected_on=today + dt.timedelta(days=2), result="pass"
        )


def test_lots_need_a_code_in_force_and_the_owner(cast):
    area = make_area(cast.producer, cast.commune_a)
    with pytest.raises(StateConflict):
        lot_services.lot_harvest(actor=cast.producer, area=area, data=harvest_data())
    area = area_services.code_issue(actor=cast.department, area=area)
    with pytest.raises(ServiceError):
        lot_services.lot_harvest(actor=cast.officer_a, area=area, data=harvest_data())
    with pytest.raises(ServiceError, match="check digit"):
        lot_services.lot_harvest(actor=cast.producer, area=area, data=harvest_data(gtin="8934567890124"))
    lot = make_lot(area, gtin="8934567890120")
    assert lot.code.startswith(area.code + "-") and lot.gtin == "08934567890120"
    assert [e.stage for e in lot.events.all()] == ["harvest", "packing"]
    assert lot.events.first().place_code == area.code


def test_events_are_corrected_by_new_events(cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    lot = make_lot(area)
    packing = lot.events.get(stage="packing")
    with pytest.raises(ServiceError):
        lot_services.event_record(
            actor=cast.producer,
            lot=lot,
            stage="shipping",
            data={"occurred_at": timezone.now(), "place": "Kho"},
        )
    fix = lot_services.event_correct(
        actor=cast.producer, event=packing, data={"package": "T-02"}, reason="Sai số thùng"
    )
    packing.refresh_from_db()
    assert packing.package == "T-01" and fix.corrects == packing and fix.package == "T-02"
    with pytest.raises(StateConflict):
        lot_services.event_correct(actor=cast.producer, event=packing, data={}, reason="x")
    assert TraceEvent.objects.filter(lot=lot).count() == 3


def test_processed_lot_links_one_step_back(cast):
    area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
    raw = make_lot(area, packed=False)
    made = lot_services.lot_process(
        actor=cast.producer,
        inputs=[raw],
        data={
            "product_name": "Cơm sầu riêng cấp đông",
            "quantity": Decimal("300"),
            "quantity_unit": "kg",
            "made_at": timezone.now(),
            "place": "Xưởng sơ chế HTX",
        },
    )
    assert list(made.inputs.all()) == [raw] and list(raw.outputs.all()) == [made]
    assert made.code.startswith("CB-26413-") and made.events.get().stage == "processing"


def test_other_communes_area_not_in_scope_of_commune_officer(cast):
    other = UnitFactory(code="26440", name="Xã Bình An", parent=cast.province, level=Level.COMMUNE)
    producer_b = UserFactory(username="htx_b")
    RoleFactory(user=producer_b, role="producer", unit=other)
    area = make_area(producer_b, other, boundary=SQUARE)
    from ntm.traceability.selectors import areas_for

    assert area not in areas_for(cast.officer_a) and area not in areas_for(cast.producer)
    assert area in areas_for(cast.department) and area in areas_for(producer_b)
