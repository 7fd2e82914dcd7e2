"""Generated documents: content of the Word files (python-docx), the PDF from LibreOffice, replaceable templates."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from ntm.core.exceptions import ServiceError
from ntm.core.wordtemplates import open_document
from ntm.jobs.models import Job
from ntm.recognition import documents
from ntm.recognition.models import DossierDocument
from ntm.recognition.services import dossiers
from ntm.recognition.tests.factories import Journey, load_data, make_dossier, people
from ntm.testing.browser import SCREENSHOTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(cast):
    load_data()
    return make_dossier(cast)


def generate(dossier, kind, actor, number=""):
    job = documents.document_generate_start(dossier=dossier, kind=kind, actor=actor, number=number)
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    return DossierDocument.objects.filter(dossier=dossier, code=kind, generated=True).latest("id")


def word(document: DossierDocument):
    with document.docx.open("rb") as handle:
        return open_document(handle.read())


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_results_report_has_the_header_number_and_criteria_table(cast, dossier):
    generated = generate(dossier, "bao_cao_ket_qua", cast.officer_a, number="15/BC-UBND")
    doc = word(generated)
    text = text_of(doc)
    assert "ỦY BAN NHÂN DÂN" in text and "XÃ LONG PHƯỚC" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 15/BC-UBND" in text
    assert f"Long Phước, ngày {timezone.localdate():%d} tháng {timezone.localdate():%m}" in text
    assert "Kết quả thực hiện xây dựng xã đạt chuẩn nông thôn mới năm 2025" in text
    assert "Nơi nhận:" in text
    header, criteria, indicators = doc.tables[0], doc.tables[1], doc.tables[2]
    assert "Độc lập" in header.rows[0].cells[1].text
    assert [c.text for c in criteria.rows[0].cells] == [
        "STT",
        "Tiêu chí",
        "Chỉ tiêu đạt",
        "Kết quả",
        "Ghi chú",
    ]
    assert len(criteria.rows) == 1 + 19
    assert criteria.rows[1].cells[1].text == "1. Quy hoạch"
    assert criteria.rows[8].cells[1].text.startswith("8. Thông tin và Truyền thông")
    assert len(indicators.rows) > 50
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = [
        round(m.mm)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert generated.file.name.endswith(".pdf") and generated.size > 1000
    assert generated.step_code == "self_assessment"
    job = Job.objects.get(kind=documents.JOB_KIND)
    assert job.progress == 100 and job.result_file.name.endswith(".pdf")


def test_draft_decision_pdf_content_and_rendering(cast, dossier, tmp_path):
    cast_people = people(cast)
    Journey(dossier, cast_people).run_to("decision")
    dossiers.decision_details_set(
        dossier=dossier,
        number="123/QĐ-UBND",
        date=timezone.localdate(),
        signer="Võ Tấn Đức",
        signer_position="chair",
        actor=cast.coordinator,
    )
    dossier.refresh_from_db()
    generated = generate(dossier, "du_thao_quyet_dinh", cast.coordinator)
    text = text_of(word(generated))
    assert "KT. CHỦ TỊCH" not in text and "PHÓ CHỦ TỊCH" not in text  # the chair signs in person
    assert "TỈNH ĐỒNG NAI" in text and "Số: 123/QĐ-UBND" in text
    assert "Điều 1. Công nhận Xã Long Phước, tỉnh Đồng Nai đạt chuẩn nông thôn mới năm 2025." in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" in text and "Võ Tấn Đức" in text
    pdf_path = tmp_path / "qd.pdf"
    with generated.file.open("rb") as handle:
        pdf_path.write_bytes(handle.read())
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, check=True
    ).stdout
    pdf_text = pdf_text.decode()
    assert "Xã Long Phước" in pdf_text and "123/QĐ-UBND" in pdf_text and "QUYẾT ĐỊNH" in pdf_text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "recognition-draft-decision-test"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path), str(prefix)], check=True
    )
    rendered = sorted(Path(SCREENSHOTS).glob("recognition-draft-decision-test*.png"))
    assert rendered and rendered[-1].stat().st_size > 5000


def test_a_vice_chair_signs_for_the_chair(cast, dossier):
    """The title under the signature comes from the signer's recorded position, not from whether a name was typed."""
    Journey(dossier, people(cast)).run_to("decision")
    dossiers.decision_details_set(
        dossier=dossier,
        number="124/QĐ-UBND",
        date=timezone.localdate(),
        signer="Nguyễn Thị Phó",
        signer_position="vice_chair",
        actor=cast.coordinator,
    )
    dossier.refresh_from_db()
    text = text_of(word(generate(dossier, "du_thao_quyet_dinh", cast.coordinator)))
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nguyễn Thị Phó" in text


