"""Pure logic, no database: tokens, statistics with small-group hiding, questionnaire files, thresholds."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.surveys import thresholds, tokens
from ntm.surveys.questionnaire_file import QuestionnaireFileError, load_bytes, load_directory
from ntm.surveys.stats import MIN_GROUP_ANSWERS, GroupCounts, Share, Thresholds, hidden_groups, summarise

KEY = tokens.campaign_key("secret-key-for-tests", "salt")


def test_tokens_are_stable_unguessable_and_versioned():
    token = tokens.derive_token(KEY, "BK-001", 1)
    assert len(token) == tokens.TOKEN_LENGTH == 26  # 26 characters of 5 bits = 130 bits
    assert token == tokens.derive_token(KEY, "BK-001", 1)
    assert token != tokens.derive_token(KEY, "BK-001", 2)
    assert token != tokens.derive_token(KEY, "BK-002", 1)
    assert token != tokens.derive_token(tokens.campaign_key("another-secret", "salt"), "BK-001", 1)
    assert set(token) <= set("abcdefghijklmnopqrstuvwxyz234567")


def test_tokens_are_accepted_grouped_and_in_any_case():
    token = tokens.derive_token(KEY, "BK-001", 1)
    printed = tokens.format_token(token)
    assert printed.count("-") == 6 and printed == printed.upper()
    assert tokens.normalize_token(printed) == token
    assert tokens.normalize_token(" " + printed.replace("-", " ") + " ") == token
    for bad in ("", "abc", token + "a", token[:-1] + "8", token[:-1] + "!", None):
        assert tokens.normalize_token(bad) is None
    assert tokens.hash_token(token) != token and len(tokens.hash_token(token)) == 64


def test_zero_and_one_are_read_as_the_letters_o_and_i():
    token = "o" * 3 + "i" * 3 + tokens.derive_token(KEY, "BK-001", 1)[6:]
    typed = tokens.format_token(token).replace("O", "0").replace("I", "1")
    assert "0" in typed and "1" in typed
    assert tokens.normalize_token(typed) == token
    assert tokens.normalize_token(typed.lower()) == token


def test_share_meets_exactly_at_the_threshold_and_never_without_one():
    assert Share(4, 5).meets(Decimal("80")) is True
    assert Share(79, 100).meets(Decimal("80")) is False
    assert Share(2, 3).meets(Decimal("66.67")) is False
    assert Share(1, 3).percent == 33.3
    assert Share(3, 4).meets(None) is None
    assert Share(0, 0).meets(Decimal("80")) is None and Share(0, 0).percent is None


def _group(key, answers, yes_ratio=1.0, households=None, items=("a", "b")):
    yes = round(answers * yes_ratio)
    return GroupCounts(
        key=key,
        name=f"Ấp {key}",
        households=households or answers * 2,
        answers=answers,
        online=answers,
        items={item: (yes, answers) for item in items},
    )


THRESHOLDS = Thresholds(Decimal("90"), Decimal("80"), Decimal("70"))


def test_summary_hides_small_hamlets_and_their_complement():
    results = summarise(
        [_group("1", 40), _group("2", 15), _group("3", 4)],
        commune_name="Xã Long Phước",
        content_keys=["a", "b"],
        overall_key=None,
        thresholds=THRESHOLDS,
    )
    hidden = {h.key for h in results.hamlets if h.suppressed}
    # Hamlet 3 (4 answers) is hidden; hiding it alone would let commune minus others reveal it, so hamlet 2 goes too.
    assert hidden == {"3", "2"}
    assert not results.commune.suppressed and results.commune.answers == 59
    assert all(h.overall is None and h.contents == () for h in results.hamlets if h.suppressed)
    assert results.hamlets[0].coverage.percent == 50.0 and results.hamlets[2].coverage_met is False


def test_commune_below_ten_answers_is_hidden():
    results = summarise(
        [_group("1", 9)], commune_name="X", content_keys=["a"], overall_key=None, thresholds=THRESHOLDS
    )
    assert results.commune.suppressed and results.hamlets[0].suppressed


def test_overall_uses_the_general_question_when_there_is_one():
    group = GroupCounts("1", "Ấp", 20, 10, items={"a": (10, 10), "b": (5, 10), "chung": (9, 10)})
    with_question = summarise(
        [group], commune_name="X", content_keys=["a", "b"], overall_key="chung", thresholds=THRESHOLDS
    )
    pooled = summarise(
        [group], commune_name="X", content_keys=["a", "b"], overall_key=None, thresholds=THRESHOLDS
    )
    assert with_question.commune.overall == Share(9, 10) and with_question.commune.overall_met is True
    assert pooled.commune.overall == Share(15, 20) and pooled.commune.overall_met is False
    assert with_question.commune.contents_met is False
    assert with_question.commune.weakest.key == "b"


def test_no_threshold_gives_no_verdict():
    results = summarise(
        [_group("1", 20)],
        commune_name="X",
        content_keys=["a"],
        overall_key=None,
        thresholds=Thresholds(None, None, None),
    )
    assert results.commune.overall_met is None and results.commune.contents_met is None


def test_group_counts_round_trip_through_json():
    group = _group("7", 12, 0.5)
    assert GroupCounts.from_json(group.to_json()) == group


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=40), max_size=8))
def test_hidden_hamlets_never_reveal_a_group_below_the_minimum(answers):
    hidden = hidden_groups(answers)
    assert {k for k, n in answers.items() if n < MIN_GROUP_ANSWERS} <= hidden
    hidden_total = sum(answers[k] for k in hidden)
    assert hidden_total == 0 or hidden_total >= MIN_GROUP_ANSWERS or hidden == set(answers)


def test_shipped_questionnaires_load_with_one_question_per_content():
    definitions = load_directory(Path(__file__).resolve().parents[1] / "questionnaires")
    commune = definitions["ntm-xa-2021-2025"]
    contents = [q for q in commune.questions if q.kind == "content"]
    assert len(contents) == 19 and [q.criterion for q in contents] == [str(n) for n in range(1, 20)]
    assert sum(q.kind == "overall" for q in commune.questions) == 1
    assert commune.provenance == "unconfirmed"
    assert {d.purpose for d in definitions.values()} == {"recognition", "service"}


def test_a_bad_questionnaire_file_lists_every_problem():
    text = """
