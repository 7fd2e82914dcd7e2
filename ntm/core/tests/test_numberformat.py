"""Numbers typed the Vietnamese way (and the English way where it cannot be misread); Vietnamese sort order."""

from decimal import Decimal

import pytest

from ntm.core.numberformat import NumberError, input_text, parse_number
from ntm.core.text import sort_key


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("98,8", "98.8"),
        ("98.8", "98.8"),
        ("80", "80"),
        (" 1 234 ", "1234"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("0.123", "0.123"),
        ("12,25", "12.25"),
        ("95%", "95"),
        ("-3", "-3"),
    ],
)
def test_numbers_are_read_both_ways_where_unambiguous(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["khoảng 90", "", "abc", "1.2.3", "1,5,6", "1.23,4", "90 %x", ",5", "5,"])
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(NumberError) as refused:
        parse_number(text)
    assert not refused.value.ambiguous


def test_a_lone_dot_before_three_digits_is_ambiguous():
    with pytest.raises(NumberError) as refused:
        parse_number("1.234")
    assert refused.value.ambiguous


def test_stored_numbers_are_edited_with_a_decimal_comma():
    assert [input_text(v) for v in (98.8, 80, 80.0, Decimal("1234.50"), None)] == [
        "98,8",
        "80",
        "80",
        "1234,5",
        "",
    ]


def test_vietnamese_order_puts_d_stroke_after_d_and_tones_break_ties():
    names = ["Đông Hòa", "Dầu Giây", "Xuân Lộc", "An Phước", "Ấp Bắc", "Dĩ An", "Ăn Năn", "Ba", "Bà", "Bá"]
    assert sorted(names, key=sort_key) == [
        "An Phước", "Ăn Năn", "Ấp Bắc", "Ba", "Bà", "Bá", "Dầu Giây", "Dĩ An", "Đông Hòa", "Xuân Lộc",
    ]  # fmt: skip
    assert sorted(["Đa Kia", "Dương Minh Châu"], key=sort_key) == ["Dương Minh Châu", "Đa Kia"]
