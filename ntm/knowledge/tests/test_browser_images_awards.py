"""Browser journey: a commune officer adds an image to a draft good model (private until published), the
coordinator publishes it and a citizen sees the image; the citizen finds the year's awards from the library."""

import datetime as dt
import io

import pytest
from PIL import Image

from ntm.knowledge import services
from ntm.knowledge.models import ArticleImage, AwardForm
from ntm.knowledge.tests.factories import good_model_data
from ntm.knowledge.tests.test_browser_knowledge import sign_in
from ntm.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_journey]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_image_of_a_good_model_reaches_the_public_page_only_when_published(
    page, live_cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cast = live_cast
    article = services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a))
    sign_in(page, "xa_a")
    page.goto(f"/kien-thuc/quan-ly/{article.pk}/")
    page.get_by_label("Ảnh (JPEG hoặc PNG, tối đa 2 MB)").set_input_files(
        {"name": "duong-hoa.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_label("Chú thích (không bắt buộc)").fill("Tuyến đường hoa ấp 3")
    page.get_by_role("button", name="Thêm ảnh").click()
    page.get_by_text("Đã thêm ảnh.").wait_for()
    image = page.get_by_test_id("article-image")
    image.wait_for()
    assert image.evaluate("img => img.naturalWidth") == 40  # the draft's image, served to its writer
    image_id = ArticleImage.objects.get().pk

    # Not published yet: a citizen gets nothing.
    page.context.clear_cookies()
    assert page.goto(f"/kien-thuc/{article.pk}/anh/{image_id}/").status == 404

    services.article_transition(actor=cast.officer_a, article=article, action="submit")
    services.article_transition(actor=cast.coordinator, article=article, action="publish")
    page.goto(f"/kien-thuc/{article.pk}/")
    public = page.get_by_role("img", name="Tuyến đường hoa ấp 3")
    public.wait_for()
    assert public.evaluate("img => img.complete && img.naturalWidth") == 40
    screenshot(page, "knowledge-article-image")
    assert axe_violations(page) == []


def test_a_citizen_reads_the_years_awards_from_the_library(page, live_cast):
    cast = live_cast
    decision = services.award_decision_create(
        actor=cast.coordinator,
        data={
            "unit": cast.province,
            "movement": None,
            "number": "15/QĐ-UBND",
            "decided_on": dt.date(2025, 11, 20),
            "parent_body": "",
            "issuing_body": "Ủy ban nhân dân tỉnh Đồng Nai",
            "place": "Đồng Nai",
            "reason": "xuất sắc trong phong trào thi đua năm 2025",
            "basis": "",
            "signer_title": "Chủ tịch",
            "signer_name": "",
        },
    )
    services.award_add(
        actor=cast.coordinator, decision=decision, form=AwardForm.CERTIFICATE, recipient_unit=cast.commune_a
    )
    services.award_add(
        actor=cast.coordinator,
        decision=decision,
        form=AwardForm.COMMENDATION,
        person_name="Trần Thị Bình",
        person_position="Trưởng ấp 3",
    )
    page.goto("/kien-thuc/")
    page.get_by_role("link", name="Khen thưởng thi đua").click()
    page.wait_for_url("**/kien-thuc/khen-thuong/")
    section = page.get_by_test_id("award-decision")
    section.get_by_role("heading", name="Quyết định 15/QĐ-UBND ngày 20/11/2025").wait_for()
    rows = section.locator("tbody tr")
    assert rows.count() == 2
    assert cast.commune_a.name in rows.nth(0).inner_text()
    assert "Trần Thị Bình, Trưởng ấp 3" in rows.nth(1).inner_text()
    screenshot(page, "knowledge-public-awards")
    assert axe_violations(page) == []
