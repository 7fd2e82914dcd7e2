"""Dashboards: scoping, the chart numbers equal the selector's, the evaluation cache equals a fresh evaluation,
exports hold the same rows, gap analysis, and pinned query counts."""

import datetime as dt
import gzip
import io
import json
import random
import re
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from ntm.accounts.models import Organisation
from ntm.assessment.models import EvaluationCache, IndicatorSource, UnitYearRevision
from ntm.assessment.selectors import assessments, dashboards
from ntm.assessment.selectors.inputs import engine_inputs
from ntm.assessment.services import computed_value_set, value_set
from ntm.core.vocabulary import NONE, NTM, OFFICIAL_LEVELS
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.status.services import status_record_create
from ntm.testing.factories import UnitFactory
from ntm.testing.permissions import assert_access
from ntm.units.models import UnitYearAttribute

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021-2025"


@pytest.fixture
def world(cast):
    """The cast with the shipped sets, a second rural commune in the province and one in another province."""
    criteria_sets_load_shipped()
    Organisation.objects.filter(pk=cast.organisation.pk).update(short_name="SNNMT")
    other = UnitFactory(code="26416", name="Xã Phước Thái", parent=cast.province)
    elsewhere_province = UnitFactory(
        code="79", name="Thành phố Hồ Chí Minh", unit_type="tinh", level="province"
    )
    elsewhere = UnitFactory(code="27000", name="Xã Bình Khánh", parent=elsewhere_province)
    for unit in (cast.commune_a, other, elsewhere):
        UnitYearAttribute.objects.create(unit=unit, year=2025, region="DNB")
    return {"version": assessments.set_version(SET), "other": other, "elsewhere": elsewhere}


def enter(unit, code, value, year=2025, actor=None):
    return value_set(unit=unit, year=year, set_code=SET, indicator_code=code, value=value, actor=actor)


def url(name, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(f"assessment:{name}") + (f"?{query}" if query else "")


# --- Permissions and scope -----------------------------------------------------------------------------------


def test_dashboard_permission_matrix(client_as, cast, world):
    everyone = {
        "coordinator": 200,
        "officer_a": 200,
        "officer_b": 200,
        "department": 200,
        "auditor": 200,
        "anonymous": 302,
    }
    for name in ("overview", "matrix", "gaps", "overview_export", "matrix_export", "gaps_export"):
        assert_access(client_as, cast, url(name, year=2025), everyone)
    departments = {**everyone, "officer_a": 403, "officer_b": 403}
    for name in ("department", "department_export"):
        assert_access(client_as, cast, url(name, year=2025, dept="SNNMT"), departments)
    assert_access(client_as, cast, url("import"), {**everyone, "officer_b": 403})


def test_commune_officer_sees_only_their_commune(client_as, cast, world):
    page = client_as(cast.officer_a).get(url("matrix", year=2025)).content.decode()
    assert "Xã Long Phước" in page and "Xã Phước Thái" not in page and "Xã Bình Khánh" not in page
    page = client_as(cast.coordinator).get(url("matrix", year=2025)).content.decode()
    assert "Xã Long Phước" in page and "Xã Phước Thái" in page and "Xã Bình Khánh" not in page
    assert "Phường Bảo Vinh" not in page  # wards are not subjects of the commune sets


def test_producer_gets_403(client_as, cast, world):
    from ntm.testing.factories import RoleFactory, UserFactory

    producer = UserFactory(username="htx")
    RoleFactory(user=producer, role="producer", unit=cast.commune_a)
    assert client_as(producer).get(url("matrix")).status_code == 403


def test_department_officer_sees_only_their_departments(client_as, cast, world):
    client = client_as(cast.department)
    assert client.get(url("department", year=2025, dept="SXD")).status_code == 404
    page = client.get(url("department", year=2025)).content.decode()
    assert 'value="SNNMT" selected' in page and 'value="SXD"' not in page
    assert client_as(cast.coordinator).get(url("department", year=2025, dept="SXD")).status_code == 200


def test_unknown_set_or_bad_year_is_404(client_as, cast, world):
    client = client_as(cast.coordinator)
    assert client.get(url("matrix", set="huyen-ntm-2021-2025")).status_code == 404
    assert client.get(url("matrix", year="abc")).status_code == 404


# --- Matrix --------------------------------------------------------------------------------------------------


def test_matrix_cell_changes_when_a_criterion_becomes_met(client_as, cast, world):
    enter(cast.commune_a, "3.1", 79.5)
    enter(cast.commune_a, "3.2", True)
    client = client_as(cast.coordinator)

    def cell():
        page = client.get(url("matrix", year=2025, set=SET)).content.decode()
        row = re.search(r'<tr data-unit="26413">(.*?)</tr>', page, re.S).group(1)
        header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
        codes = re.findall(r'data-criterion="([^"]+)"', header)
        cells = re.findall(r'<td class="s-(\w+)"><a href="[^"]+">(.*?)</a></td>', row, re.S)
        assert len(cells) == len(codes)
        return cells[codes.index("3")], row

    (state, text), row = cell()
    assert state == "not_met" and text == "✗<i>Chưa đạt</i>"  # colour, symbol and the word for screen readers
    assert f"/danh-gia/don-vi/2025/26413/?year=2025&amp;set={SET}" in row
    enter(cast.commune_a, "3.1", 82)
    (state, text), row = cell()
    assert state == "met" and text == "✓<i>Đạt</i>"


def test_matrix_export_holds_the_rows(client_as, cast, world):
    enter(cast.commune_a, "3.1", 82)
    enter(cast.commune_a, "3.2", True)
    response = client_as(cast.coordinator).get(url("matrix_export", year=2025, set=SET))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["Ma trận"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Mã xã",
        "Tên xã",
        "Số tiêu chí đạt (tự đánh giá)",
        "Tự đánh giá đạt mức",
        "Công nhận chính thức",
    )
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"26413", "26416"}
    criterion_3 = rows[0].index("TC 3. Thủy lợi và phòng, chống thiên tai")
    assert by_code["26413"][criterion_3] == "Đạt"
    assert by_code["26416"][criterion_3].startswith("Thiếu số liệu")


