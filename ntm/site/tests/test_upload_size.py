"""Every import page refuses a file over the upload limit from its size alone, before reading it into memory."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from django.urls import reverse

from ntm.criteria.tests.factories import load_shipped

pytestmark = pytest.mark.django_db

LIMIT = 1024 * 1024  # 1 MB: the message says "at most 1 MB"
# Import pages the province coordinator may use that take nothing but the file.
IMPORT_PAGES = [
    "assessment:import",
    "units:hamlets_import",
    "units:lineage_import",
    "status:register_import",
    "criteria:import",
    "accounts:account_import",
    "ocop:import",
    "environment:results_import",
]


def _never_read(*args, **kwargs):
    raise AssertionError("an oversized upload was read before its size was checked")


@pytest.mark.parametrize("route", IMPORT_PAGES)
@override_settings(NTM_MAX_UPLOAD_BYTES=LIMIT)
def test_an_oversized_file_is_refused_unread(route, cast, client_as):
    load_shipped()  # the values import page names a criteria set
    client = client_as(cast.coordinator)
    upload = io.BytesIO(b"PK\x03\x04" + b"x" * LIMIT)
    upload.name = "bang-lon.xlsx"
    # Django keeps a small upload in memory and spools a large one to disk: neither may be read.
    with (
        mock.patch.object(InMemoryUploadedFile, "read", _never_read),
        mock.patch.object(TemporaryUploadedFile, "read", _never_read),
    ):
        response = client.post(reverse(route), {"file": upload, "change_note": "Sửa ngưỡng"})
    assert response.status_code == 400, response.content.decode()[:300]
    assert "bang-lon.xlsx" in response.content.decode()  # the message names the file and the limit
