"""Query counts of the main pages do not grow with rows: each page is opened with N rows of what it lists and again
with 3N, and the number of queries must be the same (an N+1 shows as a count that grows by 2N or more).

Each case builds rows through the apps' own factories and services, opens the page once to warm per-process
caches, then counts. Pages with a fixed cost that depends on the data's variety (not its size) add rows of the
same variety."""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import box

from ntm.core.notifications import notify
from ntm.core.vocabulary import ADVANCED, NTM
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.criteria.tests.factories import INVENTED, INVENTED_CODE, write_set
from ntm.environment import services as environment_services
from ntm.feedback.tests.factories import make_feedback
from ntm.infrastructure import services as infrastructure_services
from ntm.infrastructure.models import AssetKind
from ntm.knowledge.tests.factories import good_model_data, published
from ntm.legal.services import legal_document_create
from ntm.maps.tests.factories import boundary, decision
from ntm.ocop.models import DecisionLevel
from ntm.ocop.services.evaluations import decision_record
from ntm.ocop.tests.factories import load_sheets, make_evaluation, make_producer
from ntm.programme.services import plans as plan_services
from ntm.programme.services.targets import TargetData, reported_actual_add, target_create
from ntm.programme.tests.factories import load_plan, pdf_upload
from ntm.recognition.tests.factories import load_data, make_dossier
from ntm.surveys import tokens
from ntm.surveys.models import Household
from ntm.surveys.services.campaigns import campaign_create
from ntm.surveys.tests.factories import campaign_data, make_survey
from ntm.testing.factories import UnitFactory
from ntm.traceability.services.lots import event_record
from ntm.traceability.tests.factories import make_area, make_lot

pytestmark = pytest.mark.django_db

N = 2
_serial = itertools.count(1)


@dataclass(frozen=True)
class Case:
    name: str
    viewer: Callable  # (cast, state) -> user (None: anonymous)
    url: Callable  # (cast, state) -> url
    setup: Callable  # cast -> state
    add: Callable  # (cast, state, n) -> None: add n rows of what the page lists


def _campaigns(cast, state, n):
    for _ in range(n):
        campaign_create(actor=state.front_a, data=campaign_data(cast.commune_a, title=f"Đợt {next(_serial)}"))


def _households(cast, state, n):
    hamlet = state.hamlets[0]
    key = state.campaign.token_key()
    codes = [f"D{next(_serial):04d}" for _ in range(n)]
    Household.objects.bulk_create(
        Household(
            campaign=state.campaign,
            hamlet=hamlet,
            code=code,
            head_name=f"Hộ {code}",
            token_hash=tokens.hash_token(tokens.derive_token(key, code, 1)),
        )
        for code in codes
    )


def _feedback(cast, state, n):
    for _ in range(n):
        make_feedback(cast.commune_a, text=f"Phản ánh số {next(_serial)} về đường ấp.")


def _located_feedback(cast, state, n):
    for _ in range(n):
        make_feedback(
            cast.commune_a,
            text=f"Phản ánh số {next(_serial)} có vị trí.",
            latitude=Decimal("10.95"),
            longitude=Decimal("106.82"),
        )


def _coded_areas(cast, state, n):
    for _ in range(n):
        make_area(cast.producer, cast.commune_a, issuer=cast.department, name=f"Vùng mã {next(_serial)}")


def _areas(cast, state, n):
    for _ in range(n):
        make_area(cast.producer, cast.commune_a, name=f"Vùng {next(_serial)}")


def _new_commune(cast, name: str = "Xã Thêm"):
    """A commune of the province with a boundary (the map draws it), numbered from the serial."""
    number = next(_serial)
    unit = UnitFactory(code=f"27{number:03d}", name=f"{name} {number}", parent=cast.province)
    boundary(unit, box(107.2 + number * 0.01, 10.7, 107.209 + number * 0.01, 10.8))
    return unit


def _published_decision(unit, number: int):
    return decision(unit, number=f"QĐ {number}/QĐ-UBND", date=dt.date(2024, 5, 2) - dt.timedelta(days=number))


def _map_units(cast, state, n):
    for _ in range(n):
        unit = _new_commune(cast)
        _published_decision(unit, next(_serial))


