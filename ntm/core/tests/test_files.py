"""Stored files: no URL of their own, random names, and one serving function with the stored type."""

import importlib
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches

import config.urls
from config.env import env_choice
from ntm.core.files import serve_file
from ntm.core.storage import RandomPath
from ntm.core.uploads import DOCX

RANDOM_NAME = re.compile(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}\.[a-z0-9]+$")


def stored(name: str, content: bytes) -> FieldFile:
    field = models.FileField()
    field.name = "file"
    return FieldFile(None, field, default_storage.save(name, ContentFile(content)))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_no_file_under_the_media_root_has_a_url(client, settings, tmp_path, debug):
    """Test settings, and the dev settings' DEBUG (the run command): /media/<an existing file> is not found."""
    settings.MEDIA_ROOT = tmp_path
    name = FileSystemStorage(location=tmp_path).save("jobs/2026/12/nhat-ky.xlsx", ContentFile(b"PK secret"))
    with override_settings(DEBUG=debug):
        importlib.reload(config.urls)
        clear_url_caches()
        try:
            for prefix in ("/media/", "/"):
                assert client.get(prefix + name).status_code == 404
        finally:
            importlib.reload(config.urls)
            clear_url_caches()


def test_stored_names_are_random_and_keep_only_a_safe_extension():
    upload_to = RandomPath("evidence")

    class Upload:
        mime_type = ""

    first, second = upload_to(Upload(), "bien-ban.pdf"), upload_to(Upload(), "bien-ban.pdf")
    assert first != second and RANDOM_NAME.match(first) and RANDOM_NAME.match(second)
    assert "bien-ban" not in first and first.endswith(".pdf")
    assert upload_to(Upload(), "trang.html").endswith(".bin")
    proof = Upload()
    proof.mime_type = "application/pdf"  # what the content check detected
    assert upload_to(proof, "trang.html").endswith(".pdf")
    assert RandomPath("dossiers", type_field="")(proof, "to-trinh.docx").endswith(".docx")


def test_a_pdf_is_inline_with_its_stored_type_and_nosniff(rf: RequestFactory):
    response = serve_file(
        rf.get("/"),
        stored("x.html", b"%PDF-1.4 <html>"),
        content_type="application/pdf",
        download_name="chứng cứ.html",
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert body(response) == b"%PDF-1.4 <html>"


@pytest.mark.parametrize(
    ("content_type", "disposition"),
    [
        ("image/png", "inline"),
        ("image/jpeg", "inline"),
        (DOCX, "attachment"),
        ("application/zip", "attachment"),
        ("text/html", "attachment"),
        ("", "attachment"),
    ],
)
def test_anything_but_a_pdf_or_an_image_is_an_attachment(rf, content_type, disposition):
    response = serve_file(rf.get("/"), stored("a.bin", b"data"), content_type=content_type, download_name="a")
    assert response["Content-Disposition"].startswith(disposition)
    assert response["Content-Type"] == (content_type or "application/octet-stream")


def test_a_forced_attachment_and_a_missing_file(rf):
    response = serve_file(
        rf.get("/"),
        stored("a.pdf", b"%PDF"),
        content_type="application/pdf",
        download_name="a.pdf",
        attachment=True,
    )
    assert response["Content-Disposition"].startswith("attachment")
    field = models.FileField()
    field.name = "file"
    with pytest.raises(Http404):
        serve_file(rf.get("/"), FieldFile(None, field, ""), content_type="application/pdf", download_name="a")


def test_the_proxy_sends_the_bytes_in_production(rf, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    field_file = stored("phieu.pdf", b"%PDF")
    settings.NTM_FILE_SERVING = "x-accel-redirect"
    response = serve_file(
        rf.get("/"), field_file, content_type="application/pdf", download_name="phiếu QR.pdf"
    )
    assert response["X-Accel-Redirect"] == f"/protected-media/{field_file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''phi%E1%BA%BFu%20QR.pdf"
    settings.NTM_FILE_SERVING = "x-sendfile"
    response = serve_file(rf.get("/"), field_file, content_type=DOCX, download_name="a.docx")
    assert response["X-Sendfile"] == str(tmp_path / field_file.name)
    assert response["Content-Disposition"] == 'attachment; filename="a.docx"'


def test_the_serving_mode_is_parsed_loudly(monkeypatch):
    choices = ("django", "x-accel-redirect", "x-sendfile")
    monkeypatch.setenv("NTM_FILE_SERVING", "X-Sendfile")
    assert env_choice("NTM_FILE_SERVING", "django", choices) == "x-sendfile"
    monkeypatch.setenv("NTM_FILE_SERVING", "nginx")
    with pytest.raises(ImproperlyConfigured, match="NTM_FILE_SERVING"):
        env_choice("NTM_FILE_SERVING", "django", choices)
    monkeypatch.delenv("NTM_FILE_SERVING")
    assert env_choice("NTM_FILE_SERVING", "django", choices) == "django"