def test_matrix_cells_open_that_criterion_of_the_commune(client_as, cast, world):
    enter(cast.commune_a, "3.1", 50)
    matrix_url = url("matrix", year=2025, set=SET)
    page = client_as(cast.coordinator).get(matrix_url).content.decode()
    row = re.search(r'<tr data-unit="26413">.*?</tr>', page, re.S).group(0)
    links = re.findall(r'<td class="s-([a-z_]+)"><a href="([^"]+)">', row)
    assert len(links) == len(world["version"].criteria_set().criteria) + len(
        world["version"].criteria_set().conditions
    )  # every cell is a link, whatever its state
    href = dict((link.rsplit("/", 1)[-1], link) for _state, link in links)["3"]
    assert not href.startswith("/")  # relative to the matrix page: the page stays small
    cell = urljoin(reverse("assessment:matrix"), href)
    response = client_as(cast.coordinator).get(cell)
    unit_page = reverse("assessment:unit", args=[cast.commune_a.structure, cast.commune_a.code])
    assert response.status_code == 302
    assert response["Location"] == f"{unit_page}?year=2025&set={SET}#crit-3"
    assert 'id="crit-3"' in client_as(cast.coordinator).get(response["Location"]).content.decode()
    # Out of scope or an unknown criterion: 404, like the values page.
    assert client_as(cast.officer_b).get(cell).status_code == 404
    assert client_as(cast.coordinator).get(cell.removesuffix("/3") + "/99").status_code == 404
    assert 'class="legend heat-legend"' in page


