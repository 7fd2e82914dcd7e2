"""Every dashboard table as an Excel workbook (``ntm.core.excel_writer``): the same rows the pages show.

Headers are Vietnamese (the workbooks go to provincial offices as they are); results carry their text ("Đạt",
"Chưa đạt"…) so nothing depends on colour, and self-assessed results are labelled as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ntm.assessment.selectors import dashboards
from ntm.core.choices import LEVEL_LABELS
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.vocabulary import NONE
from ntm.criteria.engine import status_label

STATE_LABELS = {
    dashboards.STATE_MET: "Đạt",
    dashboards.STATE_NOT_MET: "Chưa đạt",
    dashboards.STATE_MISSING: "Thiếu số liệu",
    dashboards.STATE_NO_THRESHOLD: "Chưa có ngưỡng",
}
VERIFICATION_LABELS = {
    "entered": "Chờ kiểm tra",
    "returned": "Sở trả lại",
    "answered": "Xã đã trả lời",
    "verified": "Đã xác nhận",
}
GAP_REASONS = {"not_met": "Chưa đạt", "missing": "Chưa có số liệu", "no_threshold": "Chưa có ngưỡng"}


def _level(level: str) -> str:
    """A level's label as the pages show it (``LEVEL_LABELS``), in the active language."""
    return str(LEVEL_LABELS.get(level, level))


def _sheet(
    sheets: list[Sheet], title: str, headers: Sequence[str], rows: Iterable[Sequence], widths=None
) -> None:
    sheets.append(Sheet(title, header=list(headers), rows=rows, widths=widths or [22] * len(headers)))


def _number(value) -> object:
    if value is None or isinstance(value, bool | str):
        return {True: "Đạt", False: "Không"}.get(value, value) if isinstance(value, bool) else value
    return float(value) if not isinstance(value, int) else value


def overview_workbook(data: dashboards.Overview) -> bytes:
    sheets: list[Sheet] = []
    _sheet(
        sheets,
        "Mức đạt",
        ["Mức", "Số xã tự đánh giá đạt", "Số xã theo công nhận chính thức"],
        (
            [r["label"], r["self_assessed"], "—" if r["official"] is None else r["official"]]
            for r in data.levels
        ),
        [32, 24, 30],
    )
    _sheet(
        sheets,
        "Phân bố tiêu chí",
        ["Số tiêu chí đạt (tự đánh giá)", "Số xã"],
        [*([r["criteria_met"], r["units"]] for r in data.distribution), ["Chưa có số liệu", data.no_data]],
        [30, 12],
    )
    _sheet(
        sheets,
        "Theo năm",
        [
            "Năm",
            "Số xã tự đánh giá đạt bộ tiêu chí",
            "Số xã được công nhận (cuối năm)",
            "Số tiêu chí đạt bình quân",
        ],
        ([r["year"], r["reached"], r["official"], r["mean_met"]] for r in data.trend),
        [10, 32, 32, 26],
    )
    return workbook_bytes(sheets)


def matrix_workbook(data: dashboards.Matrix) -> bytes:
    sheets: list[Sheet] = []
    headers = [
        "Mã xã",
        "Tên xã",
        "Số tiêu chí đạt (tự đánh giá)",
        "Tự đánh giá đạt mức",
        "Công nhận chính thức",
    ]
    headers += [f"TC {code}. {name}" for code, name in data.columns]
    rows = []
    for row in data.rows:
        rows.append(
            [
                row.unit.code,
                row.unit.name,
                f"{row.summary.criteria_met}/{row.summary.criteria_total}",
                _level(row.summary.level_reached or NONE),
                _level(row.official.level),
                *(
                    STATE_LABELS[cell.state]
                    + (" (tạm tính)" if cell.provisional else "")
                    + (f" — chưa đạt: {', '.join(cell.unmet)}" if cell.unmet and cell.state != "met" else "")
                    for cell in row.cells
                ),
            ]
        )
    _sheet(sheets, "Ma trận", headers, rows, [10, 26, 14, 18, 20] + [18] * len(data.columns))
    _sheet(
        sheets,
        "Thông tin",
        ["Mục", "Giá trị"],
        [
            ["Bộ tiêu chí", f"{data.version.name} ({data.version.ref})"],
            ["Năm", data.year],
            [
                "Ghi chú",
                "Kết quả tự đánh giá, tính lại từ số liệu; trạng thái chính thức lấy từ sổ quyết định công nhận.",
            ],
        ],
        [20, 80],
    )
    return workbook_bytes(sheets)