code = "Bad Code"
title = "T"
purpose = "other"
provenance = "sure"
source = "s"
[[questions]]
key = "a"
kind = "content"
text = "A"
[[questions]]
key = "a"
kind = "overall"
text = "B"
[[questions]]
key = "c"
kind = "overall"
text = "C"
extra = 1
"""
    with pytest.raises(QuestionnaireFileError) as caught:
        load_bytes(text.encode())
    problems = " | ".join(caught.value.errors)
    for expected in ("mã “Bad Code”", "purpose", "provenance", "bị trùng", "một câu hỏi chung", "“extra”"):
        assert expected in problems
    with pytest.raises(QuestionnaireFileError, match="TOML"):
        load_bytes(b"code = ")


def test_threshold_defaults_carry_their_marks():
    overall = thresholds.resolve("recognition", "overall", None)
    content = thresholds.resolve("recognition", "content", Decimal("80"))
    local = thresholds.resolve("recognition", "coverage", Decimal("85"))
    service = thresholds.resolve("service", "overall", None)
    assert (overall.value, overall.provenance) == (Decimal("90"), "unconfirmed")
    # 80% per content is a condition of the district's recognition (QĐ 320): partial for a commune campaign.
    assert (content.value, content.provenance) == (Decimal("80"), "partial") and "320" in content.source
    assert "huyện" in content.source and "vận dụng" in content.source
    # "Set by the Front" only for a value an officer typed, never for a default.
    assert local.source == thresholds.LOCAL_SOURCE
    for default in (*thresholds.RECOGNITION_DEFAULTS.values(), *thresholds.SERVICE_DEFAULTS.values()):
        assert "MTTQ" not in default.source and default.provenance != "confirmed"
    assert (local.value, local.provenance) == (Decimal("85"), "unconfirmed")
    assert (service.value, service.provenance) == (None, "placeholder")
