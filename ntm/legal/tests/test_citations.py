"""Sources a user can check: every shipped ``source`` names a record of the legal registry plus the part cited, the
loaders refuse one that does not, and no team note reaches a data file, a page or a generated document."""

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from ntm.criteria.setfile import SetFileError
from ntm.criteria.setload import load_bytes as load_set
from ntm.legal.citations import parse_source, shipped_registry, source_problems, split_items, team_notes
from ntm.programme.formfile import FormFileError
from ntm.programme.formfile import load_bytes as load_form
from ntm.programme.planfile import PlanFileError
from ntm.programme.planfile import load_bytes as load_plan
from ntm.recognition.procedure import ProcedureFileError
from ntm.recognition.procedure import load_bytes as load_procedure
from ntm.surveys.questionnaire_file import QuestionnaireFileError
from ntm.surveys.questionnaire_file import load_bytes as load_questionnaire

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = {
    "KH 202/KH-UBND": dt.date(2023, 8, 18),
    "QĐ 318/QĐ-TTg": dt.date(2022, 3, 8),
    "QĐ 18/2022/QĐ-TTg": None,
}


def test_a_source_is_registry_records_with_the_part_cited_and_public_pages():
    citations, problems = parse_source(
        "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a; qđ 318/qđ-ttg, Phụ lục I (tên tiêu chí; xác nhận một phần); "
        "https://example.gov.vn/trang",
        REGISTRY,
    )
    assert problems == []
    assert [(c.symbol, c.part, c.url) for c in citations] == [
        ("KH 202/KH-UBND", "mục II.2.a", ""),
        ("QĐ 318/QĐ-TTg", "Phụ lục I (tên tiêu chí; xác nhận một phần)", ""),
        ("", "", "https://example.gov.vn/trang"),
    ]
    assert split_items("A (x; y); B") == ["A (x; y)", "B"]


@pytest.mark.parametrize(
    "text",
    [
        "Suy luận từ KH 202/KH-UBND ngày 18/8/2023",  # the symbol does not open the item
        "KH 202/KH-UBND, mục II.2; chưa đối chiếu toàn văn",  # a remark outside brackets
        "QĐ 999/QĐ-TTg, Điều 1",  # not in the registry
        "https://example.gov.vn/trang",  # a page alone cites no document
        "KH 202/KH-UBND ngày 19/8/2023, mục II",  # the registry dates it 18/8/2023
        "KH 202/KH-UBND (theo đề bài)",  # a team note
        "QĐ 318/QĐ-TTg, Phụ lục I (domain.md §3)",
        "KH 2020/KH-UBND",  # a longer number is another document
    ],
)
def test_a_source_naming_no_registry_record_is_refused(text):
    assert source_problems(text, REGISTRY)


def test_team_notes_are_recognised_but_ordinary_words_are_not():
    assert sorted(team_notes("theo đề bài; xem issue 10; domain-ocop.md")) == sorted(
        ["đề bài", "theo đề", "issue 10", "domain-ocop.md"]
    )
    assert team_notes("Theo đề nghị của Sở; đề xuất; issuer") == []


def test_every_loader_refuses_a_source_that_names_no_registry_record():
    plan = (ROOT / "ntm/programme/targets/plan-202.toml").read_text(encoding="utf-8")
    bad_plan = plan.replace(
        'source = "KH 202/KH-UBND ngày 18/8/2023, mục IV.1.a"', 'source = "Suy luận (đề bài)"', 1
    )
    with pytest.raises(PlanFileError, match=r"IV\.1\.a.*không nêu văn bản nào"):
        load_plan(bad_plan.encode())
    form = (ROOT / "ntm/programme/reportforms/bao-cao-dinh-ky.toml").read_text(encoding="utf-8")
    with pytest.raises(FormFileError, match="không nêu văn bản nào"):
        load_form(re.sub(r'(?m)^source = ".*"$', 'source = "mẫu tự soạn"', form, count=1).encode())
    setfile = (ROOT / "ntm/criteria/setfiles/xa-ntm-2021-2025.toml").read_text(encoding="utf-8")
    with pytest.raises(SetFileError, match="không nêu văn bản nào"):
        load_set(
            setfile.replace(
                'source = "QĐ 318/QĐ-TTg ngày 08/3/2022, Phụ lục I"', 'source = "issue 10"', 1
            ).encode()
        )
    procedure = (ROOT / "ntm/recognition/procedures/qd18-2022-truoc-1-7-2025.toml").read_text(
        encoding="utf-8"
    )
    with pytest.raises(ProcedureFileError, match="không nêu văn bản nào"):
        load_procedure(
            procedure.replace(
                'legal_source = "QĐ 18/2022/QĐ-TTg ngày 02/8/2022"', 'legal_source = "Quy trình nội bộ"'
            ),
            roles=["commune_officer", "province_coordinator", "district_officer", "council_member"],
        )
    questionnaire = (ROOT / "ntm/surveys/questionnaires/dich-vu-thiet-yeu.toml").read_text(encoding="utf-8")
    with pytest.raises(QuestionnaireFileError, match="không nêu văn bản nào"):
        load_questionnaire(
            re.sub(r'(?m)^source = ".*"$', 'source = "Phiếu tự soạn"', questionnaire, count=1).encode()
        )


def _tracked(*patterns: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [ROOT / name for name in listed.stdout.split()]


def test_every_shipped_source_cites_the_registry():
    registry = shipped_registry()
    found = 0
    for path in _tracked("ntm/**/*.toml"):
        if path.name == "documents.toml":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(r'\s*(\w*source)\s*=\s*"(.*)"\s*$', line)
            if not match or match.group(1) not in (
                "source",
                "legal_source",
                "department_source",
                "time_limit_source",
            ):
                continue
            if match.group(2) == "Chưa có văn bản phân công":  # a placeholder department assignment
                continue
            found += 1
            assert not source_problems(match.group(2), registry), f"{path.relative_to(ROOT)}:{number}"
    assert found > 600


def test_no_team_note_in_any_data_file_template_or_translation():
    paths = _tracked("ntm/**/*.toml", "ntm/**/*.html", "ntm/**/*.csv", "locale/vi/LC_MESSAGES/django.po")
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert not team_notes(text), f"{path.relative_to(ROOT)}: {team_notes(text)}"
