"""A4 sheets of QR slips per hamlet, made as a background job; only the officer who asked can download them."""

import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
import segno
from django.urls import reverse

from ntm.jobs.models import Job, JobStatus
from ntm.surveys import slips
from ntm.surveys.services.answers import answer_submit
from ntm.surveys.services.households import household_token_reissue
from ntm.surveys.slips import answer_url, pack_pages, slips_pdf
from ntm.surveys.tests.factories import all_satisfied
from ntm.surveys.tokens import format_token
from ntm.testing.browser import SCREENSHOTS

pytestmark = pytest.mark.django_db
BASE = "https://ntm.dongnai.example/"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "slips.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def test_slips_carry_commune_hamlet_code_and_instructions(survey, tmp_path):
    answer_submit(household=survey.households[0], responses=all_satisfied(survey.campaign), comments={})
    pdf, count = slips_pdf(campaign=survey.campaign, base_url=BASE)
    assert pdf.startswith(b"%PDF") and count == 35  # the household that answered gets no new slip
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "Xã Long Phước",
        "Ấp Bà Ký",
        "Ấp Phước Hòa",
        "PHIẾU LẤY Ý KIẾN SỰ HÀI LÒNG",
        "quét mã QR",
        "Mỗi hộ trả lời",
        "ntm.dongnai.example/ks/",
    ):
        assert expected in text, expected
    second = survey.households[1]
    assert survey.households[0].code + " " not in text.replace("\n", " ")
    # 11 + 12 + 12 = 35 slips, eight to a page across hamlets: 5 pages (not 2 + 2 + 2).
    assert text.count("\f") in {5, 4}
    # The code in a large font, grouped by four, no group broken across lines.
    groups = format_token(second.token()).split("-")
    assert all(group in text for group in groups)
    pages = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "slips.pdf"), str(pages)],
        check=True,
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(next(tmp_path.glob("page*.png")), SCREENSHOTS / "survey-qr-slips-page1.png")


def test_the_qr_code_encodes_the_answer_url(survey):
    household = survey.households[3]
    url = answer_url(BASE, household.token())
    assert url == f"https://ntm.dongnai.example/ks/#{household.token()}"
    assert len(url) < 80  # a small QR code (version 4-5)
    assert segno.make(url, error="m").version <= 5


def test_no_url_on_a_slip_holds_the_code_in_its_path_or_query(survey, tmp_path, monkeypatch):
    """The code is in the QR payload's fragment only (never sent to the server); the printed address has none."""
    payloads = []
    make = segno.make
    monkeypatch.setattr(
        slips.segno, "make", lambda content, **kw: payloads.append(content) or make(content, **kw)
    )
    pdf, count = slips_pdf(campaign=survey.campaign, base_url=BASE, hamlet_id=survey.hamlets[0].pk)
    tokens = {h.token() for h in survey.households}
    assert len(payloads) == count and count > 1
    for payload in payloads:
        parts = urlsplit(payload)
        assert (parts.scheme, parts.netloc, parts.path, parts.query) == (
            "https",
            "ntm.dongnai.example",
            "/ks/",
            "",
        )
        assert parts.fragment in tokens
    text = pdf_text(pdf, tmp_path)
    printed = re.findall(r"\S*ntm\.dongnai\.example\S*", text)
    assert printed and set(printed) == {"ntm.dongnai.example/ks/"}, printed


def test_a_reissued_code_replaces_the_old_one(client, survey):
    household = survey.households[2]
    old = household.token()
    household_token_reissue(household=household)
    assert client.post(reverse("surveys:answer"), {"ma": old}).status_code == 404
    assert client.post(reverse("surveys:answer"), {"ma": household.token()}).status_code == 200
    _pdf, count = slips_pdf(campaign=survey.campaign, base_url=BASE, household_id=household.pk)
    assert count == 1


@pytest.mark.sqlite_journey
def test_slips_are_made_by_a_job_only_its_owner_sees(client, survey):
    client.force_login(survey.front_a)
    response = client.post(
        reverse("surveys:slips", args=[survey.campaign.pk]), {"hamlet": survey.hamlets[0].pk}
    )
    job = Job.objects.get(kind="surveys.slips")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100 and job.unit is None
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    for other in (survey.cast.coordinator, survey.cast.officer_a, survey.front_province):
        client.force_login(other)
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_slips_are_packed_eight_to_a_page_across_hamlets():
    slips = [("Ấp A", n) for n in range(3)] + [("Ấp B", n) for n in range(6)]
    pages = pack_pages(slips)
    assert [len(page) for page in pages] == [8, 1]
    assert {hamlet for hamlet, _n in pages[0]} == {"Ấp A", "Ấp B"}
