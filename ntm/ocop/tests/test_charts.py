"""The dashboard's server-rendered bar charts (no script): geometry by hand, and the page draws them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ntm.ocop.charts import BAR_WIDTH, LABEL_WIDTH, bar_chart
from ntm.ocop.models import Certificate, Producer
from ntm.ocop.tests.factories import load_sheets, make_evaluation, make_producer


def test_bars_scale_to_the_largest_count():
    chart = bar_chart([("3★", 2), ("4★", 4), ("5★", 0)])
    assert [b["width"] for b in chart["bars"]] == [f"{BAR_WIDTH / 2:.1f}", f"{BAR_WIDTH:.1f}", "0.0"]
    assert [b["value"] for b in chart["bars"]] == [2, 4, 0]
    assert chart["bars"][1]["value_x"] == f"{LABEL_WIDTH + BAR_WIDTH + 6:.1f}"
    assert [b["y"] for b in chart["bars"]] == [4, 30, 56]
    assert bar_chart([]) is None
    assert bar_chart([("x", 0)])["bars"][0]["width"] == "0.0"  # all zero: no division by zero
    long = bar_chart([("Thực phẩm tươi sống và sơ chế của hợp tác xã", 1)])["bars"][0]
    assert long["label"].endswith("…") and len(long["label"]) == 32 and long["title"].startswith("Thực phẩm")


@pytest.mark.django_db
def test_the_dashboard_draws_counts_by_star_group_and_commune(cast, client_as):
    load_sheets()
    make_evaluation(cast, upto="decided")
    Certificate.objects.update(number="OCOP-2026-000")  # the factory numbers every certificate alike
    other = make_producer(cast, name="HTX B")
    make_evaluation(cast, upto="decided", producer=other)
    Producer.objects.filter(pk=other.pk).update(
        unit=cast.commune_b
    )  # certified, then seen in another commune
    body = client_as(cast.coordinator).get(reverse("ocop:dashboard")).content.decode()
    for chart in ("chart-star", "chart-group", "chart-unit"):
        assert f'id="{chart}"' in body
    star = body.split('id="chart-star"')[1].split("</svg>")[0]
    widths = re.findall(r'<rect[^>]*width="([\d.]+)"', star)
    assert widths == ["0.0", f"{BAR_WIDTH:.1f}", "0.0"]  # both certificates are 4★
    unit = body.split('id="chart-unit"')[1].split("</svg>")[0]
    assert cast.commune_a.name in unit and cast.commune_b.name in unit
    assert re.findall(r'<rect[^>]*width="([\d.]+)"', unit) == [f"{BAR_WIDTH:.1f}", f"{BAR_WIDTH:.1f}"]
