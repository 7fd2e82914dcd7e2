"""Every shipped Word template, filled and turned into PDF by LibreOffice, then into PNG by pdftoppm (look at
test-artifacts/screenshots/docx-*.png): the motto on one line, the signature block whole on one page (capacity,
title, space to sign and the signer's name), and no blank trailing page."""

import subprocess
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from ntm.core.documents import docx_to_pdf, soffice_path
from ntm.core.wordtemplates import render
from ntm.testing.browser import SCREENSHOTS

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted(ROOT.glob("ntm/*/templates_docx/*.docx"))
SIGNER = {"signer_capacity": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn Ký"}


class Filler:
    """Stands for any value a template asks for: prints its name, iterates as two rows, has any attribute."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, key: str) -> "Filler":
        if key.startswith("__"):
            raise AttributeError(key)
        return Filler(key)

    def __getitem__(self, key) -> "Filler":
        return Filler(str(key))

    def __iter__(self):
        return iter([Filler(f"{self.name} 1"), Filler(f"{self.name} 2")])

    def __len__(self) -> int:
        return 2

    def __str__(self) -> str:
        return f"[{self.name}]"


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True)
    pages = text.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages  # pdftotext ends with a form feed


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("template", TEMPLATES, ids=[path.stem for path in TEMPLATES])
def test_each_template_prints_as_a_document_one_can_sign(template, tmp_path):
    names = DocxTemplate(str(template)).get_undeclared_template_variables()
    context = {name: Filler(name) for name in names}
    context.update(SIGNER, place="Đồng Nai", day="05", month="12", year="2026", number="12/BC-UBND")
    pdf = tmp_path / f"{template.stem}.pdf"
    pdf.write_bytes(docx_to_pdf(render(template, context)))
    pages = pages_of(pdf)
    assert pages and all(page.strip() for page in pages), "a blank page"
    lines = [line.strip() for page in pages for line in page.splitlines()]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines), "the motto wraps"
    # Who signs: the signer of the issuing body, or the council's chair and secretary on the minutes.
    blocks = [("Nguyễn Văn Ký", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"))] if "signer_name" in names else []
    blocks += [("[chair]", ("CHỦ TỊCH HỘI ĐỒNG",))] if "chair" in names else []
    blocks += [("[secretary]", ("THƯ KÝ HỘI ĐỒNG",))] if "secretary" in names else []
    assert blocks, "the template has no signer"
    for name, titles in blocks:
        signing = [page for page in pages if name in page]
        assert len(signing) == 1 and all(title in signing[0] for title in titles), (
            f"the signature block of {name} is split over two pages"
        )
    assert len(pages[-1].strip()) > 80, "the last page holds only a line or two"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(SCREENSHOTS / f"docx-{template.stem}")], check=True
    )
    assert list(SCREENSHOTS.glob(f"docx-{template.stem}*.png"))
