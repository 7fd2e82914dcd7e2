"""Household lists from Excel: validated, every bad row reported, nothing written on error, no ID numbers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from ntm.audit.models import AuditEntry
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import StateConflict
from ntm.surveys.models import Household
from ntm.surveys.services.answers import answer_submit
from ntm.surveys.services.campaigns import campaign_close
from ntm.surveys.services.households import households_import
from ntm.surveys.tests.factories import all_satisfied, make_survey, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast):
    return make_survey(cast, per_hamlet=0, open_it=False)


def test_a_valid_list_is_imported_with_a_token_per_household(draft):
    counts = households_import(
        campaign=draft.campaign,
        data=workbook(
            [
                ("BK-001", "Nguyễn Văn An", "Ấp Bà Ký"),
                ("BK-002", "Trần Thị Bình", "bà ký"),  # without "Ấp", any case, no tone marks needed
                (" PH-001 ", "Lê  Văn   Cường", "Ap Phuoc Hoa"),
            ]
        ),
    )
    assert counts == {"created": 3, "updated": 0, "unchanged": 0}
    households = {h.code: h for h in Household.objects.filter(campaign=draft.campaign)}
    assert set(households) == {"BK-001", "BK-002", "PH-001"}
    assert (
        households["PH-001"].head_name == "Lê Văn Cường"
        and households["PH-001"].hamlet.name == "Ấp Phước Hòa"
    )
    hashes = {h.token_hash for h in households.values()}
    assert len(hashes) == 3 and all(len(value) == 64 for value in hashes)
    entry = AuditEntry.objects.get(action="survey.households_import")
    assert entry.changes["extra"] == counts and "Nguyễn" not in str(entry.changes)


def test_every_bad_row_is_reported_and_nothing_is_written(draft):
    rows = [
        ("BK-001", "Nguyễn Văn An", "Ấp Bà Ký"),
        ("079123456789", "Trần Thị Bình", "Ấp Bà Ký"),  # a CCCD number used as code
        ("BK-003", "Lê Văn C 079123456789", "Ấp Bà Ký"),  # an ID number in the name
        ("BK-001", "Phạm Văn D", "Ấp Bà Ký"),  # duplicate code
        ("BK-005", "Võ Thị E", "Ấp Không Có"),  # unknown hamlet
        ("", "", ""),  # empty row: skipped
        ("BK 006!", "", "Ấp Bà Ký"),  # bad code, missing name
    ]
    with pytest.raises(ExcelImportError) as caught:
        households_import(campaign=draft.campaign, data=workbook(rows))
    errors = "\n".join(caught.value.errors)
    assert "dòng 3, cột A" in errors and "CMND/CCCD" in errors
    assert "dòng 4, cột B" in errors and "số định danh" in errors
    assert "dòng 5, cột A" in errors and "trùng với dòng 2" in errors
    assert "dòng 6, cột C" in errors and "không có ấp, khu phố “Ấp Không Có”" in errors
    assert "dòng 8, cột A" in errors and "dòng 8, cột B" in errors
    assert "dòng 7" not in errors
    assert not Household.objects.exists()


def test_wrong_files_are_refused(draft):
    with pytest.raises(ExcelImportError, match="không phải bảng tính Excel"):
        households_import(campaign=draft.campaign, data=b"%PDF-1.4 not a workbook")
    with pytest.raises(ExcelImportError) as caught:
        households_import(campaign=draft.campaign, data=workbook([], headers=("Mã hộ", "Họ tên", "CCCD")))
    assert "tiêu đề cột" in " ".join(caught.value.errors)
    with pytest.raises(ExcelImportError, match="không có dòng dữ liệu"):
        households_import(campaign=draft.campaign, data=workbook([]))
    with override_settings(NTM_MAX_UPLOAD_BYTES=100), pytest.raises(ExcelImportError, match="quá lớn"):
        households_import(campaign=draft.campaign, data=workbook([("A", "B", "Ấp Bà Ký")]))


def test_reimport_updates_unanswered_households_and_protects_answered_ones(survey):
    household = survey.households[0]
    answer_submit(household=household, responses=all_satisfied(survey.campaign), comments={})
    other = survey.households[1]
    counts = households_import(
        campaign=survey.campaign,
        data=workbook([(other.code, "Tên Mới", "Ấp Long Đức"), ("NEW-1", "Hộ Mới", "Ấp Bà Ký")]),
    )
    assert counts == {"created": 1, "updated": 1, "unchanged": 0}
    other.refresh_from_db()
    assert other.head_name == "Tên Mới" and other.hamlet.name == "Ấp Long Đức"
    with pytest.raises(ExcelImportError, match="đã trả lời"):
        households_import(campaign=survey.campaign, data=workbook([(household.code, "Đổi Tên", "Ấp Bà Ký")]))
    closed = campaign_close(campaign=survey.campaign)
    with pytest.raises(StateConflict):
        households_import(campaign=closed, data=workbook([("X-1", "A", "Ấp Bà Ký")]))


def test_import_page_lists_the_errors_and_the_template_downloads(client, draft):
    client.force_login(draft.front_a)
    upload = SimpleUploadedFile("ho.xlsx", workbook([("BK-1", "A", "Ấp Ma")]))
    response = client.post(reverse("surveys:import", args=[draft.campaign.pk]), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa lưu gì" in html and "Ấp Ma" in html
    ok = SimpleUploadedFile("ho.xlsx", workbook([("BK-1", "Nguyễn Văn A", "Ấp Bà Ký")]))
    done = client.post(reverse("surveys:import", args=[draft.campaign.pk]), {"file": ok}, follow=True)
    assert "Đã nhập danh sách hộ: thêm 1" in done.content.decode()
    template = client.get(reverse("surveys:household_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize(
    ("content", "refusal"), [(b"x" * 2048, "quá lớn"), (b"%PDF-1.4 renamed", "không phải bảng tính Excel")]
)
def test_the_import_page_refuses_oversized_and_renamed_files(client, draft, settings, content, refusal):
    settings.NTM_MAX_UPLOAD_BYTES = 1024
    client.force_login(draft.front_a)
    response = client.post(
        reverse("surveys:import", args=[draft.campaign.pk]),
        {"file": SimpleUploadedFile("ho-dan.xlsx", content)},
    )
    assert refusal in response.content.decode()
    assert not Household.objects.exists()


def test_the_template_has_an_example_row_the_import_skips_and_a_hamlet_drop_down(client, draft):
    client.force_login(draft.front_a)
    response = client.get(reverse("surveys:household_template") + f"?campaign={draft.campaign.pk}")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã hộ", "Họ tên chủ hộ", "Ấp, khu phố") and rows[1][0] == "VD-MAU"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list" and "Ấp Bà Ký" in validation.formula1 and "C2" in str(validation.sqref)
    # The example row left in place is skipped; the officer's rows are imported.
    sheet.append(["BK-009", "Phạm Văn Chín", "Ấp Bà Ký"])
    buffer = io.BytesIO()
    book.save(buffer)
    counts = households_import(campaign=draft.campaign, data=buffer.getvalue())
    assert counts["created"] == 1 and not Household.objects.filter(code="VD-MAU").exists()
