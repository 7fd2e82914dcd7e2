"""The feedback rules without the database: codes, personal ID numbers, deadlines, the province box."""

import datetime as dt

import pytest

from ntm.feedback import rules


def test_a_code_is_grouped_readable_and_read_back_in_any_form():
    code = rules.new_code()
    assert code.startswith("PA-") and [len(part) for part in code.split("-")] == [2, 4, 4, 4]
    raw = rules.normalize(code)
    assert raw is not None and len(raw) == rules.CODE_LENGTH
    assert rules.normalize(code.lower().replace("-", " ")) == raw
    assert rules.normalize(code[3:]) == raw  # without the prefix
    assert rules.normalize("PA-1234") is None
    assert rules.normalize("") is None


def test_codes_differ_and_only_a_hash_is_kept():
    codes = {rules.new_code() for _ in range(200)}
    assert len(codes) == 200
    code = rules.normalize(codes.pop())
    assert code not in rules.code_hash(code)


@pytest.mark.parametrize(
    "text",
    [
        "CCCD 079123456789",
        "số 079 123 456 789 của tôi",
        "CMND: 271.234.567",
        "079-123-456-789",
    ],
)
def test_id_numbers_are_found(text):
    assert rules.has_id_number(text)


@pytest.mark.parametrize(
    "text",
    ["Gọi 0912345678", "ĐT 0912 345 678", "đường ấp 3 hỏng 200 m", "năm 2025, 12 hộ", "", "12345678901234"],
)
def test_phone_numbers_and_plain_figures_pass(text):
    assert not rules.has_id_number(text)


def test_working_days_skip_the_weekend():
    friday = dt.date(2026, 12, 4)
    assert rules.due_date(friday, 1) == dt.date(2026, 12, 7)  # Monday
    assert rules.due_date(friday, 10) == dt.date(2026, 12, 18)
    assert rules.due_date(friday, 10, rules.CALENDAR_DAYS) == dt.date(2026, 12, 14)
    with pytest.raises(ValueError):
        rules.due_date(friday, 1, "lunar")


def test_listed_holidays_are_not_working_days():
    friday = dt.date(2026, 12, 4)
    holidays = {dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 12)}  # Mon, Tue and a Saturday
    assert rules.due_date(friday, 1, rules.WORKING_DAYS, holidays) == dt.date(2026, 12, 9)
    assert rules.due_date(friday, 10, rules.WORKING_DAYS, holidays) == dt.date(2026, 12, 22)
    assert rules.due_date(friday, 10, rules.CALENDAR_DAYS, holidays) == dt.date(2026, 12, 14)  # not counted


def test_overdue_from_the_day_after_the_deadline():
    due = dt.date(2026, 12, 18)
    assert not rules.is_overdue(due, due)
    assert rules.is_overdue(due, due + dt.timedelta(days=1))


def test_inside_the_box():
    box = (106.3, 10.4, 107.65, 12.35)
    assert rules.inside(box, 10.95, 106.82)  # Biên Hòa
    assert not rules.inside(box, 10.35, 107.08)  # Vũng Tàu, south of the box
    assert not rules.inside(box, 21.03, 105.85)  # Hà Nội
    assert not rules.inside(box, 106.82, 10.95)  # swapped
