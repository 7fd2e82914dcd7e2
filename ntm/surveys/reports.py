"""Documents made from survey results: the Excel export, the household list, and the Word result report
(docxtpl, Decree 30/2020 layout) that a recognition dossier attaches (``result_report_docx``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from ntm.core.excel_writer import Cell, Sheet, Style, workbook_bytes
from ntm.core.models import InstanceState
from ntm.core.vocabulary import CONFIRMED, LEVEL_PHRASE, NTM, PARTIAL, PLACEHOLDER, UNCONFIRMED
from ntm.core.wordtemplates import render
from ntm.legal.selectors import source_text
from ntm.surveys.models import Campaign, Purpose, QuestionKind
from ntm.surveys.stats import ContentResult, SurveyResults

TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "ket-qua-khao-sat.docx"
MARKS = {
    CONFIRMED: "đã xác nhận",
    PARTIAL: "xác nhận một phần",
    UNCONFIRMED: "chưa xác nhận",
    PLACEHOLDER: "chưa có ngưỡng",
}
HIDDEN = "ẩn để bảo vệ danh tính"  # a group of 10 or more may be hidden too (so it cannot be worked out)


def percent_vi(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def number_vi(value) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


def threshold_vi(value) -> str:
    if value is None:
        return "không có"
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")


def verdict_vi(met: bool | None) -> str:
    return {True: "Đạt", False: "Chưa đạt", None: "—"}[met]


@dataclass(frozen=True)
class ContentRow:
    number: int
    key: str
    text: str
    criterion: str
    commune: ContentResult | None
    hamlets: tuple[ContentResult | None, ...]


def content_rows(campaign: Campaign, results: SurveyResults) -> list[ContentRow]:
    questions = [q for q in campaign.questionnaire.questions.all() if q.kind == QuestionKind.CONTENT]
    return [
        ContentRow(
            number=index,
            key=q.key,
            text=q.text,
            criterion=q.criterion,
            commune=results.commune.content(q.key),
            hamlets=tuple(h.content(q.key) for h in results.hamlets),
        )
        for index, q in enumerate(questions, start=1)
    ]


def _subject(campaign: Campaign) -> str:
    if campaign.purpose == Purpose.SERVICE:
        return f"dịch vụ {campaign.service_name}"
    level = LEVEL_PHRASE.get(campaign.recognition_level, LEVEL_PHRASE[NTM])
    return f"kết quả xây dựng {level}"


def notes(campaign: Campaign, results: SurveyResults) -> list[str]:
    """The provenance of every threshold and the rules used, in the words of the report."""
    items = [
        f"Ngưỡng hài lòng chung {threshold_vi(campaign.threshold_overall)}% "
        f"({MARKS[campaign.threshold_overall_provenance]}): {source_text(campaign.threshold_overall_source)}.",
        f"Ngưỡng hài lòng từng nội dung {threshold_vi(campaign.threshold_content)}% "
        f"({MARKS[campaign.threshold_content_provenance]}): {source_text(campaign.threshold_content_source)}.",
        f"Mục tiêu số hộ được hỏi {threshold_vi(campaign.coverage_target)}% "
        f"({MARKS[campaign.coverage_provenance]}): {source_text(campaign.coverage_source)}.",
        f"Mẫu phiếu: {campaign.questionnaire.title}, phiên bản {campaign.questionnaire.version} "
        f"({MARKS.get(campaign.questionnaire.provenance, campaign.questionnaire.provenance)}).",
        "Tỷ lệ hài lòng = số hộ trả lời “hài lòng” ÷ số hộ trả lời nội dung đó; tỷ lệ chung lấy theo câu hỏi "
        "chung của phiếu (cách tính theo thực tiễn, chưa có định nghĩa chính thức).",
        f"Nhóm dưới {results.min_group} phiếu không công bố tỷ lệ (bảo vệ người trả lời).",
    ]
    if campaign.is_frozen:
        items.append(
            f"Kết quả đã chốt khi đóng đợt khảo sát ({timezone.localtime(campaign.closed_at):%d/%m/%Y})."
        )
    else:
        items.append("Đợt khảo sát chưa đóng: số liệu tạm thời, có thể thay đổi.")
    return items


def report_context(campaign: Campaign, results: SurveyResults, *, today=None) -> dict:
    today = today or timezone.localdate()
    commune = results.commune
    unit = campaign.unit
    place = unit.short_name or unit.name.split(" ", 1)[-1]
    coverage = (
        f"Số hộ trong danh sách: {number_vi(commune.households)} hộ; số hộ đã trả lời: "
        f"{number_vi(commune.answers)} hộ, đạt {percent_vi(commune.coverage.percent)}% "
        f"(mục tiêu {threshold_vi(campaign.coverage_target)}%, {MARKS[campaign.coverage_provenance]}: "
        f"{verdict_vi(commune.coverage_met).lower()}). Trả lời trực tuyến: {number_vi(commune.online)} phiếu; "
        f"phiếu giấy: {number_vi(commune.paper)} phiếu."
    )
    if commune.suppressed:
        overall = f"Tỷ lệ hài lòng chung: không công bố ({HIDDEN})."
        conclusion = f"Chưa đủ {results.min_group} phiếu trả lời để kết luận."
    else:
        overall = (
            f"Tỷ lệ hài lòng chung: {percent_vi(commune.overall.percent)}% "
            f"({number_vi(commune.overall.yes)}/{number_vi(commune.overall.total)} hộ); ngưỡng "
            f"{threshold_vi(campaign.threshold_overall)}% ({MARKS[campaign.threshold_overall_provenance]}): "
            f"{verdict_vi(commune.overall_met).lower()}."
        )
        failing = [
            row.text for row in content_rows(campaign, results) if row.commune and row.commune.met is False
        ]
        if commune.overall_met and commune.contents_met:
            conclusion = (
                f"Người dân {unit.name} hài lòng với {_subject(campaign)} ở mức đạt các ngưỡng đã nêu "
                "(lưu ý các ngưỡng chưa xác nhận ở phần Ghi chú)."
            )
        elif failing:
            conclusion = "Các nội dung chưa đạt ngưỡng: " + "; ".join(failing) + "."
        else:
            conclusion = "Kết quả chưa đạt hoặc chưa đủ căn cứ để đánh giá theo các ngưỡng đã nêu."
    rows = [
        {
            "number": row.number,
            "text": row.text,
            "total": number_vi(row.commune.share.total) if row.commune else HIDDEN,
            "yes": number_vi(row.commune.share.yes) if row.commune else "—",
            "percent": percent_vi(row.commune.share.percent) if row.commune else "—",
            "verdict": verdict_vi(row.commune.met) if row.commune else "—",
        }
        for row in content_rows(campaign, results)
    ]
    hamlet_rows = [
        {
            "number": index,
            "name": hamlet.name,
            "households": number_vi(hamlet.households),
            "answers": number_vi(hamlet.answers),
            "percent": "—" if hamlet.suppressed else percent_vi(hamlet.overall.percent),
            "note": HIDDEN if hamlet.suppressed else verdict_vi(hamlet.overall_met),
        }
        for index, hamlet in enumerate(results.hamlets, start=1)
    ]
    return {
        "parent_body": "ỦY BAN MTTQ VIỆT NAM",
        "issuing_body": unit.name.upper(),
        "number": "       /BC-MTTQ",
        "place": place,
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
        "summary": f"Kết quả lấy ý kiến sự hài lòng của người dân về {_subject(campaign)} tại {unit.name}",
        "demo_note": "DỮ LIỆU MINH HỌA — KHÔNG PHẢI VĂN BẢN CHÍNH THỨC" if InstanceState.is_demo() else "",
        "opening": (
            f"Thực hiện hướng dẫn của Ủy ban Trung ương MTTQ Việt Nam về lấy ý kiến sự hài lòng của người dân "
            f"(HD 90/HD-MTTW-BTT ngày 20/9/2022), Ban Thường trực Ủy ban MTTQ Việt Nam {unit.name} đã tổ chức "
            f"lấy ý kiến của các hộ gia đình về {_subject(campaign)} từ ngày {campaign.opens_on:%d/%m/%Y} đến "
            f"ngày {campaign.closes_on:%d/%m/%Y} (trực tuyến qua mã QR và bằng phiếu giấy). Kết quả như sau:"
        ),
        "coverage_text": coverage,
        "overall_text": overall,
        "content_rows": rows,
        "hamlet_rows": hamlet_rows,
        "notes": notes(campaign, results),
        "conclusion": conclusion,
        "recipients": [
            "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh;",
            f"Đảng ủy, UBND {unit.name};",
            "Văn phòng Điều phối nông thôn mới tỉnh;",
            "Lưu: VT.",
        ],
        "signer_capacity": "TM. BAN THƯỜNG TRỰC",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "",
    }


def result_report_docx(campaign: Campaign, results: SurveyResults, *, today=None) -> bytes:
    """The result report as a .docx (the recognition dossier attaches it; PDF comes from LibreOffice there)."""
    return render(TEMPLATE, report_context(campaign, results, today=today))


# --- Excel -------------------------------------------------------------------------------------------------


_ONE_DECIMAL = Style(number_format="0.0")


def _sheet(title: str, headers: list[str], widths: list[int], rows) -> Sheet:
    return Sheet(title, header=headers, header_style=Style(bold=True), rows=rows, widths=widths, freeze="A2")


def _pct(value: float | None):
    """A percentage cell, shown with one decimal."""
    return Cell(value, _ONE_DECIMAL) if isinstance(value, float) else value


def results_workbook(
    campaign: Campaign, results: SurveyResults, comments: list[tuple[str, list[str]]]
) -> bytes:
    summary = [
        [
            group.name,
            group.households,
            group.answers,
            _pct(group.coverage.percent),
            verdict_vi(group.coverage_met),
            None if group.suppressed else _pct(group.overall.percent),
            "—" if group.suppressed else verdict_vi(group.overall_met),
            "—" if group.suppressed else verdict_vi(group.contents_met),
            HIDDEN if group.suppressed else "",
        ]
        for group in (results.commune, *results.hamlets)
    ]
    visible = [h for h in results.hamlets if not h.suppressed]
    by_content = []
    for row in content_rows(campaign, results):
        hamlet_values = [
            _pct(result.share.percent) if result else None
            for hamlet, result in zip(results.hamlets, row.hamlets, strict=True)
            if not hamlet.suppressed
        ]
        by_content.append(
            [
                row.number,
                row.text,
                row.criterion,
                _pct(row.commune.share.percent) if row.commune else None,
                row.commune.share.total if row.commune else None,
                verdict_vi(row.commune.met) if row.commune else HIDDEN,
                *hamlet_values,
            ]
        )
    return workbook_bytes(
        [
            _sheet(
                "Tổng hợp",
                [
                    "Đơn vị",
                    "Số hộ",
                    "Số phiếu",
                    "Tỷ lệ trả lời (%)",
                    "Đạt mục tiêu",
                    "Hài lòng chung (%)",
                    "Đạt ngưỡng chung",
                    "Mọi nội dung đạt ngưỡng",
                    "Ghi chú",
                ],
                [30, 10, 10, 16, 14, 18, 18, 22, 20],
                summary,
            ),
            _sheet(
                "Theo nội dung",
                [
                    "STT",
                    "Nội dung",
                    "Tiêu chí",
                    f"{results.commune.name} (%)",
                    "Số phiếu",
                    "Đạt ngưỡng",
                    *[f"{h.name} (%)" for h in visible],
                ],
                [6, 40, 9, 18, 10, 12, *[16] * len(visible)],
                by_content,
            ),
            _sheet(
                "Ý kiến",
                ["Câu hỏi", "Ý kiến (xếp theo chữ cái, không theo thứ tự trả lời)"],
                [40, 90],
                ([question, text] for question, texts in comments for text in texts),
            ),
            _sheet("Ghi chú", ["Ghi chú"], [120], ([note] for note in notes(campaign, results))),
        ]
    )


def households_workbook(campaign: Campaign, households) -> bytes:
    """The household list for follow-up: who has answered (yes/no), never what they answered."""
    rows = (
        [
            household.code,
            household.head_name,
            household.hamlet.name,
            "Có" if hasattr(household, "receipt") else "Chưa",
        ]
        for household in (
            households.iterator(chunk_size=2000) if hasattr(households, "iterator") else households
        )
    )
    return workbook_bytes(
        [Sheet("Danh sách hộ", header=["Mã hộ", "Họ tên chủ hộ", "Ấp, khu phố", "Đã trả lời"], rows=rows)]
    )


# --- Chart (server-rendered SVG, no script) ----------------------------------------------------------------

CHART_LABEL_WIDTH = 250
CHART_BAR_WIDTH = 300
CHART_ROW = 26


def content_chart(rows: list[ContentRow], threshold) -> dict | None:
    """Bar geometry for the commune's satisfaction per content, as strings ready for SVG attributes."""
    bars = []
    for index, row in enumerate(rows):
        if row.commune is None or row.commune.share.percent is None:
            continue
        percent = row.commune.share.percent
        y = len(bars) * CHART_ROW
        label = row.text if len(row.text) <= 34 else row.text[:33] + "…"
        bars.append(
            {
                "label": f"{index + 1}. {label}",
                "y": y,
                "text_y": y + 17,
                "width": f"{percent * CHART_BAR_WIDTH / 100:.1f}",
                "value_x": f"{CHART_LABEL_WIDTH + percent * CHART_BAR_WIDTH / 100 + 6:.1f}",
                "value": percent_vi(percent) + "%",
                "met": row.commune.met,
            }
        )
    if not bars:
        return None
    height = len(bars) * CHART_ROW + 24
    line_x = (
        None if threshold is None else f"{CHART_LABEL_WIDTH + float(threshold) * CHART_BAR_WIDTH / 100:.1f}"
    )
    return {
        "bars": bars,
        "height": height,
        "axis_y": height - 20,
        "label_width": CHART_LABEL_WIDTH,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60,
        "threshold_x": line_x,
        "threshold_label": None if threshold is None else f"{threshold_vi(threshold)}%",
    }
