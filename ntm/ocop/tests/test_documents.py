"""The OCOP certificate in the Decree 30 layout: Word, PDF from it, and a PNG of its first page to look at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from ntm.core.wordtemplates import open_document
from ntm.ocop.documents import certificate_docx, certificate_pdf, decision_docx, minutes_docx
from ntm.ocop.models import Certificate, Decision
from ntm.ocop.tests.factories import ALL_TOP, load_sheets, make_evaluation
from ntm.testing.browser import SCREENSHOTS

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    document = open_document(data)
    parts = [p.text for p in document.paragraphs]
    parts += [
        p.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
    ]
    return "\n".join(parts)


def test_certificate_word_pdf_and_png(cast, tmp_path):
    load_sheets()
    evaluation = make_evaluation(cast, upto="decided")
    certificate = Certificate.objects.get(product=evaluation.product)
    text = text_of(certificate_docx(certificate))
    assert "GIẤY CHỨNG NHẬN" in text and "Rau cải Long Phước" in text
    assert "hạng 4 sao" in text and "Số: OCOP-2026-001" in text
    assert "123/QĐ-UBND ngày 02/03/2026" in text and "02/03/2029" in text
    assert "Quyết định số 148/QĐ-TTg" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    pdf = tmp_path / "giay-chung-nhan.pdf"
    pdf.write_bytes(certificate_pdf(certificate))
    assert pdf.read_bytes().startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "GIẤY CHỨNG NHẬN" in pdf_text and "OCOP-2026-001" in pdf_text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "ocop-certificate"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    rendered = sorted(Path(SCREENSHOTS).glob("ocop-certificate*.png"))
    assert rendered and rendered[-1].stat().st_size > 5000


def test_certificate_download_is_scoped(cast, client_as):
    load_sheets()
    evaluation = make_evaluation(cast, upto="decided")
    certificate = Certificate.objects.get(product=evaluation.product)
    url = reverse("ocop:certificate_document", args=[certificate.pk, "docx"])
    assert client_as(cast.producer).get(url).status_code == 200
    assert client_as(cast.officer_b).get(url).status_code == 404
    assert (
        client_as(cast.coordinator)
        .get(reverse("ocop:certificate_document", args=[certificate.pk, "exe"]))
        .status_code
        == 404
    )


def _png_of(docx: bytes, tmp_path, name: str) -> Path:
    from ntm.core.documents import docx_to_pdf

    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(docx_to_pdf(docx))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / name
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    rendered = sorted(Path(SCREENSHOTS).glob(f"{name}-*.png"))
    assert rendered and rendered[-1].stat().st_size > 5000
    return pdf


def test_council_minutes_word_and_png(cast, tmp_path):
    load_sheets()
    low = {"A.1.1": "b", "B.1.1": "b", "C.1.1": "a"}  # 20 + 10 + 0 = 30: C.1.1 fails its 3★ condition
    evaluation = make_evaluation(cast, upto="scored", scores=(low, ALL_TOP, ALL_TOP))
    docx = minutes_docx(evaluation)
    text = text_of(docx)
    assert "BIÊN BẢN" in text and "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP" in text
    assert "Rau cải Long Phước" in text and "Phiếu thử nghiệm" in text
    assert "30" in text and "100" in text  # the members' totals
    assert "Điểm trung bình của Hội đồng: 76,67 điểm" in text
    assert "hạng sau khi xét tiêu chí bắt buộc: 1 sao" not in text  # C.1.1's average is 23.33 ≥ 15
    assert "vượt ngưỡng" in text  # 100 - 30 = 70 > 10
    assert "đề nghị Ủy ban nhân dân tỉnh công nhận hạng 4 sao" in text
    pdf = _png_of(docx, tmp_path, "ocop-council-minutes")
    pdf_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    assert "BIÊN BẢN" in pdf_text.decode()


def test_ranking_decision_word_and_png(cast, tmp_path):
    load_sheets()
    evaluation = make_evaluation(cast, upto="decided")
    decision = Decision.objects.get(evaluation=evaluation)
    docx = decision_docx(decision)
    text = text_of(docx)
    assert "QUYẾT ĐỊNH" in text and "Số: 123/QĐ-UBND" in text
    assert "Về việc công nhận sản phẩm đạt chuẩn OCOP năm 2026" in text
    assert "Rau cải Long Phước" in text and "OCOP-2026-001" in text and "4 sao" in text
    assert "02/03/2029" in text and "Quyết định số 148/QĐ-TTg" in text
    _png_of(docx, tmp_path, "ocop-ranking-decision")


def test_minutes_are_staff_only_and_decisions_follow_the_certificate_scope(cast, client_as):
    load_sheets()
    evaluation = make_evaluation(cast, upto="decided")
    decision = Decision.objects.get(evaluation=evaluation)
    minutes = reverse("ocop:minutes_document", args=[evaluation.pk, "docx"])
    assert client_as(cast.coordinator).get(minutes).status_code == 200
    assert client_as(cast.officer_a).get(minutes).status_code == 200
    assert client_as(cast.producer).get(minutes).status_code == 404
    assert client_as(cast.officer_b).get(minutes).status_code == 404
    url = reverse("ocop:decision_document", args=[decision.pk, "docx"])
    assert client_as(cast.producer).get(url).status_code == 200
    assert client_as(cast.officer_b).get(url).status_code == 404
    page = client_as(cast.coordinator).get(reverse("ocop:evaluation", args=[evaluation.pk])).content.decode()
    assert minutes in page and url in page