def _unit_decisions(cast, state, n):
    """Decisions in the unit's public history (a revocation, then a new recognition, …)."""
    for _ in range(n):
        number = next(_serial)
        level = NTM if state.levels % 2 == 0 else ADVANCED
        decision(
            cast.commune_a,
            level=level,
            number=f"QĐ {number}/QĐ-UBND",
            date=dt.date(2015, 1, 1) + dt.timedelta(days=30 * state.levels),
        )
        state.levels += 1


def _dossiers(cast, state, n):
    for _ in range(n):
        make_dossier(cast, unit=_new_commune(cast, "Xã Hồ Sơ"), actor=cast.coordinator)


def _annual_plans(cast, state, n):
    for _ in range(n):
        plan_services.annual_plan_create(
            actor=cast.coordinator,
            programme=state.programme,
            year=2026,
            unit=_new_commune(cast, "Xã Kế Hoạch"),
            title=f"Kế hoạch {next(_serial)}",
        )


def _plan_lines(cast, state, n):
    task = state.programme.tasks.order_by("position").first()
    for _ in range(n):
        number = next(_serial)
        plan_services.plan_activity_save(
            actor=cast.officer_a, plan=state.plan, activity=None, task=task, description=f"Hoạt động {number}"
        )
        plan_services.budget_line_save(
            actor=cast.officer_a,
            plan=state.plan,
            line=None,
            source="local_budget",
            description=f"Khoản {number}",
            planned=Decimal(100 + number),
            actual=None,
        )


def _annual_plan(cast):
    programme = load_plan()
    plan = plan_services.annual_plan_create(
        actor=cast.officer_a, programme=programme, year=2026, unit=cast.commune_a, title="Kế hoạch 2026"
    )
    return SimpleNamespace(programme=programme, plan=plan)


def _certified_products(cast, state, n):
    for _ in range(n):
        number = next(_serial)
        producer = make_producer(cast, name=f"HTX Sản phẩm {number}")
        evaluation = make_evaluation(cast, producer=producer, upto="scored")
        decision_record(
            actor=cast.coordinator,
            evaluation=evaluation,
            number=f"{number}/QĐ-UBND",
            signed_on=dt.date(2026, 3, 2),
            certificate_number=f"OCOP-2026-{number:03d}",
            level=DecisionLevel.PROVINCE,
        )


def _submitted_evaluations(cast, state, n):
    for _ in range(n):
        producer = make_producer(cast, name=f"HTX Đăng ký {next(_serial)}")
        make_evaluation(cast, producer=producer, upto="submitted")


def _shipments(cast, state, n):
    for _ in range(n):
        event_record(
            actor=state.owner,
            lot=state.lot,
            stage="shipping",
            data={
                "occurred_at": timezone.now(),
                "place": "Kho HTX",
                "receiver": f"Đại lý số {next(_serial)}",
            },
        )


def _traced_lot(cast):
    lot = make_lot(make_area(cast.producer, cast.commune_a, issuer=cast.department))
    return SimpleNamespace(lot=lot, owner=cast.producer)


def _water_points(cast, state, n):
    for _ in range(n):
        number = next(_serial)
        point = environment_services.water_point_create(
            actor=cast.officer_a,
            unit=cast.commune_a,
            code=f"ns-26413-{number:02d}",
            name=f"Trạm cấp nước số {number}",
            kind="centralised",
            latitude=Decimal("10.9"),
            longitude=Decimal("107.1"),
        )
        environment_services.sample_record(
            actor=cast.officer_a,
            point=point,
            sampled_on=dt.date(2026, 3, 2),
            laboratory="CDC",
            values={"ph": "7"},
        )


def _water_catalogue(cast):
    environment_services.catalogues_load_shipped()


def _articles(cast, state, n):
    for _ in range(n):
        published(
            cast.officer_a,
            cast.coordinator,
            good_model_data(cast.commune_a, title=f"Mô hình số {next(_serial)}"),
            tags=["Môi trường"],
        )


