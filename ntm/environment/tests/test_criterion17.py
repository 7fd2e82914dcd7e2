"""The province's criterion 17 as a criteria-set version (xa-ntm-dong-nai-2024-2025): 17.1 is one composite
indicator "clean water ≥ x% AND piped ≥ y%", judged by the criteria engine from the environment's figures."""

from decimal import Decimal

import pytest

from ntm.assessment.models import ComputedValue
from ntm.assessment.selectors.assessments import set_version
from ntm.assessment.selectors.inputs import engine_inputs
from ntm.criteria.engine import MET, NOT_MET, UnitContext, evaluate, validate_values
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.criteria.setfile import SetFileError, dumps
from ntm.criteria.setload import from_dict, load_path
from ntm.criteria.workbook import export_workbook
from ntm.criteria.workbook_import import apply_workbook, open_workbook
from ntm.environment import coverage, services

PROVINCE_SET = "xa-ntm-dong-nai-2024-2025"
DNB = UnitContext(region="DNB")


@pytest.fixture(scope="module")
def province_set():
    return load_path(services.PROVINCE_SET_FILE)


@pytest.mark.parametrize(
    ("year", "clean", "piped", "status"),
    [
        (2024, 84.5, 40, MET),  # both exactly at the 2024 thresholds
        (2024, 84.4, 90, NOT_MET),  # piped far above, clean just below
        (2024, 99, 39.9, NOT_MET),  # clean far above, piped just below
        (2025, 84.5, 40, NOT_MET),  # the 2025 thresholds are 85 and 45
        (2025, 85, 45, MET),
    ],
)
def test_17_1_is_met_only_when_both_parts_meet_the_years_threshold(province_set, year, clean, piped, status):
    result = evaluate(province_set, DNB, year, {"17.1": {"clean": clean, "piped": piped}}).indicator("17.1")
    assert result.status == status
    assert result.threshold.provenance.status == "partial"
    assert result.threshold.provenance.source.startswith("QĐ 57/2024/QĐ-UBND ngày 24/10/2024")


def test_the_composite_requirement_reads_both_parts_and_refuses_a_single_number(province_set):
    result = evaluate(province_set, DNB, 2025, {"17.1": {"clean": 86, "piped": 44}}).indicator("17.1")
    assert "≥ 85%" in result.reason and "≥ 45%" in result.reason and "44" in result.reason
    assert validate_values(province_set, {"17.1": 85})
    assert validate_values(province_set, {"17.1": {"clean": 85}})
    assert validate_values(province_set, {"17.1": {"clean": 85, "piped": 101}})
    assert not validate_values(province_set, {"17.1": {"clean": 85, "piped": 45}})


def test_the_100_percent_rates_and_the_set_round_trips(province_set):
    evaluation = evaluate(
        province_set,
        DNB,
        2025,
        {"17.2": 100, "17.6": 99.9, "17.7": {"packaging": 100, "medical": 100}},
    )
    assert evaluation.indicator("17.2").status == MET
    assert evaluation.indicator("17.6").status == NOT_MET
    assert evaluation.indicator("17.7").status == MET
    assert from_dict(province_set.to_dict()) == province_set
    text = services.PROVINCE_SET_FILE.read_text(encoding="utf-8")
    assert text[text.index("\nschema = ") + 1 :] == dumps(province_set)  # the canonical form
    content = province_set.to_dict()
    workbook = export_workbook(content, version=1, content_hash="x")
    assert apply_workbook(open_workbook(workbook), content) == content


def test_a_threshold_without_a_value_per_part_is_refused(province_set):
    data = province_set.to_dict()
    rule = data["criteria"][16]["indicators"][0]["thresholds"][0]
    assert data["criteria"][16]["indicators"][0]["code"] == "17.1"
    rule["parts"] = {"clean": 84.5}
    with pytest.raises(SetFileError, match="clean, piped"):
        from_dict(data)


@pytest.mark.django_db
def test_coverage_entered_by_the_commune_decides_17_1_of_the_province_set(cast):
    criteria_sets_load_shipped(paths=[services.PROVINCE_SET_FILE])
    services.indicator_source_link(
        actor=cast.coordinator,
        set_code=PROVINCE_SET,
        indicator_code="17.1",
        source=services.CLEAN_WATER_SHARES,
    )
    version = set_version(PROVINCE_SET)

    def status_after(clean: int, piped: int) -> str:
        services.coverage_set(
            actor=cast.officer_a,
            unit=cast.commune_a,
            year=2025,
            counts=coverage.HouseholdCounts(total=200, hygienic=200, clean=clean, clean_piped=piped),
        )
        values = engine_inputs([cast.commune_a], [2025], version).of(cast.commune_a.pk, 2025).values()
        return evaluate(version.criteria_set(), DNB, 2025, values).indicator("17.1").status

    assert status_after(clean=170, piped=90) == MET  # 85,0% and 45,0%
    assert status_after(clean=170, piped=89) == NOT_MET  # 44,5% piped
    assert status_after(clean=169, piped=100) == NOT_MET  # 84,5% clean: the 2024 level, short of 2025's


@pytest.mark.django_db
def test_waste_figures_feed_the_composite_17_7(cast):
    services.waste_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=2025,
        figures={
            "domestic_generated": Decimal("10"),
            "domestic_treated": Decimal("10"),
            "packaging_generated": Decimal("0"),
            "packaging_treated": Decimal("0"),
            "medical_generated": Decimal("2"),
            "medical_treated": Decimal("2"),
        },
    )
    row = ComputedValue.objects.get(unit=cast.commune_a, year=2025, source=services.PACKAGING_MEDICAL)
    assert row.value is None  # no packaging generated: no rate, so no composite figure
    services.waste_set(
        actor=cast.officer_a,
        unit=cast.commune_a,
        year=2025,
        figures={
            "domestic_generated": Decimal("10"),
            "domestic_treated": Decimal("10"),
            "packaging_generated": Decimal("4"),
            "packaging_treated": Decimal("4"),
            "medical_generated": Decimal("2"),
            "medical_treated": Decimal("1"),
        },
    )
    row.refresh_from_db()
    assert row.value == {"packaging": 100.0, "medical": 50.0}


def test_the_set_page_describes_the_composite_threshold(province_set):
    from ntm.criteria.presenters import describe_requirement

    indicator = province_set.find_indicator("17.1")
    texts = [describe_requirement(indicator, rule) for rule in indicator.thresholds]
    assert texts == [
        "nước sạch đạt quy chuẩn ≥ 84,5% và trong đó nước máy ≥ 40%",
        "nước sạch đạt quy chuẩn ≥ 85% và trong đó nước máy ≥ 45%",
    ]