def department_workbook(data: dashboards.DepartmentView, version, year: int) -> bytes:
    sheets: list[Sheet] = []
    rows = []
    for row in data.rows:
        for indicator, cell in zip(data.indicators, row.cells, strict=True):
            value = cell.value
            rows.append(
                [
                    row.unit.code,
                    row.unit.name,
                    indicator.code,
                    indicator.name,
                    _number(value.value) if value else None,
                    indicator.measure_unit,
                    status_label(cell.status),
                    VERIFICATION_LABELS.get(value.status, value.status) if value else "Chưa nhập",
                    getattr(value, "evidence_count", 0) if value else 0,
                    value.note if value else "",
                ]
            )
    _sheet(
        sheets,
        "Chỉ tiêu của sở",
        [
            "Mã xã",
            "Tên xã",
            "Mã chỉ tiêu",
            "Chỉ tiêu",
            "Giá trị",
            "Đơn vị tính",
            "Kết quả (tự đánh giá)",
            "Kiểm tra",
            "Số minh chứng",
            "Ghi chú",
        ],
        rows,
        [10, 24, 10, 50, 12, 14, 18, 16, 12, 30],
    )
    _sheet(
        sheets,
        "Thông tin",
        ["Mục", "Giá trị"],
        [
            ["Sở, ngành", f"{data.department_name} ({data.department})"],
            ["Bộ tiêu chí", version.ref],
            ["Năm", year],
        ],
        [20, 60],
    )
    return workbook_bytes(sheets)


def gaps_workbook(report: dashboards.GapReport) -> bytes:
    sheets: list[Sheet] = []
    summary, details = [], []
    for position, gap in enumerate(report.gaps, start=1):
        summary.append(
            [
                position if gap.comparable else None,
                gap.unit_name,
                _level(gap.official_level),
                _level(gap.target.level) if gap.target.level else "Đã ở mức cao nhất",
                gap.target.set_code or "",
                gap.unmet_count,
                round(gap.total_relative, 3),
                len(gap.no_threshold),
            ]
        )
        for item in (*gap.unmet, *gap.no_threshold):
            details.append(
                [
                    gap.unit_name,
                    item.criterion,
                    item.code,
                    item.name,
                    item.department,
                    GAP_REASONS.get(item.reason, item.reason),
                    _number(item.value),
                    item.op,
                    item.threshold,
                    item.shortfall,
                    round(item.relative, 4) if item.relative is not None else None,
                ]
            )
    _sheet(
        sheets,
        "Xếp hạng",
        [
            "Hạng",
            "Xã",
            "Công nhận chính thức",
            "Mức tiếp theo",
            "Bộ tiêu chí",
            "Số chỉ tiêu chưa đạt",
            "Tổng thiếu hụt tương đối",
            "Số chỉ tiêu chưa có ngưỡng",
        ],
        summary,
        [8, 26, 20, 18, 24, 18, 20, 20],
    )
    _sheet(
        sheets,
        "Chi tiết",
        [
            "Xã",
            "Tiêu chí",
            "Chỉ tiêu",
            "Tên chỉ tiêu",
            "Sở phụ trách",
            "Lý do",
            "Giá trị",
            "Phép so sánh",
            "Ngưỡng",
            "Thiếu hụt",
            "Thiếu hụt tương đối",
        ],
        details,
        [24, 8, 10, 50, 12, 16, 12, 10, 10, 10, 12],
    )
    return workbook_bytes(sheets)