def test_matrix_page_size_with_links_in_every_cell(client_as, cast, world):
    """The province's ~72 rural communes fit one page under 200 KB of HTML; a full page of 100 is sent gzipped."""
    for number in range(99):
        extra = UnitFactory(code=f"2{number:04d}", name=f"Xã Thử Nghiệm Số {number}", parent=cast.province)
        enter(extra, "3.1", 90)
    client = client_as(cast.coordinator)
    page = client.get(url("matrix", year=2025, set=SET, q="so 1")).content  # 11 communes: the per-row cost
    rows = page.count(b'<tr data-unit="')
    per_row = (len(page) - len(client.get(url("matrix", year=2025, set=SET, q="zzz")).content)) / rows
    # Đồng Nai has 72 xã since 1/7/2025: with a margin, 75 rows and the page chrome stay under 200 KB.
    assert rows == 11 and 75 * per_row + 20_000 < 200_000
    response = client.get(url("matrix", year=2025, set=SET), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and len(response.content) < 50_000
    assert gzip.decompress(response.content).count(b'<tr data-unit="') == 100  # one full page


# --- Overview and charts -------------------------------------------------------------------------------------


def test_overview_chart_numbers_equal_the_selector(client_as, cast, world):
    enter(cast.commune_a, "3.1", 82)
    enter(world["other"], "3.1", 50, year=2024)
    status_record_create(
        unit=world["other"],
        level="ntm",
        decision_number="QĐ 5/QĐ-UBND",
        decision_date=dt.date(2023, 5, 1),
        source="register",
    )
    response = client_as(cast.coordinator).get(url("overview", year=2025, set=SET))
    page = response.content.decode()
    embedded = json.loads(
        re.search(r'<script id="overview-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    expected = dashboards.overview(cast.coordinator, 2025, world["version"]).chart_data()
    assert embedded == expected
    assert expected["levels"]["official"][OFFICIAL_LEVELS.index(NTM)] == 1
    assert sum(expected["levels"]["self_assessed"]) == 2
    # The level table counts the commune with no 2025 value apart ("Thiếu số liệu"), never as "not met".
    assert expected["levels"]["labels"][-1] == "Thiếu số liệu"
    assert expected["levels"]["self_assessed"][OFFICIAL_LEVELS.index(NONE)] == 1
    assert expected["levels"]["self_assessed"][-1] == 1 and expected["levels"]["official"][-1] is None
    assert re.search(
        r'<tr data-level="nodata"><th scope="row"><span class="nodata">Thiếu số liệu</span></th>'
        r'<td class="num">1</td><td class="num">—</td>',
        page,
    )
    # The other commune has values for 2024 only: in 2025 it is "no data", never "0 criteria met".
    assert sum(expected["distribution"]["units"]) == 1
    assert re.search(
        r'<tr data-nodata><th scope="row"><span class="nodata">Chưa có số liệu</span></th><td class="num">1</td>',
        page,
    )
    assert [int(year) for year in expected["trend"]["labels"]][:5] == [2021, 2022, 2023, 2024, 2025]
    assert (
        expected["trend"]["official"][1] == 0 and expected["trend"]["official"][2] == 1
    )  # recognised in 2023
    # The tables (the fallback) carry the same numbers, and scripts are external files only (CSP).
    assert (
        'src="/static/vendor/chartjs/chart.umd.js"' in page and 'src="/static/assessment/charts.js"' in page
    )
    assert "<script>" not in page


def test_overview_export(client_as, cast, world):
    enter(cast.commune_a, "3.1", 82)
    response = client_as(cast.coordinator).get(url("overview_export", year=2025, set=SET))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Mức đạt", "Phân bố tiêu chí", "Theo năm"]
    levels = list(workbook["Mức đạt"].iter_rows(values_only=True))
    assert levels[0] == ("Mức", "Số xã tự đánh giá đạt", "Số xã theo công nhận chính thức")
    # The other commune has no value in 2025: "missing data", not one more commune "not met" (officially it is).
    assert levels[1] == ("Chưa đạt / chưa công nhận", 1, 2)
    assert levels[-1] == ("Thiếu số liệu", 1, "—")
    distribution = list(workbook["Phân bố tiêu chí"].iter_rows(values_only=True))
    assert sum(row[1] for row in distribution[1:]) == 2


# --- Cache of evaluations ------------------------------------------------------------------------------------


def _random_values(version, rng):
    values = {}
    for _group, indicator in version.criteria_set().iter_indicators():
        if not indicator.is_entered or rng.random() < 0.15:
            continue
        if indicator.kind == "boolean":
            values[indicator.code] = rng.random() < 0.8
        elif indicator.kind == "percentage":
            values[indicator.code] = round(rng.uniform(40, 100), 1)
        elif indicator.kind in ("number", "count"):
            values[indicator.code] = rng.randint(0, 200)
    return values


def _fresh(units, year, version):
    return {
        (a.unit.pk, year): dashboards.summarise(a.evaluation)
        for a in assessments.assess_units(units, year, version)
    }


def test_cached_summaries_always_equal_a_fresh_evaluation(cast, world):
    version = world["version"]
    units = [cast.commune_a, world["other"], world["elsewhere"]]
    rng = random.Random(20250101)
    for _round in range(4):
        for unit in units:
            for code, value in list(_random_values(version, rng).items())[: rng.randint(1, 12)]:
                enter(unit, code, value)
        first = dashboards.summaries(units, [2025], version)  # fills (or refreshes) the cache
        again = dashboards.summaries(units, [2025], version)  # read from the cache
        assert first == again == _fresh(units, 2025, version)
        assert EvaluationCache.objects.filter(version=version, year=2025).count() == 3


def test_cache_follows_every_input_of_the_engine(cast, world):
    version = world["version"]
    unit = cast.commune_a
    enter(unit, "3.1", 82)
    enter(unit, "3.2", True)
    key = (unit.pk, 2025)
    assert dashboards.summaries([unit], [2025], version)[key].criteria["3"].state == "met"
    # A new value (revision bump) …
    enter(unit, "3.1", 70)
    assert dashboards.summaries([unit], [2025], version)[key] == _fresh([unit], 2025, version)[key]
    assert dashboards.summaries([unit], [2025], version)[key].criteria["3"].state == "not_met"
    # … the unit's attributes (region changes which threshold applies) …
    UnitYearAttribute.objects.filter(unit=unit, year=2025).update(region="TDMNPB")
    assert dashboards.summaries([unit], [2025], version)[key] == _fresh([unit], 2025, version)[key]
    # … and the official level (the advanced set's pre-condition) all invalidate the cached summary.
    advanced = assessments.set_version("xa-nang-cao-2021-2025")
    before = dashboards.summaries([unit], [2025], advanced)[key]
    status_record_create(
        unit=unit,
        level="ntm",
        decision_number="QĐ 7/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    after = dashboards.summaries([unit], [2025], advanced)[key]
    assert after == _fresh([unit], 2025, advanced)[key] and after != before


def test_a_stale_row_is_never_served(cast, world):
    version = world["version"]
    enter(cast.commune_a, "3.1", 82)
    dashboards.summaries([cast.commune_a], [2025], version)
    EvaluationCache.objects.update(criteria_met=99)  # forged row with the right key …
    assert (
        dashboards.summaries([cast.commune_a], [2025], version)[(cast.commune_a.pk, 2025)].criteria_met == 99
    )
    EvaluationCache.objects.update(inputs="x" * 64)  # … but any other fingerprint is recomputed
    summary = dashboards.summaries([cast.commune_a], [2025], version)[(cast.commune_a.pk, 2025)]
    assert summary == _fresh([cast.commune_a], 2025, version)[(cast.commune_a.pk, 2025)]


def test_national_level_counts(cast, world):
    counts = dashboards.level_counts([cast.commune_a, world["other"], world["elsewhere"]], 2025)
    assert counts == {"none": 3, "ntm": 0, "nang_cao": 0, "kieu_mau": 0}


# --- Department view -----------------------------------------------------------------------------------------


def test_department_view_lists_its_indicators_across_communes(client_as, cast, world):
    value = enter(cast.commune_a, "3.1", 79.5, actor=cast.officer_a)
    page = (
        client_as(cast.department).get(url("department", year=2025, set=SET, dept="SNNMT")).content.decode()
    )
    assert ">3.1<" in page and ">3.2<" in page and ">1.1<" not in page  # 1.1 belongs to SXD
    assert "79,5" in page and str(value.get_status_display()) in page
    assert "Xã Phước Thái" in page and "Xã Bình Khánh" not in page
    awaiting = client_as(cast.department).get(url("department", dept="SNNMT", awaiting=1)).content.decode()
    assert "Xã Long Phước" in awaiting and "Xã Phước Thái" not in awaiting
    response = client_as(cast.department).get(url("department_export", year=2025, set=SET, dept="SNNMT"))
    rows = list(load_workbook(io.BytesIO(response.content))["Chỉ tiêu của sở"].iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == "26413" and r[2] == "3.1")
    assert row[4] == 79.5 and row[6] == "Chưa đạt" and row[7] == "Chờ kiểm tra"


# --- Gap analysis --------------------------------------------------------------------------------------------


def test_gap_page_ranks_and_filters(client_as, cast, world):
    enter(cast.commune_a, "3.1", 60)
    status_record_create(
        unit=world["other"],
        level="ntm",
        decision_number="QĐ 8/QĐ-UBND",
        decision_date=dt.date(2022, 3, 1),
        source="register",
    )
    report = dashboards.gap_report(cast.coordinator, 2025)
    by_name = {gap.unit_name: gap for gap in report.gaps}
    assert by_name["Xã Long Phước"].target.set_code == SET
    assert by_name["Xã Phước Thái"].target.set_code == "xa-nang-cao-2021-2025"
    item = next(i for i in by_name["Xã Long Phước"].unmet if i.code == "3.1")
    assert item.shortfall == 20 and item.relative == 0.25
    page = client_as(cast.coordinator).get(url("gaps", year=2025, criterion="3")).content.decode()
    assert "Xã Long Phước" in page and "20 (25,0%)" in page
    filtered = dashboards.gap_report(cast.coordinator, 2025, department="SNNMT")
    assert all(i.department == "SNNMT" for gap in filtered.gaps for i in (*gap.unmet, *gap.no_threshold))
    response = client_as(cast.coordinator).get(url("gaps_export", year=2025))
    workbook = load_workbook(io.BytesIO(response.content))
    details = list(workbook["Chi tiết"].iter_rows(values_only=True))
    assert any(row[:3] == ("Xã Long Phước", "3", "3.1") and row[9] == 20 for row in details)
    page = client_as(cast.coordinator).get(url("gaps", year=2026)).content.decode()
    assert "2026-2030" in page


# --- Query counts --------------------------------------------------------------------------------------------


def test_query_counts_of_the_main_pages_are_pinned(client_as, cast, world, django_assert_num_queries):
    for unit in (cast.commune_a, world["other"]):
        enter(unit, "3.1", 82)
        enter(unit, "1.1", True)
    client = client_as(cast.coordinator)
    pages = {
        "matrix": url("matrix", year=2025, set=SET),
        "overview": url("overview", year=2025, set=SET),
        "department": url("department", year=2025, set=SET, dept="SNNMT"),
    }
    for address in pages.values():
        client.get(address)  # fills the cache
    # Session, user, roles and scope, then a fixed number of reads whatever the number of communes.
    with django_assert_num_queries(EXPECTED["matrix"]):
        assert client.get(pages["matrix"]).status_code == 200
    with django_assert_num_queries(EXPECTED["overview"]):
        assert client.get(pages["overview"]).status_code == 200
    with django_assert_num_queries(EXPECTED["department"]):
        assert client.get(pages["department"]).status_code == 200
    for number in range(5):  # more communes: the same number of queries
        extra = UnitFactory(code=f"2650{number}", name=f"Xã Mới {number}", parent=cast.province)
        enter(extra, "3.1", 90)
    for address in pages.values():
        client.get(address)
    with django_assert_num_queries(EXPECTED["matrix"]):
        client.get(pages["matrix"])
    with django_assert_num_queries(EXPECTED["department"]):
        client.get(pages["department"])


# matrix: session, user, set version, roles, scope (2), the units (one list, sorted in Vietnamese order), their
# official status (the register), then ONE read of every other engine input with the cached summaries on PostgreSQL
# (ntm.assessment.selectors.inputs.start_inputs_and_cache: attributes, the set's computed sources and values, the
# values revisions, the cache rows with whether each commune has data: no data is not "0 criteria met"), set
# choices, session (3). overview: the same base, the official status once (shared by the sets), one
# joined read for each of the ladder's three sets and the trend's set, the official status at the end of each year,
# which communes have a value of the ladder's sets this year (missing data is not "not met"). department: base,
# departments (2), the values with their evidence, the counts.
# Each includes the role menu and the two-step check.
EXPECTED = {"matrix": 14, "overview": 26, "department": 18}
if connection.vendor != "postgresql":
    # The joined read is PostgreSQL's: elsewhere attributes, sources, revisions and cache rows are read apart.
    EXPECTED = {"matrix": 17, "overview": 38, "department": 21}


def test_cache_follows_computed_indicators(cast, world):
    version = world["version"]
    unit = cast.commune_a
    enter(unit, "3.2", True)
    IndicatorSource.objects.create(set_code=SET, indicator_code="3.1", source="test_irrigation")
    computed_value_set(unit=unit, year=2025, source="test_irrigation", value=79, description="Test")
    key = (unit.pk, 2025)
    assert dashboards.summaries([unit], [2025], version)[key].criteria["3"].state == "not_met"
    revision = UnitYearRevision.objects.get(unit=unit, set_code=SET, year=2025).revision
    # The computed row changes without any write to the entered values (no revision bump) …
    computed_value_set(unit=unit, year=2025, source="test_irrigation", value=85, description="Test")
    assert UnitYearRevision.objects.get(unit=unit, set_code=SET, year=2025).revision == revision
    cached = EvaluationCache.objects.get(unit=unit, version=version, year=2025)
    fingerprint = engine_inputs([unit], [2025], version, with_values=False).fingerprint(unit.pk, 2025)
    assert cached.inputs != fingerprint, "the stored key no longer matches the inputs"
    # … so the cached summary is not reused: it is recomputed and equals a fresh evaluation.
    summary = dashboards.summaries([unit], [2025], version)[key]
    assert summary == _fresh([unit], 2025, version)[key] and summary.criteria["3"].state == "met"
    assert EvaluationCache.objects.get(pk=cached.pk).inputs == fingerprint


def test_which_communes_have_data_is_kept_with_the_cached_summary(cast, world):
    """A commune has data for a set when it has an entered value of the set or a computed value the set reads;
    the answer is stored with the summary and read back from the cache (no read of the values when warm)."""
    version = world["version"]
    entered, computed_only, other_source, empty = (
        cast.commune_a,
        world["other"],
        UnitFactory(code="26510", name="Xã Có Số Liệu Tính", parent=cast.province),
        UnitFactory(code="26511", name="Xã Trống", parent=cast.province),
    )
    enter(entered, "3.1", 82)
    IndicatorSource.objects.create(set_code=SET, indicator_code="3.1", source="test_irrigation")
    computed_value_set(unit=computed_only, year=2025, source="test_irrigation", value=79, description="Test")
    computed_value_set(
        unit=other_source, year=2025, source="not_read_by_the_set", value=1, description="Test"
    )
    units = [entered, computed_only, other_source, empty]
    expected = {(entered.pk, 2025), (computed_only.pk, 2025)}
    fresh, with_data = dashboards.summaries_with_data(units, [2025], version)
    assert with_data == expected and len(fresh) == 4
    assert EvaluationCache.objects.filter(version=version, has_data=True).count() == 2
    cached, with_data = dashboards.summaries_with_data(units, [2025], version)
    assert with_data == expected and cached == fresh
    rows = {row.unit.pk: row for row in dashboards.matrix(units, 2025, version).rows}
    assert [rows[unit.pk].has_data for unit in units] == [True, True, False, False]


def test_the_cache_key_and_a_fresh_evaluation_come_from_the_same_inputs(cast, world):
    """The fingerprint checked against the cache (without values) equals the one stored with a fresh evaluation."""
    version = world["version"]
    units = [cast.commune_a, world["other"]]
    enter(cast.commune_a, "3.1", 82)
    keys = engine_inputs(units, [2025], version, with_values=False)
    for assessment in assessments.assess_units(units, 2025, version):
        assert assessment.fingerprint == keys.fingerprint(assessment.unit.pk, 2025)


def test_cached_indicator_statuses_read_back_whichever_form_they_were_written_in() -> None:
    codes = ("1.1", "1.2", "2")
    statuses = {"1.1": "met", "1.2": "not_applicable", "2": "missing"}
    assert dashboards.encode_indicators(statuses, codes) == "m-?"  # the plan's indicators in its order
    assert dashboards.decode_indicators("m-?", codes) == statuses
    for other in ({"2": "met", "1.1": "no_threshold"}, {"1.1": "met", "1.2": "unknown", "2": "met"}):
        text = dashboards.encode_indicators(other, codes)
        assert "|" in text and dashboards.decode_indicators(text, codes) == other


def test_the_sets_of_the_ladder_read_together_give_what_each_gives_alone(cast, world):
    """``summaries_of_versions`` (one pipeline on PostgreSQL: every read sent first, each set's rows written
    without waiting) gives each set's summaries and data flags, cold and warm, equal to a fresh evaluation."""
    units = [cast.commune_a, world["other"], world["elsewhere"]]
    ladder = dashboards.ladder_versions(2025)
    rng = random.Random(20261206)
    for unit in units[:2]:
        for code, value in _random_values(world["version"], rng).items():
            enter(unit, code, value)
    for _pass in ("cold", "warm"):
        together = dashboards.summaries_of_versions(units, [2025], ladder, fields=dashboards.FULL)
        assert len(together) == len(ladder) == 3
        for version, (by_key, with_data) in zip(ladder, together, strict=True):
            assert by_key == _fresh(units, 2025, version)
            assert with_data == ({(unit.pk, 2025) for unit in units[:2]} if version.code == SET else set())
        assert EvaluationCache.objects.filter(year=2025).count() == 9
    assert dashboards.summaries_of_versions([], [2025], ladder) == [({}, set())] * 3
