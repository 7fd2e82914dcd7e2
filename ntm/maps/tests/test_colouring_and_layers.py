"""Colour classes, and what the map pulls from the domain apps (self-assessment, point layers)."""

import re
from pathlib import Path
from unittest import mock

import pytest

from ntm.maps import colouring, layers
from ntm.maps.tests.factories import assessment, self_assessed


@pytest.mark.parametrize(
    ("met", "total", "css"),
    [
        (0, 19, "c0"),
        (4, 19, "c0"),
        (5, 19, "c1"),
        (10, 19, "c2"),
        (15, 19, "c3"),
        (18, 19, "c3"),
        (19, 19, "all"),
    ],
)
def test_criteria_classes_follow_the_share_met(met, total, css):
    assert colouring.criteria_class(assessment(met, total), applicable=True) == css


def test_wards_are_not_applicable_and_missing_results_are_no_data():
    assert colouring.status_class("ntm", applicable=False) == "na"
    assert colouring.criteria_class(assessment(19), applicable=False) == "na"
    assert colouring.criteria_class(None, applicable=True) == "nodata"
    assert colouring.criterion_class(assessment(3), "8", applicable=True) == "nodata"
    both = assessment(
        3, by_criterion={"8": {"met": True, "provisional": True}, "9": {"met": False, "provisional": False}}
    )
    assert colouring.criterion_class(both, "8", applicable=True) == "met"
    assert colouring.criterion_class(both, "9", applicable=True) == "notmet"
    assert colouring.is_provisional(both, colouring.CRITERION, "8")
    assert not colouring.is_provisional(both, colouring.CRITERION, "9")
    assert not colouring.is_provisional(assessment(3, provisional=True), colouring.STATUS)
    assert colouring.is_provisional(assessment(3, provisional=True), colouring.CRITERIA)


def test_every_class_has_a_fill_and_the_legend_css_uses_the_same_colours():
    css = (Path(__file__).resolve().parents[1] / "static" / "maps" / "map.css").read_text()
    for name in colouring.COLOURINGS:
        for css_class in colouring.classes_of(name):
            assert css_class in colouring.FILL
            if css_class != colouring.NOT_APPLICABLE:
                rule = re.search(rf"\.fill-{css_class} {{ background: (#[0-9a-f]{{6}}); }}", css)
                assert rule and rule.group(1) == colouring.FILL[css_class], css_class


@pytest.mark.django_db
def test_the_map_pulls_self_assessment_from_the_assessment_app():
    calls = []

    def answer(units, year, *, published_only):
        calls.append((units, year, published_only))
        return {1: assessment(7)}

    assert layers.self_assessment_of([], 2025, published_only=True) == {}
    with self_assessed(answer):
        assert layers.self_assessment_of(["u"], 2025, published_only=False) == {1: assessment(7)}
    assert calls == [(["u"], 2025, False)]
    # Without any criteria set loaded, the assessment app has nothing to say.
    assert layers.self_assessment_of(["u"], 2025, published_only=True) == {}


def test_point_layers_are_listed_by_the_map_and_must_answer_feature_collections():
    def features(user, bbox):
        return {"type": "FeatureCollection", "features": [], "user": user, "bbox": bbox}

    listed = (layers.PointLayer("ocop-test", "OCOP", features),)
    with mock.patch.object(layers, "POINT_LAYERS", listed):
        found = layers.layer("ocop-test")
        assert [item.key for item in layers.point_layers()] == ["ocop-test"]
        assert layers.layer_features(found, "someone", (1, 2, 3, 4))["bbox"] == (1, 2, 3, 4)
    wrong = layers.PointLayer("ocop-test", "OCOP", lambda user, bbox: {"type": "Feature"})
    with pytest.raises(TypeError, match="FeatureCollection"):
        layers.layer_features(wrong, None, None)
    assert layers.layer("ocop-test") is None
