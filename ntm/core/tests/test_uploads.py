"""The one upload check: a size limit and the type by content, whatever the file is named."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ntm.core.exceptions import ServiceError
from ntm.core.uploads import (
    DOCUMENT_TYPES,
    DOCX_TYPES,
    EXCEL_TYPES,
    PDF_TYPES,
    attach,
    check_document,
    check_text,
    check_workbook,
    read_upload,
)

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03 a program"


@pytest.mark.parametrize("allowed", [DOCUMENT_TYPES, PDF_TYPES, DOCX_TYPES, EXCEL_TYPES])
def test_a_program_renamed_to_an_allowed_name_is_refused(allowed):
    with pytest.raises(ServiceError, match="không đúng loại"):
        check_document(SimpleUploadedFile("bien-ban.pdf", EXE), allowed=allowed)


@override_settings(NTM_MAX_UPLOAD_BYTES=16)
def test_an_oversized_file_is_refused_before_it_is_read():
    with pytest.raises(ServiceError, match="quá lớn"):
        check_document(SimpleUploadedFile("bien-ban.pdf", PDF + b" " * 32))
    with pytest.raises(ServiceError, match="quá lớn"):
        read_upload(SimpleUploadedFile("ho-dan.xlsx", b"x" * 32))
    with pytest.raises(ServiceError, match="quá lớn"):
        check_text(b"a,b\n" * 8)


def test_the_type_is_judged_by_content_not_by_name():
    assert check_document(SimpleUploadedFile("anh.jpg", PDF)) == "application/pdf"
    assert check_document(SimpleUploadedFile("tai-lieu.pdf", PNG)) == "image/png"
    with pytest.raises(ServiceError, match="không đúng loại"):
        check_document(SimpleUploadedFile("bien-ban.pdf", PNG), allowed=PDF_TYPES)


def test_workbooks_and_text_files_are_checked_by_content():
    with pytest.raises(ServiceError, match="không phải bảng tính Excel"):
        check_workbook(PDF)
    assert check_text(b"new_code,old_code\n") == "new_code,old_code\n"
    with pytest.raises(ServiceError, match="không đúng loại"):
        check_text(PNG, name="ranh-gioi.geojson", what="GeoJSON")
    with pytest.raises(ServiceError, match="UTF-8"):
        check_text(b"x\xe3,\xe2p\n")


def test_attach_fills_name_type_and_size():
    saved = {}
    row = SimpleNamespace(
        file=SimpleNamespace(save=lambda name, content, save: saved.update(name=name, save=save)),
        original_name="",
        mime_type="",
        size=0,
    )
    attach(row, SimpleUploadedFile("bien-ban.pdf", PDF))
    assert (row.original_name, row.mime_type, row.size) == ("bien-ban.pdf", "application/pdf", len(PDF))
    assert saved == {"name": "bien-ban.pdf", "save": False}
