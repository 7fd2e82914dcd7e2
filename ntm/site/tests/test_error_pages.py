"""The run command is a product demo: DEBUG is off there, error pages are the product's own, browsers find a
favicon, and a citizen finds the survey from the public home page."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_the_run_command_turns_debug_off_unless_asked():
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert 'export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"' in script
    assert script.index("DJANGO_DEBUG") < script.index("runserver")


@override_settings(DEBUG=False)
def test_an_unknown_address_answers_the_products_404_without_a_url_list(client):
    response = client.get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page or "Page not found" in page
    assert "URLconf" not in page and "danh-gia/" not in page


def test_the_500_page_stands_alone_in_vietnamese():
    page = render_to_string("500.html")
    assert '<html lang="vi">' in page and "Đã xảy ra lỗi" in page


def test_browsers_find_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:4]
        == b"\x00\x00\x01\x00"
    )


def test_a_citizen_finds_the_survey_from_the_public_home_page(client):
    page = client.get("/").content.decode()
    assert 'href="/ks/"' in page and "Trả lời khảo sát sự hài lòng" in page
