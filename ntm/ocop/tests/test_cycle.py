"""The evaluation cycle as a procedure file: the loader (pure) and the services and pages following the file."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.permissions import CHANGE, OCOP, area_roles
from ntm.ocop import cycle
from ntm.ocop.models import DossierFile, DossierFileKind, EvaluationState
from ntm.ocop.services.cycles import PROCEDURES_DIR, cycle_load_text, cycles_load
from ntm.ocop.services.evaluations import evaluation_precheck, evaluation_submit, score_submit
from ntm.ocop.tests.factories import ALL_TOP, load_sheets, make_evaluation

CURRENT = PROCEDURES_DIR / "qd148-sua-doi-1489-tu-6-7-2025.toml"
HISTORY = PROCEDURES_DIR / "qd148-truoc-6-7-2025.toml"
ROLES = sorted(area_roles(OCOP, CHANGE))
PAPERS = DossierFileKind.values


def read(text: str) -> cycle.Cycle:
    return cycle.load(text, roles=ROLES, history_roles=Role.values, papers=PAPERS)


def without_step(text: str, code: str) -> str:
    """The file without the [[steps]] block of ``code`` (and its papers)."""
    blocks = re.split(r"(?m)^(?=\[\[steps\]\]\n)", text)
    return "".join(b for b in blocks if f'\ncode = "{code}"\n' not in b)


def variant(*, code: str = "thu-nghiem", drop: str = "", replace: tuple[tuple[str, str], ...] = ()) -> str:
    text = CURRENT.read_text(encoding="utf-8").replace(
        'code = "qd148-sua-doi-1489-tu-6-7-2025"', f'code = "{code}"'
    )
    if drop:
        text = without_step(text, drop)
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def errors_of(text: str) -> str:
    with pytest.raises(cycle.CycleFileError) as caught:
        read(text)
    return "\n".join(caught.value.errors)


# --- the loader (no database) -----------------------------------------------------------------------------


def test_the_shipped_files_load_with_their_steps_in_order():
    current = read(CURRENT.read_text(encoding="utf-8"))
    assert [s.code for s in current.steps] == [
        "dossier",
        "commune_precheck",
        "provincial_council",
        "provincial_decision",
        "ministry_proposal",
        "recorded",
    ]
    assert current.step("commune_precheck").role == Role.COMMUNE_OFFICER
    assert current.step("commune_precheck").checks == cycle.CHECKS
    assert current.step("dossier").samples_needed("I") == 5
    assert current.step("dossier").samples_needed("VI") == 0
    assert current.step("provincial_decision").stars == (3, 4)
    assert "QĐ 1489/QĐ-TTg" in current.step("commune_precheck").source
    history = read(HISTORY.read_text(encoding="utf-8"))
    assert history.history and "district_council" in [s.code for s in history.steps]
    assert history.step("district_decision").stars == (3,)


def test_an_unknown_step_is_refused():
    text = variant(replace=(('code = "commune_precheck"', 'code = "hamlet_precheck"'),))
    assert "hamlet_precheck" in errors_of(text)


def test_an_unknown_actor_is_refused():
    text = variant(replace=(('role = "commune_officer"', 'role = "village_head"'),))
    assert "village_head" in errors_of(text)


def test_a_role_outside_the_ocop_area_is_refused_in_a_runnable_file():
    text = variant(replace=(('role = "commune_officer"', 'role = "front_officer"'),))
    assert "front_officer" in errors_of(text)


def test_an_unknown_paper_is_refused():
    text = variant(replace=(('code = "business_plan"', 'code = "bank_statement"'),))
    assert "bank_statement" in errors_of(text)


def test_a_source_outside_the_legal_registry_is_refused():
    text = variant(
        replace=(
            (
                'source = "QĐ 148/QĐ-TTg ngày 24/02/2023, Phụ lục II, Mục 1',
                'source = "QĐ 999/QĐ-XYZ, Điều 1; QĐ 148/QĐ-TTg ngày 24/02/2023, Phụ lục II, Mục 1',
            ),
        )
    )
    assert "999" in errors_of(text)


def test_district_steps_belong_only_to_a_history_file():
    text = HISTORY.read_text(encoding="utf-8").replace("history = true", "history = false")
    found = errors_of(text)
    assert "district_council" in found and "district_officer" in found


def test_steps_out_of_order_or_missing_are_refused():
    text = CURRENT.read_text(encoding="utf-8")
    assert "provincial_council" in errors_of(without_step(text, "provincial_council"))
    precheck = re.search(r'(?ms)^\[\[steps\]\]\ncode = "commune_precheck".*?(?=^\[\[steps\]\])', text).group(
        0
    )
    moved = text.replace(precheck, "").replace(
        '[[steps]]\ncode = "recorded"', precheck + '[[steps]]\ncode = "recorded"'
    )
    assert "→" in errors_of(moved)


def test_the_current_step_follows_the_state_and_the_file():
    full = read(CURRENT.read_text(encoding="utf-8"))
    short = read(variant(drop="commune_precheck"))
    assert full.after("dossier").code == "commune_precheck"
    assert short.after("dossier").code == "provincial_council"
    assert cycle.entry_state(short.after("dossier")) == "scoring"
    assert full.current("decided", awaiting_central=True).code == "ministry_proposal"
    assert full.current("decided").code == "recorded"
    no_ministry = read(variant(drop="ministry_proposal"))
    assert no_ministry.current("decided", awaiting_central=True).code == "recorded"


# --- the services follow the file (database) --------------------------------------------------------------


@pytest.fixture
def sheets(db):
    return load_sheets()


def test_a_cycle_without_the_commune_precheck_sends_the_dossier_straight_to_the_council(cast, sheets):
    before = make_evaluation(cast)  # opened on the shipped cycle: pinned to it
    cycle_load_text(text=variant(code="khong-ra-soat-xa", drop="commune_precheck"), name="test.toml")
    after = make_evaluation(cast)
    assert after.cycle.code == "khong-ra-soat-xa" and before.cycle.code != "khong-ra-soat-xa"

    after = evaluation_submit(actor=cast.producer, evaluation=after)
    assert after.state == EvaluationState.SCORING
    with pytest.raises(StateConflict):
        evaluation_precheck(
            actor=cast.officer_a,
            evaluation=after,
            raw_material_origin=True,
            idea_origin=True,
            local_labour=True,
            note="",
            accept=True,
        )
    score_submit(actor=cast.ocop_council, evaluation=after, choices=ALL_TOP)

    before = evaluation_submit(actor=cast.producer, evaluation=before)
    assert before.state == EvaluationState.SUBMITTED  # the earlier evaluation keeps its file's pre-check


def test_the_file_names_who_acts(cast, sheets):
    text = variant(
        code="xa-cham", replace=(('role = "ocop_council_member"', 'role = "province_coordinator"'),)
    )
    cycle_load_text(text=text)
    evaluation = make_evaluation(cast, upto="scoring")
    with pytest.raises(PermissionDenied):
        score_submit(actor=cast.ocop_council, evaluation=evaluation, choices=ALL_TOP)
    assert score_submit(actor=cast.coordinator, evaluation=evaluation, choices=ALL_TOP).total > 0


def test_a_paper_the_file_requires_blocks_the_submission_until_it_is_attached(cast, sheets):
    text = variant(
        code="can-phieu-dang-ky",
        replace=(
            (
                'name = "Phiếu đăng ký sản phẩm OCOP"\nrequired = false',
                'name = "Phiếu đăng ký sản phẩm OCOP"\nrequired = true',
            ),
        ),
    )
    cycle_load_text(text=text)
    evaluation = make_evaluation(cast)
    with pytest.raises(ServiceError, match="Phiếu đăng ký sản phẩm OCOP"):
        evaluation_submit(actor=cast.producer, evaluation=evaluation)
    row = DossierFile(
        evaluation=evaluation,
        kind=DossierFileKind.REGISTRATION_FORM,
        original_name="phieu.pdf",
        mime_type="application/pdf",
        size=8,
        uploaded_by=cast.producer,
    )
    row.file.save("phieu.pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert evaluation_submit(actor=cast.producer, evaluation=evaluation).state == EvaluationState.SUBMITTED


def test_an_invalid_file_loads_nothing(cast, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        variant(code="hong", replace=(('code = "recorded"', 'code = "archived"'),)), encoding="utf-8"
    )
    with pytest.raises(ServiceError) as caught:
        cycles_load(paths=[CURRENT, bad])
    assert any("archived" in d for d in caught.value.detail)
    from ntm.ocop.models import CycleVersion

    assert not CycleVersion.objects.exists()
    assert {v.code for v in cycles_load()} == {"qd148-sua-doi-1489-tu-6-7-2025", "qd148-truoc-6-7-2025"}
    assert len(cycles_load()) == 2 and CycleVersion.objects.count() == 2  # idempotent


def test_the_evaluation_page_shows_the_steps_of_the_file_with_their_sources(cast, sheets, client_as):
    evaluation = make_evaluation(cast, upto="submitted")
    page = client_as(cast.officer_a).get(reverse("ocop:evaluation", args=[evaluation.pk])).content.decode()
    assert 'data-step="commune_precheck" data-status="current"' in page
    assert 'data-step="dossier" data-status="done"' in page
    assert "QĐ 1489/QĐ-TTg" in page and "Chủ thể sản xuất" in page

    cycle_load_text(text=variant(code="khong-ra-soat-xa", drop="commune_precheck"))
    short = make_evaluation(cast)
    page = client_as(cast.producer).get(reverse("ocop:evaluation", args=[short.pk])).content.decode()
    assert 'data-step="commune_precheck"' not in page
    assert "Nộp hồ sơ cho UBND xã" not in page  # the next step is the council, not the commune

    listing = client_as(cast.coordinator).get(reverse("ocop:work_list")).content.decode()
    assert 'data-step="district_council"' in listing  # the earlier three-level cycle, kept as history


def test_the_command_loads_the_shipped_files_and_a_changed_file_as_a_new_version(db, tmp_path):
    from django.core.management import CommandError, call_command

    from ntm.ocop.models import CycleVersion

    call_command("load_ocop_procedures")
    assert CycleVersion.objects.count() == 2
    changed = tmp_path / "doi.toml"
    changed.write_text(
        CURRENT.read_text(encoding="utf-8").replace("Mục 1 (tiếp nhận", "Mục 1 (nhận"), encoding="utf-8"
    )
    call_command("load_ocop_procedures", str(changed))
    versions = CycleVersion.objects.filter(code="qd148-sua-doi-1489-tu-6-7-2025").order_by("version")
    assert [v.version for v in versions] == [1, 2]
    bad = tmp_path / "sai.toml"
    bad.write_text(variant(replace=(('role = "producer"', 'role = "nobody"'),)), encoding="utf-8")
    with pytest.raises(CommandError, match="nobody"):
        call_command("load_ocop_procedures", str(bad))