def _assets(cast, state, n):
    for _ in range(n):
        infrastructure_services.asset_create(
            actor=cast.officer_a,
            unit=cast.commune_a,
            kind=AssetKind.WIFI,
            name=f"Điểm wifi số {next(_serial)}",
            status="working",
            status_on=dt.date(2025, 3, 1),
        )


def _legal_documents(cast, state, n):
    for _ in range(n):
        number = next(_serial)
        legal_document_create(
            data={
                **dict.fromkeys(("number", "issuer", "url", "note", "source"), ""),
                "symbol": f"QĐ {number}/QĐ-UBND",
                "kind": "decision",
                "title": f"Quyết định số {number}",
                "issued_on": None,
                "effective_from": None,
                "effective_to": None,
                "provenance": "unconfirmed",
            },
            actor=cast.coordinator,
        )


def _register_records(cast, state, n):
    for _ in range(n):
        unit = _new_commune(cast, "Xã Sổ")
        _published_decision(unit, next(_serial))


def _notifications(cast, state, n):
    for _ in range(n):
        notify(users=[cast.officer_a], text=f"Việc cần làm số {next(_serial)}", link="/")


def _targets(cast, state, n):
    """Targets measured on the criteria values and targets with reported figures, half each."""
    for index in range(n):
        number = next(_serial)
        reported = index % 2 == 1
        target = target_create(
            actor=cast.coordinator,
            plan=state.programme,
            data=TargetData(
                code=f"KH2026-T{number:02d}",
                section="II",
                text=f"Chỉ tiêu thêm số {number}",
                measure="Tỷ lệ hồ sơ xử lý trên môi trường mạng" if reported else "Tỷ lệ xã đạt 8.4",
                measure_unit="percent",
                target_value=Decimal(90),
                comparison=">=",
                deadline=dt.date(2026, 12, 31),
                year=2026,
                method="reported" if reported else "indicator_share",
                params={"reporter_level": "province"}
                if reported
                else {"set_code": "xa-ntm-2021-2025", "indicator_code": "8.4"},
                basis_structure="2025",
                basis_province="75",
                basis_level="province" if reported else "commune",
                basis_unit_types=() if reported else ("xa",),
                basis_as_of=dt.date(2025, 7, 1),
                provenance="unconfirmed",
                source="Kế hoạch năm 2026 (thử)",
            ),
        )
        if reported:
            reported_actual_add(
                actor=cast.coordinator,
                target=target,
                as_of=dt.date(2026, 3, 31),
                numerator=45,
                denominator=50,
                evidence=pdf_upload(),
            )


def _criteria_sets(cast, state, n):
    for _ in range(n):
        code = f"{INVENTED_CODE}-{next(_serial)}"
        path = write_set(state, INVENTED.replace(INVENTED_CODE, code), f"{code}.toml")
        criteria_sets_load_shipped(paths=[path])


def _shipped_sets(cast):
    criteria_sets_load_shipped()
    return Path(tempfile.mkdtemp())


