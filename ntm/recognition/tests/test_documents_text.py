"""What a generated document says, printed (Word → PDF by LibreOffice → text, and PNG to look at): no internal ids,
file names or set codes in the text, and indicator codes never broken over two lines ("17.1" not "17." / "1")."""

import re
import subprocess

import pytest

from ntm.core.documents import docx_to_pdf, soffice_path
from ntm.core.wordtemplates import render
from ntm.recognition import documents
from ntm.recognition.models import DossierDocument
from ntm.recognition.tests.factories import SET, Journey, load_data, make_dossier, people
from ntm.testing.browser import SCREENSHOTS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed"),
]


@pytest.mark.parametrize("kind", list(documents.SYMBOLS), ids=[str(kind) for kind in documents.SYMBOLS])
def test_printed_document_has_no_internal_ids_file_names_or_set_codes(cast, kind, tmp_path):
    load_data()
    dossier = make_dossier(cast)
    Journey(dossier, people(cast)).prepare()  # uploads the step's documents (files named after their codes)
    files = [document.original_name for document in DossierDocument.objects.filter(dossier=dossier)]
    assert files and all(name.endswith(".pdf") for name in files)
    context = documents.context_for(dossier, kind)
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(docx_to_pdf(render(documents.template_bytes(kind), context)))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert SET not in flat and dossier.criteria_version.ref not in flat, "a set code"
    assert not re.search(rf"hồ sơ số {dossier.pk}\b", flat), "the dossier's database id"
    for name in files:
        assert name not in flat, f"a file name: {name}"
    # Indicator codes are whole on their line: no line of the table ends with "17." and the next starts "1".
    printed = kind == "bao_cao_ket_qua"  # the one template with the indicator table
    for row in context.get("indicator_rows", []) if printed else []:
        code = row["code"]
        assert re.search(rf"(^|\s){re.escape(code)}(\s|$)", text, re.M), f"indicator code {code} is broken"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(SCREENSHOTS / f"docx-real-{kind}")], check=True
    )
