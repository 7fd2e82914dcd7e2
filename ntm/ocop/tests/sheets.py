"""Score sheets the tests build: small, fully known, so totals can be worked by hand."""

from __future__ import annotations

BANDS = """
[[bands]]
star = 5
min_points = 90
provenance = "unconfirmed"
source = "Phiếu thử nghiệm"

[[bands]]
star = 4
min_points = 70
provenance = "unconfirmed"
source = "Phiếu thử nghiệm"

[[bands]]
star = 3
min_points = 50
provenance = "unconfirmed"
source = "Phiếu thử nghiệm"

[[bands]]
star = 2
min_points = 30
provenance = "unconfirmed"
source = "Phiếu thử nghiệm"

[[bands]]
star = 1
min_points = 0
provenance = "unconfirmed"
source = "Phiếu thử nghiệm"
"""


def part(code: str, name: str, max_points: int) -> str:
    return f"""
[[parts]]
code = "{code}"
name = "{name}"
max_points = {max_points}
provenance = "confirmed"
source = "Phiếu thử nghiệm"

[[sections]]
code = "{code}.1"
part = "{code}"
name = "Mục {code}.1"
provenance = "confirmed"
source = "Phiếu thử nghiệm"
"""


def criterion(code: str, section: str, points: tuple, mandatory: tuple = ()) -> str:
    text = f"""
[[criteria]]
code = "{code}"
section = "{section}"
name = "Tiêu chí {code}"
provenance = "confirmed"
source = "Phiếu thử nghiệm"
"""
    for star, minimum in mandatory:
        text += f"""
[[criteria.mandatory]]
star = {star}
min_points = {minimum}
"""
    for letter, value in zip("abcdef", points, strict=False):
        shown = f'"{value}"' if value == "unknown" else value
        text += f"""
[[criteria.options]]
code = "{letter}"
label = "Mức {letter}"
points = {shown}
"""
    return text


def test_sheet_toml(
    *,
    code: str = "thu-nghiem",
    version: str = "1",
    decimals: int = 2,
    threshold: int = 10,
    c_points=(0, 15, 35),
) -> str:
    """Three parts, one criterion each: A.1.1 (0/20/40), B.1.1 (0/10/25), C.1.1 (0/15/35, ≥ 15 for 3★)."""
    head = f"""schema = 1
code = "{code}"
version = "{version}"
title = "Phiếu thử nghiệm {code}"
legal_document = "QĐ 148/QĐ-TTg"
categories = ["*"]
decimals = {decimals}
disagreement_threshold = {threshold}
provenance = "unconfirmed"
source = "Phiếu do bộ kiểm thử dựng"
"""
    return (
        head
        + BANDS
        + part("A", "Sản phẩm và sức mạnh cộng đồng", 40)
        + part("B", "Khả năng tiếp thị", 25)
        + part("C", "Chất lượng sản phẩm", 35)
        + criterion("A.1.1", "A.1", (0, 20, 40))
        + criterion("B.1.1", "B.1", (0, 10, 25))
        + criterion("C.1.1", "C.1", c_points, mandatory=((3, 15),))
    )


test_sheet_toml.__test__ = False
