"""Browser journeys: a commune officer imports a lab result that breaches a limit, sees the alert and the point
coloured on the internal map, then enters household water coverage and sees indicator 17.1 of the commune take
the new share; a water-supply operator enters a breaching result of its own point and sees the alert."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from ntm.criteria.services import criteria_sets_load_shipped
from ntm.environment import lab_import, services
from ntm.environment.models import ParameterCatalogue
from ntm.testing.browser import SCREENSHOTS, screenshot
from ntm.testing.factories import TEST_PASSWORD
from ntm.units.models import UnitYearAttribute

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]
SET = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROVINCE_SET = "xa-ntm-dong-nai-2024-2025"


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def lab_file(tmp_path, catalogue_row) -> str:
    book = Workbook()
    sheet = book.active
    sheet.title = lab_import.SHEET
    headers = list(lab_import.headers(catalogue_row.catalogue()))
    sheet.append(headers)
    row = [None] * len(headers)
    row[0], row[1], row[2] = "NS-26413-01", "02/03/2025", "CDC Đồng Nai"
    row[headers.index("pH")] = "9,2"  # outside 6,0 - 8,5
    row[headers.index("Coliform (CFU/100 mL)")] = "0"
    sheet.append(row)
    path = tmp_path / "ket-qua.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_breach_alert_map_colour_and_indicator_17_1(page, live_cast, tmp_path):
    cast = live_cast
    criteria_sets_load_shipped()
    services.catalogues_load_shipped()
    UnitYearAttribute.objects.create(unit=cast.commune_a, year=2025, region="DNB")
    services.indicator_source_link(
        actor=cast.coordinator, set_code=SET, indicator_code="17.1", source=services.CLEAN_WATER
    )
    criteria_sets_load_shipped(paths=[services.PROVINCE_SET_FILE])
    services.indicator_source_link(
        actor=cast.coordinator,
        set_code=PROVINCE_SET,
        indicator_code="17.1",
        source=services.CLEAN_WATER_SHARES,
    )
    sign_in(page, "xa_a")

    # The officer adds the point, then imports the lab's file.
    page.goto("/moi-truong/diem/them/")
    page.get_by_label("Xã").select_option(str(cast.commune_a.pk))
    page.get_by_label("Mã", exact=True).fill("NS-26413-01")
    page.get_by_label("Tên", exact=True).fill("Trạm cấp nước ấp 3")
    page.get_by_label("Loại").select_option("centralised")
    page.get_by_label("Vĩ độ").fill("10,9")
    page.get_by_label("Kinh độ").fill("107,1")
    page.get_by_role("button", name="Thêm").click()
    page.get_by_role("heading", name="Trạm cấp nước ấp 3").wait_for()

    page.goto("/moi-truong/ket-qua/nhap-excel/")
    page.get_by_label("Tệp Excel kết quả (.xlsx)").set_input_files(
        lab_file(tmp_path, ParameterCatalogue.objects.get(code="qcvn-01-1-2018"))
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_text("1 mẫu vượt giới hạn").wait_for()
    assert "pH: 9,2" in page.locator("main").inner_text()
    screenshot(page, "environment-exceedances")

    # The alert reached the commune officer.
    page.goto("/thong-bao/")
    assert "vượt giới hạn: pH" in page.locator("main").inner_text()

    # The internal map's water-point layer colours the point as an alert.
    layer = page.request.get("/ban-do/noi-bo/lop/nuoc-sach/").json()
    assert layer["features"][0]["properties"]["status"] == "alert"
    assert layer["features"][0]["properties"]["colour"] == "#b42318"

    # Household coverage feeds 17.1 of the commune.
    page.goto("/moi-truong/nuoc-sach-ho-gia-dinh/")
    page.get_by_label("Xã").select_option(str(cast.commune_a.pk))
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Số hộ", exact=True).fill("2400")
    page.get_by_label("Số hộ dùng nước hợp vệ sinh").fill("2376")
    page.get_by_label("Số hộ dùng nước sạch đạt quy chuẩn").fill("2040")
    page.get_by_label("trong đó từ công trình cấp nước tập trung").fill("984")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("85.0%").or_(page.get_by_text("85,0%")).first.wait_for()
    screenshot(page, "environment-commune")
    page.goto(f"/danh-gia/don-vi/2025/26413/?year=2025&set={SET}")
    row = page.locator('li[id="ind-17.1"]')
    assert "85" in row.inner_text()
    screenshot(page, "environment-indicator-17-1")
    # The province's set judges 17.1 as a composite: 85,0% clean water but 41,0% piped, short of 2025's 45%.
    page.goto(f"/danh-gia/don-vi/2025/26413/?year=2025&set={PROVINCE_SET}")
    row = page.locator('li[id="ind-17.1"]')
    text = row.inner_text()
    assert "85" in text and "41" in text and "45" in text, text
    row.screenshot(path=str(SCREENSHOTS / "environment-indicator-17-1-province.png"))


def test_the_operator_enters_a_breaching_result_of_its_point_and_sees_the_alert(page, live_cast):
    """The water-supply operator's account (đơn vị cấp nước) enters the lab result of the scheme it runs with the
    lab report attached; the result breaches a limit: the warning names the parameter, the alert reaches the
    operator (and the commune), the point turns red, and a point the operator does not run stays out of reach."""
    cast = live_cast
    services.catalogues_load_shipped()
    own = services.water_point_create(
        actor=cast.coordinator,
        unit=cast.commune_a,
        code="NS-26413-05",
        name="Trạm cấp nước ấp 5",
        kind="centralised",
        operator_organisation=cast.water_operator,
        latitude=Decimal("10.9"),
        longitude=Decimal("107.1"),
    )
    other = services.water_point_create(
        actor=cast.coordinator, unit=cast.commune_a, code="NS-26413-06", name="Giếng ấp 6", kind="household"
    )
    cast.operator  # noqa: B018 (the operator's account, made on first use)
    sign_in(page, "capnuoc_a")

    page.goto("/moi-truong/diem/")
    listing = page.locator("main").inner_text()
    assert "Trạm cấp nước ấp 5" in listing and "Giếng ấp 6" not in listing
    page.get_by_role("link", name="Trạm cấp nước ấp 5").first.click()
    page.get_by_role("link", name="Nhập kết quả xét nghiệm").click()
    page.get_by_label("Ngày lấy mẫu (dd/mm/yyyy)").fill("02/03/2025")
    page.get_by_label("Phòng thí nghiệm").fill("CDC Đồng Nai")
    page.get_by_label("Phiếu kết quả xét nghiệm").set_input_files(
        files=[{"name": "phieu.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("pH", exact=True).fill("9,3")  # outside 6,0 - 8,5
    page.get_by_role("button", name="Ghi vào sổ").click()
    page.get_by_text(
        "Vượt giới hạn: pH. Đã gửi cảnh báo tới xã, tỉnh và đơn vị cấp nước của điểm."
    ).wait_for()
    screenshot(page, "environment-operator-breach")
    assert page.get_by_role("link", name="Phiếu kết quả xét nghiệm").count() == 1

    page.goto("/thong-bao/")
    assert "Trạm cấp nước ấp 5" in page.locator("main").inner_text()
    assert "vượt giới hạn: pH" in page.locator("main").inner_text()
    page.goto("/moi-truong/vuot-gioi-han/?year=2025")
    assert "Trạm cấp nước ấp 5" in page.locator("main").inner_text()
    layer = page.request.get("/ban-do/noi-bo/lop/nuoc-sach/").json()
    assert [f["properties"]["status"] for f in layer["features"]] == ["alert"]
    assert page.request.get(f"/moi-truong/diem/{other.pk}/ket-qua/them/").status == 404
    assert page.request.get(f"/moi-truong/diem/{own.pk}/").status == 200
