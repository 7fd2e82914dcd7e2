"""Pages of criteria sets: who may open them, what they show, the edit and import forms, pinned query counts."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from ntm.audit.models import AuditEntry
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_set_freeze, criteria_sets_load_shipped
from ntm.criteria.tests.factories import INVENTED_CODE, edit_workbook, load_invented
from ntm.testing.permissions import assert_access, rows_of
from ntm.units.services.registry import unit_attribute_set

pytestmark = pytest.mark.django_db

EVERYONE = {"coordinator": 200, "officer_a": 200, "officer_b": 200, "department": 200, "auditor": 200}
SIGNED_IN = {**EVERYONE, "anonymous": 302}
EDITORS_ONLY = {
    "coordinator": 200,
    "officer_a": 403,
    "officer_b": 403,
    "department": 403,
    "auditor": 403,
    "anonymous": 302,
}


@pytest.fixture
def invented(tmp_path):
    return load_invented(tmp_path)


@pytest.fixture
def shipped():
    criteria_sets_load_shipped()
    return CriteriaSetVersion.objects.get(code="xa-ntm-2021-2025")


def url(name: str, *args) -> str:
    return reverse(f"criteria:{name}", args=args)


# --- Permission matrix ---------------------------------------------------------------------------------------


def test_list_and_detail_are_public(client_as, cast, invented):
    for target in (url("list"), url("detail", INVENTED_CODE), url("detail", invented.ref)):
        assert_access(client_as, cast, target, {**EVERYONE, "anonymous": 200})


def test_excel_download_and_evaluation_need_a_sign_in(client_as, cast, invented):
    assert_access(client_as, cast, url("excel", invented.ref), SIGNED_IN)
    assert_access(client_as, cast, url("evaluate", INVENTED_CODE), SIGNED_IN)


def test_edit_and_import_pages_are_for_coordinators_only(client_as, cast, invented):
    assert_access(client_as, cast, url("indicator_edit", INVENTED_CODE, "S1.1"), EDITORS_ONLY)
    assert_access(client_as, cast, url("import"), EDITORS_ONLY)
    refused_posts = {**EDITORS_ONLY, "coordinator": 400}
    unchanged = rows_of(CriteriaSetVersion, AuditEntry)
    assert_access(client_as, cast, url("import"), refused_posts, method="post", unchanged=unchanged)
    assert_access(
        client_as,
        cast,
        url("indicator_edit", INVENTED_CODE, "S1.1"),
        refused_posts,
        method="post",
        unchanged=unchanged,
    )
    assert CriteriaSetVersion.objects.count() == 1


def test_unknown_sets_versions_and_indicators_answer_404(client_as, cast, invented):
    detail_pages = (url("detail", "khong-co"), url("detail", f"{INVENTED_CODE}@9"))
    excel = url("excel", "khong-co@1")
    for target in (*detail_pages, excel):
        assert client_as(cast.officer_a).get(target).status_code == 404
    for target in detail_pages:  # set pages are public: an unknown one is 404 for everyone
        assert client_as(None).get(target).status_code == 404
    assert client_as(None).get(excel).status_code == 302  # the download needs a sign-in first
    assert client_as(cast.coordinator).get(url("indicator_edit", INVENTED_CODE, "Z.9")).status_code == 404


def test_a_superuser_without_a_role_may_edit(client_as, cast, invented):
    cast.auditor.is_superuser = True
    cast.auditor.save()
    assert client_as(cast.auditor).get(url("indicator_edit", INVENTED_CODE, "S1.1")).status_code == 200


# --- List and detail -----------------------------------------------------------------------------------------


@pytest.mark.sqlite_journey
def test_list_shows_each_set_with_its_threshold_counts(client_as, cast, shipped):
    page = client_as(None).get(url("list")).content.decode()
    for code in ("xa-ntm-2021-2025", "xa-nang-cao-2021-2025", "xa-kieu-mau-2021-2025", "xa-ntm-2026-2030"):
        assert f'data-set="{code}"' in page
    stats = shipped.stats
    assert f'<td class="num">{stats["thresholds"]["unconfirmed"]}</td>' in page
    partial = (
        client_as(None).get(url("list"), {"subject": "district"}, HTTP_HX_REQUEST="true").content.decode()
    )
    assert "<html" not in partial and 'data-set="huyen-ntm-2021-2025"' in partial
    assert 'data-set="xa-ntm-2021-2025"' not in partial
    filtered = client_as(None).get(url("list"), {"year": 2027}).content.decode()
    assert 'data-set="xa-ntm-2026-2030"' in filtered and 'data-set="xa-ntm-2021-2025"' not in filtered
    assert (
        "Không có bộ tiêu chí nào khớp"
        in client_as(None).get(url("list"), {"q": "khong-co-gi"}).content.decode()
    )


def test_empty_list_says_how_to_load_the_sets(client_as, cast):
    assert "load_criteria_sets" in client_as(cast.coordinator).get(url("list")).content.decode()


@pytest.mark.sqlite_journey
def test_detail_shows_the_summary_provenance_badges_departments_and_history(client_as, cast, shipped):
    page = client_as(cast.officer_a).get(url("detail", shipped.code)).content.decode()
    stats = shipped.stats
    assert f"<strong>{stats['unconfirmed']}</strong> ngưỡng chưa xác nhận" in page
    assert f"<strong>{stats['missing']}</strong> chưa có ngưỡng" in page
    for label in ("Đã xác nhận", "Xác nhận một phần", "Chưa xác nhận", "Chưa có giá trị"):
        assert label in page
    assert 'id="indicator-8.4"' in page and "≥ 80%" in page
    assert "Sở Nông nghiệp và Môi trường" in page  # SNNMT is a department of the cast's province
    assert "Nạp từ tệp bộ tiêu chí đi kèm xa-ntm-2021-2025.toml." in page
    assert "sua/" not in page  # an officer gets no edit link


def test_detail_of_an_earlier_version_points_to_the_latest_and_shows_frozen(client_as, cast, invented):
    criteria_set_freeze(version=invented)
    client = client_as(cast.coordinator)
    client.post(
        url("indicator_edit", INVENTED_CODE, "S2.1"),
        edit_data(
            invented,
            "S2.1",
            rules=[{"value": "12", "provenance": "confirmed", "source": "QĐ 318/QĐ-TTg, Phụ lục I"}],
        ),
    )
    page = client.get(url("detail", invented.ref)).content.decode()
    assert "Đây là phiên bản cũ" in page and f"{INVENTED_CODE}@2" in page
    assert "Đã khóa" in page
    assert "/sua/" not in page  # no edit links on an earlier version


def test_list_and_detail_query_counts_are_pinned(client_as, cast, shipped, django_assert_num_queries):
    client = client_as(cast.coordinator)
    client.get(url("list"))  # warm the per-process caches (instance state, parsed content)
    client.get(url("detail", shipped.code))
    # session, user, roles (edit link), the two-step check (a confirmed authenticator for province staff),
    # count + page of the latest versions, then the session save (3)
    with django_assert_num_queries(9):
        assert client.get(url("list")).status_code == 200
    # session, user, roles, the two-step check, the version, its history, the department names, then the session
    # save (3)
    with django_assert_num_queries(10):
        assert client.get(url("detail", shipped.code)).status_code == 200
    anonymous = client_as(None)
    with django_assert_num_queries(3):
        assert anonymous.get(url("detail", "xa-nang-cao-2021-2025")).status_code == 200


# --- Excel download ------------------------------------------------------------------------------------------


def test_excel_download_is_the_versions_workbook(client_as, cast, invented):
    response = client_as(cast.department).get(url("excel", invented.ref))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"bo-tieu-chi-{INVENTED_CODE}-v1.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Hướng dẫn", "Chỉ tiêu", "Ngưỡng"]


# --- Evaluation ----------------------------------------------------------------------------------------------


@pytest.mark.sqlite_journey
def test_evaluation_with_typed_context_shows_statuses_and_provisional(client_as, cast, shipped):
    response = client_as(cast.officer_a).get(
        url("evaluate", shipped.code),
        {"year": 2024, "region": "DNB", "v_3.1": "85", "v_4.2": "98,5", "v_8.4": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-result="3.1" data-status="met"' in page
    assert 'data-result="4.2" data-status="not_met"' in page
    assert 'data-result="2.2" data-status="no_threshold"' in page
    assert 'data-result="5" data-status="no_threshold"' in page
    assert 'data-result="1.1" data-status="missing"' in page
    for label in ("Đạt", "Chưa đạt", "Thiếu số liệu", "Chưa có ngưỡng", "tạm tính", "tự đánh giá"):
        assert label in page
    assert 'data-testid="criteria-met"' in page


def test_evaluation_from_a_units_attributes(client_as, cast, invented):
    unit_attribute_set(
        unit=cast.commune_a, year=2027, region="VEN_BIEN", disadvantaged=False, commune_group=None, note=""
    )
    unit_attribute_set(
        unit=cast.commune_b, year=2027, region="VEN_BIEN", disadvantaged=False, commune_group=None, note=""
    )
    client = client_as(cast.coordinator)
    page = client.get(
        url("evaluate", INVENTED_CODE), {"unit": cast.commune_a.pk, "year": 2027, "v_S1.1": "75"}
    ).content.decode()
    assert "Xã Long Phước" in page
    assert 'data-result="S1.1" data-status="not_met"' in page  # the coast's 2027 threshold, 75.5%
    assert 'data-result="S1.2" data-status="missing"' in page  # "nếu có" not declared
    ward = client.get(url("evaluate", INVENTED_CODE), {"unit": cast.commune_b.pk, "year": 2027})
    assert ward.status_code == 400 and "Phường và thị trấn" in ward.content.decode()
    no_attributes = client.get(url("evaluate", INVENTED_CODE), {"unit": cast.commune_a.pk, "year": 2026})
    assert no_attributes.status_code == 400


def test_evaluation_offers_only_units_in_scope(client_as, cast, invented):
    unit_attribute_set(
        unit=cast.commune_a, year=2027, region="VEN_BIEN", disadvantaged=False, commune_group=None, note=""
    )
    response = client_as(cast.officer_b).get(
        url("evaluate", INVENTED_CODE), {"unit": cast.commune_a.pk, "year": 2027}
    )
    assert response.status_code == 400
    assert "Xã Long Phước" not in response.content.decode()


def test_evaluation_refuses_bad_values_naming_the_indicator(client_as, cast, shipped):
    client = client_as(cast.officer_a)
    response = client.get(url("evaluate", shipped.code), {"year": 2024, "v_3.1": "140"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Chỉ tiêu 3.1: tỷ lệ phải trong khoảng 0-100%, nhận được 140%" in page
    assert "data-result" not in page
    typed = client.get(url("evaluate", shipped.code), {"year": 2024, "v_4.2": "chín mươi"})
    assert typed.status_code == 400 and "nhập một số, ví dụ 80" in typed.content.decode()
    outside = client.get(url("evaluate", shipped.code), {"year": 2030})
    assert outside.status_code == 400


# --- Editing one indicator -----------------------------------------------------------------------------------


def edit_data(version, code: str, *, rules: list[dict], note: str = "Ngưỡng chính thức", **fields) -> dict:
    indicator = version.criteria_set().find_indicator(code)
    data = {
        "name": indicator.name,
        "measure_unit": indicator.measure_unit,
        "kind": indicator.kind,
        "op": indicator.op or "",
        "legal_source": indicator.legal_source,
        "provenance": indicator.provenance.status,
        "source": indicator.provenance.source,
        "note": indicator.provenance.note,
        "department": indicator.department.code,
        "department_provenance": indicator.department.provenance.status,
        "department_source": indicator.department.provenance.source,
        "applies_if": indicator.applies_if or "",
        "change_note": note,
        "rules-TOTAL_FORMS": str(len(rules) + 2),  # and the two blank extra rows a browser sends
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        **fields,
    }
    blank = dict.fromkeys(("region", "group", "year", "value", "min", "max", "expected", "levels"), "")
    blank |= dict.fromkeys(("ref_set", "ref_indicator", "factor", "provenance", "source", "note"), "")
    for index, rule in enumerate([*rules, blank, blank]):
        data.update({f"rules-{index}-{key}": value for key, value in {**blank, **rule}.items()})
    return data


@pytest.mark.sqlite_journey
def test_coordinator_edits_a_threshold_and_gets_a_new_version(client_as, cast, invented):
    client = client_as(cast.coordinator)
    form = client.get(url("indicator_edit", INVENTED_CODE, "S1.1")).content.decode()
    assert 'name="rules-1-value" value="75,5"' in form
    data = edit_data(
        invented,
        "S1.1",
        rules=[
            {"value": "72,5", "provenance": "confirmed", "source": "QĐ 318/QĐ-TTg, Phụ lục I, dòng 1"},
            {
                "region": "VEN_BIEN",
                "year": "2027",
                "value": "75,5",
                "provenance": "confirmed",
                "source": "QĐ 51/2025/QĐ-TTg, Phụ lục I",
            },
        ],
        note="Ngưỡng chung theo bản chính thức",
    )
    response = client.post(url("indicator_edit", INVENTED_CODE, "S1.1"), data)
    assert response.status_code == 302 and response["Location"] == url("detail", f"{INVENTED_CODE}@2")
    new = CriteriaSetVersion.objects.get(code=INVENTED_CODE, version=2)
    rule = new.criteria_set().find_indicator("S1.1").thresholds[0]
    assert (rule.value, rule.provenance.status) == (72.5, "confirmed")
    assert (new.source, new.created_by, new.change_note) == (
        "ui",
        cast.coordinator,
        "Ngưỡng chung theo bản chính thức",
    )
    assert AuditEntry.objects.filter(action="criteria_set.version_create", actor=cast.coordinator).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Ngưỡng chung theo bản chính thức" in page and "Đã lưu thành phiên bản" in page


def test_edit_errors_are_shown_next_to_the_rule_and_nothing_is_saved(client_as, cast, invented):
    client = client_as(cast.coordinator)
    data = edit_data(
        invented,
        "S1.1",
        rules=[
            {"value": "140", "provenance": "confirmed", "source": "QĐ 318/QĐ-TTg"},
            {"region": "VEN_BIEN", "value": "", "provenance": "unconfirmed", "source": "QĐ 318/QĐ-TTg"},
        ],
    )
    response = client.post(url("indicator_edit", INVENTED_CODE, "S1.1"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "ngưỡng tỷ lệ phải trong khoảng 0-100%" in page
    assert "thiếu giá trị ngưỡng" in page
    no_note = client.post(url("indicator_edit", INVENTED_CODE, "S1.1"), {**data, "change_note": ""})
    assert no_note.status_code == 400
    assert CriteriaSetVersion.objects.count() == 1


def test_edit_errors_in_english_are_placed_by_the_rule_number_not_by_wording(client_as, cast, invented):
    client = client_as(cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = edit_data(
        invented, "S1.1", rules=[{"value": "140", "provenance": "confirmed", "source": "QĐ 318/QĐ-TTg"}]
    )
    page = client.post(url("indicator_edit", INVENTED_CODE, "S1.1"), data).content.decode()
    assert "a share threshold must be within 0-100%" in page
    assert "threshold no. 1" not in page  # shown on the rule's row, without its place
    assert CriteriaSetVersion.objects.count() == 1


def test_editing_an_earlier_version_redirects_to_the_latest(client_as, cast, invented):
    client = client_as(cast.coordinator)
    client.post(
        url("indicator_edit", INVENTED_CODE, "S2.1"),
        edit_data(
            invented, "S2.1", rules=[{"value": "12", "provenance": "confirmed", "source": "QĐ 318/QĐ-TTg"}]
        ),
    )
    response = client.get(url("indicator_edit", invented.ref, "S1.1"))
    assert response["Location"] == url("indicator_edit", f"{INVENTED_CODE}@2", "S1.1")


# --- Excel import --------------------------------------------------------------------------------------------


def upload(client, data: bytes, note: str = "Nhập từ bản chính thức", name: str = "bo.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(url("import"), {"file": file, "change_note": note})


def test_import_page_imports_and_redirects_to_the_new_version(client_as, cast, invented):
    client = client_as(cast.coordinator)
    data = client.get(url("excel", invented.ref)).content
    edited = edit_workbook(data, {("Ngưỡng", "S2.1", "G"): 15, ("Ngưỡng", "S2.1", "O"): "confirmed"})
    response = upload(client, edited)
    assert response.status_code == 302 and response["Location"] == url("detail", f"{INVENTED_CODE}@2")
    assert CriteriaSetVersion.objects.get(version=2).source == "excel"


def test_import_page_lists_every_error_with_its_place(client_as, cast, invented):
    client = client_as(cast.coordinator)
    data = client.get(url("excel", invented.ref)).content
    edited = edit_workbook(data, {("Ngưỡng", "S2.1", "G"): "mười", ("Ngưỡng", "S1.2", "J"): "có thể"})
    page = upload(client, edited).content.decode()
    assert "Sheet Ngưỡng, dòng 5, cột G" in page and "Sheet Ngưỡng, dòng 4, cột J" in page
    page = upload(client, b"%PDF-1.7 pretending", name="bo.xlsx").content.decode()
    assert "Tệp không phải bảng tính Excel (.xlsx)." in page
    assert CriteriaSetVersion.objects.count() == 1


def test_import_errors_in_english_keep_their_row_and_column(client_as, cast, invented):
    client = client_as(cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = client.get(url("excel", invented.ref)).content
    page = upload(client, edit_workbook(data, {("Ngưỡng", "S1.1", "G"): 140})).content.decode()
    assert "Sheet Ngưỡng, row 2, column G: indicator S1.1: a share threshold must be within 0-100%" in page
    assert CriteriaSetVersion.objects.count() == 1


@override_settings(NTM_MAX_UPLOAD_BYTES=1024)
def test_import_page_refuses_an_oversized_file(client_as, cast, invented):
    response = upload(client_as(cast.coordinator), b"x" * 4096)
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
