"""The batch path (``ntm.criteria.plan``) equals the single-unit engine on random sets, units and values (no
Django, no database): same evaluations, same summaries, the same refusal of bad input."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.criteria.engine import DistrictInputs, InvalidValuesError, UnitContext, evaluate
from ntm.criteria.inputs import parse_district_inputs
from ntm.criteria.plan import BatchItem, plan_for, summarise
from ntm.criteria.setfile import SETFILES_DIR, CriteriaSet
from ntm.criteria.setload import from_dict, load_path

SRC = "kiểm thử"
REGIONS = {"TDMNPB": "Trung du và miền núi phía Bắc", "DNB": "Đông Nam Bộ", "DBSCL": "ĐBSCL"}
YEARS = range(2021, 2026)
PROVENANCES = ("confirmed", "confirmed", "partial", "unconfirmed")


def _provenance(status: str) -> dict[str, str]:
    return {"provenance": status, "source": SRC}


def _set(code: str, criteria: list, conditions: list = (), **top: Any) -> CriteriaSet:
    data: dict[str, Any] = {
        "schema": 1,
        "code": code,
        "version": 1,
        "name": f"Bộ thử {code}",
        "subject": "commune",
        "grants_level": "ntm",
        "year_from": 2021,
        "year_to": 2025,
        "legal_source": SRC,
        **_provenance("confirmed"),
        "regions": REGIONS,
        "groups": {"1": "Nhóm 1", "2": "Nhóm 2", "3": "Nhóm 3"},
        "flags": {"lang_nghe": "Xã có làng nghề"},
        "conditions": list(conditions),
        "criteria": criteria,
        **top,
    }
    return from_dict(data)


REFERENCE = _set(
    "bo-tham-chieu",
    [
        {
            "code": "1",
            "name": "Thu nhập",
            **_provenance("confirmed"),
            "indicators": [
                {
                    "code": "R1",
                    "name": "Thu nhập",
                    "measure_unit": "triệu đồng",
                    "kind": "number",
                    "op": ">=",
                    "legal_source": SRC,
                    **_provenance("confirmed"),
                    "department": "",
                    "department_provenance": "placeholder",
                    "department_source": SRC,
                    "thresholds": [
                        {"value": 50, **_provenance("confirmed")},
                        {"region": "DNB", "value": 64.5, **_provenance("partial")},
                        {"year": 2023, **_provenance("placeholder")},
                    ],
                }
            ],
        }
    ],
)


# --- Random sets ---------------------------------------------------------------------------------------------

selectors = st.fixed_dictionaries(
    {},
    optional={
        "region": st.sampled_from(sorted(REGIONS)),
        "group": st.integers(1, 3),
        "year": st.sampled_from(YEARS),
        "disadvantaged": st.just(True),
    },
)


@st.composite
def rules(draw, kind: str, op: str | None, parts: tuple[str, ...]) -> list[dict[str, Any]]:
    chosen = draw(st.lists(selectors, min_size=0, max_size=5, unique_by=lambda s: tuple(sorted(s.items()))))
    result = []
    for selection in chosen:
        status = draw(st.sampled_from((*PROVENANCES, "placeholder")))
        rule = {**selection, **_provenance(status)}
        if status != "placeholder" and kind != "unknown":
            if kind == "boolean":
                rule["expected"] = draw(st.booleans())
            elif kind == "official_level":
                rule["levels"] = draw(
                    st.lists(
                        st.sampled_from(("ntm", "nang_cao", "kieu_mau")), min_size=1, max_size=2, unique=True
                    )
                )
            elif parts:
                rule["parts"] = {part: draw(number(kind)) for part in parts}
            elif op == "range":
                low, high = sorted((draw(number(kind)), draw(number(kind))))
                rule.update({"min": low, "max": high})
            elif draw(st.integers(0, 4)) == 0:
                rule.update(
                    {
                        "ref_set": REFERENCE.code,
                        "ref_indicator": draw(st.sampled_from(("R1", "R1", "R9"))),
                        "factor": draw(st.sampled_from((1, 1.1, 0.9))),
                    }
                )
            else:
                rule["value"] = draw(number(kind))
        elif kind == "unknown":
            rule = {**selection, **_provenance("placeholder")}
        result.append(rule)
    return result


def number(kind: str):
    if kind == "percentage":
        return st.one_of(st.integers(0, 100), st.decimals(0, 100, places=1).map(float))
    if kind == "count":
        return st.integers(0, 30)
    return st.one_of(st.integers(-5, 200), st.decimals(-5, 200, places=2).map(float))


@st.composite
def indicators(draw, code: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(("boolean", "percentage", "number", "count", "official_level", "unknown")))
    op = (
        draw(st.sampled_from((">=", "<=", ">", "<", "range")))
        if kind in ("percentage", "number", "count")
        else None
    )
    parts: tuple[str, ...] = ()
    if op in (">=", "<=") and draw(st.integers(0, 5)) == 0:
        parts = ("sach", "may")
    data: dict[str, Any] = {
        "code": code,
        "name": f"Chỉ tiêu {code}",
        "measure_unit": "%" if kind == "percentage" else "",
        "kind": kind,
        "legal_source": SRC,
        **_provenance("confirmed"),
        "department": "",
        "department_provenance": "placeholder",
        "department_source": SRC,
        "thresholds": draw(rules(kind, op, parts)),
    }
    if op is not None:
        data["op"] = op
    if parts:
        data["parts"] = {part: part.upper() for part in parts}
    if draw(st.integers(0, 5)) == 0:
        data["applies_if"] = "lang_nghe"
    return data


@st.composite
def criteria_sets(draw) -> CriteriaSet:
    counter = iter(range(1, 1000))

    def groups(prefix: str, low: int, high: int) -> list[dict[str, Any]]:
        made = []
        for number_ in range(1, draw(st.integers(low, high)) + 1):
            made.append(
                {
                    "code": f"{prefix}{number_}",
                    "name": f"Nhóm {prefix}{number_}",
                    "key": bool(prefix == "" and draw(st.booleans())),
                    **_provenance("confirmed"),
                    "indicators": [
                        draw(indicators(f"{prefix}{number_}.{next(counter)}"))
                        for _ in range(draw(st.integers(1, 4)))
                    ],
                }
            )
        return made

    criteria = groups("", 1, 5)
    for group in criteria:
        if not group["key"]:
            group.pop("key")
    conditions = groups("DK", 0, 2)
    for group in conditions:
        group.pop("key")
    top: dict[str, Any] = {}
    if draw(st.booleans()):
        top["disadvantaged_region"] = "TDMNPB"
    if draw(st.booleans()):
        top["revocation"] = {
            "lower_share": 30,
            "upper_share": 50,
            "legal_source": SRC,
            **_provenance("partial"),
        }
    return _set("bo-ngau-nhien", criteria, conditions, **top)


contexts = st.builds(
    UnitContext,
    region=st.sampled_from((None, "DNB", "TDMNPB", "DBSCL", "DNB", "XYZ")),
    commune_group=st.sampled_from((None, 1, 2, 3, 7)),
    disadvantaged=st.booleans(),
    flags=st.fixed_dictionaries({}, optional={"lang_nghe": st.booleans()}),
    official_level=st.sampled_from((None, "ntm", "nang_cao")),
)


def value_for(indicator, draw) -> object:
    """A value the engine accepts for the indicator, or (rarely) one it refuses."""
    if draw(st.integers(0, 40)) == 0:
        return draw(st.sampled_from(("x", 150, -1, True, 2.5, {"sach": 1})))
    if indicator.kind == "boolean":
        return draw(st.booleans())
    if indicator.kind in ("official_level", "unknown"):
        return draw(st.sampled_from((True, 12)))
    if indicator.parts:
        return {code: draw(number(indicator.kind)) for code, _label in indicator.parts}
    return draw(
        st.one_of(
            number(indicator.kind),
            st.decimals(0, 100, places=1) if indicator.kind != "count" else st.integers(0, 9),
        )
    )


@st.composite
def batches(draw, criteria_set: CriteriaSet) -> list[BatchItem]:
    items = []
    entered = [ind for _group, ind in criteria_set.iter_indicators() if ind.kind != "official_level"]
    for _ in range(draw(st.integers(1, 6))):
        values = {}
        if draw(st.integers(0, 3)):  # else no value at all (evaluated once per context, then copied)
            for indicator in entered:
                if draw(st.integers(0, 3)):
                    values[indicator.code] = value_for(indicator, draw)
        if draw(st.integers(0, 60)) == 0:
            values["khong-co"] = 1
        items.append(BatchItem(draw(contexts), values))
    return items


def single_results(criteria_set, items, year, references):
    """The engine, one unit at a time: each evaluation or the problems it refused."""
    results = []
    for item in items:
        try:
            results.append(
                evaluate(
                    criteria_set,
                    item.context,
                    year,
                    item.values,
                    references=references,
                    district_inputs=item.district_inputs,
                )
            )
        except InvalidValuesError as error:
            results.append(error.problems)
    return results


def assert_batch_equals_single(criteria_set, items, year, references) -> None:
    plan = plan_for(criteria_set, references)
    single = single_results(criteria_set, items, year, references)
    refused = [result for result in single if isinstance(result, list)]
    if refused:  # the batch refuses at the first bad item, with the engine's own problems
        with pytest.raises(InvalidValuesError) as caught:
            plan.evaluate_many(items, year)
        assert caught.value.problems == refused[0]
        with pytest.raises(InvalidValuesError) as caught:
            plan.summaries(items, year)
        assert caught.value.problems == refused[0]
        good = [item for item, result in zip(items, single, strict=True) if not isinstance(result, list)]
        single = [result for result in single if not isinstance(result, list)]
        items = good
    assert plan.evaluate_many(items, year) == single
    assert [e.to_dict() for e in plan.evaluate_many(items, year)] == [e.to_dict() for e in single]
    assert plan.summaries(items, year) == [summarise(evaluation) for evaluation in single]


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_property_batch_equals_single_on_random_sets(data) -> None:
    criteria_set = data.draw(criteria_sets())
    items = data.draw(batches(criteria_set))
    year = data.draw(st.sampled_from((2020, 2021, 2022, 2023, 2024, 2025, 2025, 2026)))
    references = data.draw(st.sampled_from(({}, {REFERENCE.code: REFERENCE})))
    assert_batch_equals_single(criteria_set, items, year, references)


SHIPPED = sorted(path.stem for path in SETFILES_DIR.glob("*.toml"))


@pytest.mark.parametrize("name", SHIPPED)
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_property_batch_equals_single_on_the_shipped_sets(name: str, data) -> None:
    criteria_set = load_path(SETFILES_DIR / f"{name}.toml")
    references = {
        code: load_path(SETFILES_DIR / f"{code}.toml")
        for code in SHIPPED
        if code != name and data.draw(st.booleans())
    }
    items = data.draw(batches(criteria_set))
    if criteria_set.subject == "district":  # district sets derive values from their communes' data
        district = {
            "satisfaction": data.draw(st.sampled_from((None, 85, 90, 95.5))),
            "communes": [
                {"code": f"X{i}", "official_level": data.draw(st.sampled_from((None, "ntm", "nang_cao")))}
                for i in range(data.draw(st.integers(0, 4)))
            ],
            "townships": data.draw(st.sampled_from((None, [], [{"code": "T", "civilised": True}]))),
        }
        parsed = parse_district_inputs(district)[0]
        items = [
            BatchItem(item.context, item.values, data.draw(st.sampled_from((None, district, parsed))))
            for item in items
        ]
    year = data.draw(st.sampled_from(range(criteria_set.year_from, criteria_set.year_to + 1)))
    assert_batch_equals_single(criteria_set, items, year, references)


def test_units_without_values_get_their_own_context_s_summary_each_a_copy() -> None:
    criteria_set = load_path(SETFILES_DIR / "xa-ntm-2021-2025.toml")
    contexts = [
        UnitContext(region="DNB", commune_group=1),
        UnitContext(region="DNB", commune_group=1),
        UnitContext(region="TDMNPB", commune_group=2, disadvantaged=True),
        UnitContext(region="DNB", commune_group=1, official_level="ntm"),
        UnitContext(region="DNB", commune_group=1),
    ]
    items = [BatchItem(context, {}) for context in contexts]
    summaries = plan_for(criteria_set).summaries(items, 2025)
    assert summaries == [summarise(evaluate(criteria_set, context, 2025, {})) for context in contexts]
    summaries[0].indicators.clear()  # a summary is its unit's own: changing one leaves the others alike
    assert summaries[1].indicators and summaries[1] == summaries[4]


def test_the_plan_is_compiled_once_per_set_and_references() -> None:
    criteria_set = load_path(SETFILES_DIR / "xa-kieu-mau-2021-2025.toml")
    advanced = load_path(SETFILES_DIR / "xa-nang-cao-2021-2025.toml")
    plan = plan_for(criteria_set, {advanced.code: advanced})
    assert plan_for(criteria_set, {advanced.code: advanced}) is plan
    assert plan_for(criteria_set, {}) is not plan
    other = load_path(SETFILES_DIR / "xa-nang-cao-2021-2025.toml")  # another object: another plan
    assert plan_for(criteria_set, {advanced.code: other}) is not plan


def test_decimal_and_float_values_are_judged_by_their_own_type() -> None:
    """The memo keys on the type: True, 1, 1.0 and Decimal("1.0") are equal in Python but judged each as the
    engine judges it (a bool is refused for a number)."""
    criteria_set = load_path(SETFILES_DIR / "xa-ntm-2021-2025.toml")
    code = next(ind.code for _g, ind in criteria_set.iter_indicators() if ind.kind == "percentage")
    items = [BatchItem(UnitContext(region="DNB"), {code: value}) for value in (1, 1.0, Decimal("1.0"), 70.5)]
    assert_batch_equals_single(criteria_set, items, 2025, {})
    with pytest.raises(InvalidValuesError):
        plan_for(criteria_set).summaries([*items, BatchItem(UnitContext(), {code: True})], 2025)
    assert isinstance(DistrictInputs(), DistrictInputs)


def _indicator(code: str, kind: str, op: str, **threshold: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Chỉ tiêu {code}",
        "kind": kind,
        "op": op,
        "legal_source": SRC,
        **_provenance("confirmed"),
        "department": "",
        "department_provenance": "placeholder",
        "department_source": SRC,
        "thresholds": [{**threshold, **_provenance("confirmed")}],
    }


def test_plain_numbers_at_a_bound_are_judged_as_the_engine_judges_their_decimal_form() -> None:
    """The plan judges int and float values against the floats nearest the bounds and falls back to the exact
    decimal form only at those floats: 0.7 meets "≥ 0.7" (its decimal form is 7/10), the float just below does
    not; a count of 3.0 is whole, 3.5 is refused; an int beyond 2**53 is judged exactly."""
    criteria_set = _set(
        "bo-ranh-gioi",
        [
            {
                "code": "1",
                "name": "Ranh giới",
                **_provenance("confirmed"),
                "indicators": [
                    _indicator("P1", "percentage", ">=", value=0.7),
                    _indicator("P2", "percentage", ">", value=70.1),
                    _indicator("P3", "percentage", "range", min=0.1, max=0.3),
                    _indicator("C1", "count", ">=", value=3),
                    _indicator("N1", "number", "<", value=2.675),
                    _indicator("N2", "number", "<=", value=9007199254740993),
                ],
            }
        ],
    )
    below, above = math.nextafter(0.7, 0), math.nextafter(0.7, 1)
    values = [
        {"P1": 0.7, "P2": 70.1, "P3": 0.1, "C1": 3, "N1": 2.675, "N2": 9007199254740993},
        {"P1": below, "P2": math.nextafter(70.1, 100), "P3": 0.3, "C1": 3.0, "N1": 2.6749999999999998},
        {"P1": above, "P2": 70, "P3": math.nextafter(0.3, 1), "C1": 2, "N2": 9007199254740992},
        {"P1": 100, "P3": math.nextafter(0.1, 0), "N1": -1e308, "N2": 9007199254740994},
        {"P1": 0, "P2": 100.0, "N1": 2.675000000000001, "N2": 2**60},
    ]
    items = [BatchItem(UnitContext(), value) for value in values]
    assert_batch_equals_single(criteria_set, items, 2025, {})
    summaries = plan_for(criteria_set).summaries(items, 2025)
    assert [summary.indicators["P1"] for summary in summaries[:3]] == ["met", "not_met", "met"]
    refused = [
        {"C1": 3.5},
        {"C1": -1},
        {"P1": 100.00000000000001},
        {"P1": -0.0000001},
        {"N1": math.inf},
        {"N1": math.nan},
        {"P1": True},
    ]
    for value in refused:
        assert_batch_equals_single(criteria_set, [BatchItem(UnitContext(), value)], 2025, {})
        with pytest.raises(InvalidValuesError):
            plan_for(criteria_set).summaries([BatchItem(UnitContext(), value)], 2025)
