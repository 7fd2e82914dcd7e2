"""The OCOP certificate in the Decree 30 layout: Word, PDF from it, and a PNG of its first page to look at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from ntm.core.wordtemplates import open_document
from ntm.ocop.documents import certificate_docx, certificate_pdf
from ntm.ocop.models import Certificate
from ntm.ocop.tests.factories import load_sheets, make_evaluation
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