CASES = [
    Case(
        "surveys: campaign list",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("surveys:list"),
        lambda cast: make_survey(cast, per_hamlet=1),
        _campaigns,
    ),
    Case(
        "surveys: households of a campaign",
        lambda cast, state: state.front_a,
        lambda cast, state: reverse("surveys:households", args=[state.campaign.pk]),
        lambda cast: make_survey(cast, per_hamlet=1),
        _households,
    ),
    Case(
        "feedback: inbox",
        lambda cast, state: cast.officer_a,
        lambda cast, state: reverse("feedback:inbox"),
        lambda cast: None,
        _feedback,
    ),
    Case(
        "traceability: growing areas",
        lambda cast, state: cast.department,
        lambda cast, state: reverse("traceability:areas"),
        lambda cast: None,
        _areas,
    ),
    Case(
        "maps: internal layer of located feedback",
        lambda cast, state: cast.officer_a,
        lambda cast, state: "/ban-do/noi-bo/lop/phan-anh/",
        lambda cast: None,
        _located_feedback,
    ),
    Case(
        "maps: public layer of coded growing areas",
        lambda cast, state: None,
        lambda cast, state: reverse("maps:public_point_layer", args=["vung-trong"]),
        lambda cast: None,
        _coded_areas,
    ),
    Case(
        "home: my work (campaigns to open)",
        lambda cast, state: state.front_a,
        lambda cast, state: reverse("site:my_work"),
        lambda cast: make_survey(cast, per_hamlet=1),
        _campaigns,
    ),
    Case(
        "maps: public map",
        lambda cast, state: None,
        lambda cast, state: reverse("maps:public"),
        lambda cast: None,
        _map_units,
    ),
    Case(
        "maps: public unit page (status history)",
        lambda cast, state: None,
        lambda cast, state: reverse("maps:unit", args=[cast.commune_a.structure, cast.commune_a.code]),
        lambda cast: SimpleNamespace(levels=0),
        _unit_decisions,
    ),
    Case(
        "recognition: dossier list",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("recognition:dossier_list"),
        lambda cast: load_data(),
        _dossiers,
    ),
    Case(
        "programme: annual plans",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("programme:plans"),
        lambda cast: SimpleNamespace(programme=load_plan()),
        _annual_plans,
    ),
    Case(
        "programme: an annual plan (activities and budget lines)",
        lambda cast, state: cast.officer_a,
        lambda cast, state: reverse("programme:plan", args=[state.plan.pk]),
        _annual_plan,
        _plan_lines,
    ),
    Case(
        "ocop: public catalogue",
        lambda cast, state: None,
        lambda cast, state: reverse("ocop:catalogue"),
        lambda cast: load_sheets(),
        _certified_products,
    ),
    Case(
        "ocop: management work list",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("ocop:work_list"),
        lambda cast: load_sheets(),
        _submitted_evaluations,
    ),
    Case(
        "traceability: public trace page of a lot",
        lambda cast, state: None,
        lambda cast, state: reverse("traceability:trace", args=[state.lot.code]),
        _traced_lot,
        _shipments,
    ),
    Case(
        "environment: public water points",
        lambda cast, state: None,
        lambda cast, state: reverse("environment:public_list"),
        _water_catalogue,
        _water_points,
    ),
    Case(
        "environment: water points (management)",
        lambda cast, state: cast.officer_a,
        lambda cast, state: reverse("environment:points"),
        _water_catalogue,
        _water_points,
    ),
    Case(
        "knowledge: public article list",
        lambda cast, state: None,
        lambda cast, state: reverse("knowledge:public_list"),
        lambda cast: None,
        _articles,
    ),
    Case(
        "infrastructure: a commune's page",
        lambda cast, state: cast.officer_a,
        lambda cast, state: reverse("infrastructure:commune", args=[cast.commune_a.pk]),
        lambda cast: None,
        _assets,
    ),
    Case(
        "legal: document list",
        lambda cast, state: None,
        lambda cast, state: reverse("legal:list"),
        lambda cast: None,
        _legal_documents,
    ),
    Case(
        "status: register of decisions",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("status:register"),
        lambda cast: None,
        _register_records,
    ),
    Case(
        "notifications: list",
        lambda cast, state: cast.officer_a,
        lambda cast, state: reverse("notifications:list"),
        lambda cast: None,
        _notifications,
    ),
    Case(
        "programme: targets and progress",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("programme:progress") + f"?ke-hoach={state.programme.code}",
        lambda cast: SimpleNamespace(programme=load_plan()),
        _targets,
    ),
    Case(
        "criteria: criteria set list",
        lambda cast, state: cast.coordinator,
        lambda cast, state: reverse("criteria:list"),
        _shipped_sets,
        _criteria_sets,
    ),
]


def _queries(client, url: str) -> tuple[list[str], int]:
    """The statements of one GET of ``url`` and the size of its body."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured], len(response.content)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_query_count_does_not_grow_with_rows(case, cast, client_as):
    state = case.setup(cast)
    client = client_as(case.viewer(cast, state))
    url = case.url(cast, state)
    case.add(cast, state, N)
    client.get(url)  # warm the per-process caches
    few, few_size = _queries(client, url)
    case.add(cast, state, 2 * N)
    many, many_size = _queries(client, url)
    assert many_size > few_size, "the added rows are not on the page: the count would prove nothing"
    assert len(many) == len(few), "\n".join(many[len(few) - 3 :] if len(many) > len(few) else many)