def test_request_appraisal_report_and_council_minutes(cast, dossier):
    cast_people = people(cast)
    journey = Journey(dossier, cast_people)
    journey.run_to("commune_meeting")
    request = text_of(word(generate(dossier, "to_trinh", cast.officer_a)))
    assert "TỜ TRÌNH" in request and "Kính gửi: Ủy ban nhân dân tỉnh Đồng Nai" in request
    assert "đã được công khai 5 lần" in request and "Số:         /TTr-UBND" in request
    assert "Báo cáo kết quả" in request  # the dossier's documents are listed
    journey.run_to("council_vote")
    journey.prepare()
    minutes = word(generate(dossier, "bien_ban_hoi_dong", cast.coordinator))
    minutes_text = text_of(minutes)
    assert "HỘI ĐỒNG THẨM ĐỊNH" in minutes_text and "Bùi Thị Thẩm" in minutes_text
    assert "Ngưỡng biểu quyết đã cấu hình: 50,00%" in minutes_text and "Hội đồng thông qua." in minutes_text
    council = minutes.tables[1]
    assert [c.text for c in council.rows[1].cells][1:4] == ["Bùi Thị Thẩm", "Chủ tịch", "Đồng ý"]
    report = text_of(word(generate(dossier, "bao_cao_tham_dinh", cast.coordinator)))
    assert "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in report and "UBND TỈNH ĐỒNG NAI" in report
    assert "số liệu đã chốt" in report


def test_who_may_generate_what(cast, dossier):
    with pytest.raises(PermissionDenied):
        documents.document_generate_start(dossier=dossier, kind="du_thao_quyet_dinh", actor=cast.officer_a)
    with pytest.raises(PermissionDenied):
        documents.document_generate_start(dossier=dossier, kind="bao_cao_ket_qua", actor=cast.officer_b)
    with pytest.raises(PermissionDenied):
        documents.document_generate_start(dossier=dossier, kind="bao_cao_ket_qua", actor=cast.auditor)
    with pytest.raises(ServiceError, match="không hợp lệ"):
        documents.document_generate_start(dossier=dossier, kind="thu_tinh", actor=cast.coordinator)
    assert not Job.objects.exists()


def test_missing_libreoffice_fails_the_job_with_a_reason(cast, dossier, monkeypatch):
    monkeypatch.setattr("ntm.core.documents.soffice_path", lambda: None)
    job = documents.document_generate_start(dossier=dossier, kind="bao_cao_ket_qua", actor=cast.officer_a)
    job.refresh_from_db()
    assert job.status == "failed" and "libreoffice-writer-nogui" in job.message
    assert not DossierDocument.objects.exists()


def shipped_with(extra: str) -> bytes:
    doc = open_document(documents.shipped_template("to_trinh"))
    doc.add_paragraph(extra)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_upload(data: bytes, name="mau.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_an_administrator_replaces_a_template_and_can_go_back(cast, dossier):
    override = documents.template_override_upload(
        kind="to_trinh",
        upload=docx_upload(shipped_with("MẪU RIÊNG CỦA TỈNH cho {{ unit_name }}")),
        actor=cast.coordinator,
    )
    assert "MẪU RIÊNG CỦA TỈNH cho Xã Long Phước" in text_of(
        word(generate(dossier, "to_trinh", cast.officer_a))
    )
    documents.template_override_deactivate(override=override, actor=cast.coordinator)
    assert "MẪU RIÊNG" not in text_of(word(generate(dossier, "to_trinh", cast.officer_a)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\n%%EOF", "không đúng loại"),
        (b"plain text, not a Word file", "không đúng loại"),
        (None, "không dùng được"),
    ],
)
def test_a_bad_template_is_refused(cast, data, message):
    payload = data if data is not None else shipped_with("{{ unit_name ")
    with pytest.raises(ServiceError, match=message):
        documents.template_override_upload(
            kind="to_trinh", upload=docx_upload(payload), actor=cast.coordinator
        )
    with pytest.raises(PermissionDenied):
        documents.template_override_upload(
            kind="to_trinh", upload=docx_upload(shipped_with("x")), actor=cast.officer_a
        )


def test_an_english_users_submission_freezes_vietnamese_and_documents_stay_vietnamese(cast, dossier):
    """The engine's explanations are frozen into the snapshot and feed official documents: Vietnamese always."""
    with translation.override("en"):
        before = text_of(word(generate(dossier, "bao_cao_ket_qua", cast.officer_a)))
        Journey(dossier, people(cast)).run_to("provincial_appraisal")
        dossier.refresh_from_db()
        after = text_of(word(generate(dossier, "bao_cao_tham_dinh", cast.coordinator)))
    indicators = [i for c in dossier.snapshot["evaluation"]["criteria"] for i in c["indicators"]]
    labels = {item["label"] for item in indicators}
    assert labels <= {"Đạt", "Chưa đạt", "Thiếu số liệu", "Không áp dụng", "Chưa có ngưỡng"}, labels
    reasons = " ".join(item["reason"] for item in indicators)
    assert "Giá trị " in reasons or "Chưa có giá trị" in reasons
    assert "No value yet" not in reasons and "required" not in reasons
    for text in (before, after):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Missing data" not in text and "Not met" not in text and "No value yet" not in text
    assert any(label in before for label in ("Thiếu số liệu", "Chưa đạt", "Đạt"))
