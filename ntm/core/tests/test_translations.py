"""Vietnamese is the primary language: every message id in the code and templates has a vi translation."""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PO_FILE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'(?:^#, (?P<flags>.*)\n)?^msgid (?P<id>(?:".*"\n)+)(?:^msgid_plural (?:".*"\n)+)?^msgstr(?:\[0\])? (?P<str>(?:".*"\n?)+)',
    re.M,
)


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def po_entries(text: str) -> dict[str, tuple[str, str]]:
    return {
        unquote(m["id"]): (unquote(m["str"]), m["flags"] or "")
        for m in ENTRY.finditer(text)
        if unquote(m["id"])
    }


def test_committed_vi_catalogue_has_no_empty_or_fuzzy_entry():
    entries = po_entries(PO_FILE.read_text(encoding="utf-8"))
    assert entries, "the vi catalogue is empty"
    untranslated = [msgid for msgid, (msgstr, flags) in entries.items() if not msgstr or "fuzzy" in flags]
    assert not untranslated, f"untranslated vi entries: {untranslated[:10]}"


def test_every_message_in_the_source_is_in_the_vi_catalogue(tmp_path):
    """Extract the messages afresh from a copy of the source and compare with the committed catalogue."""
    for name in ("ntm", "templates", "config"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale" / "vi" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_FILE, tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "-v0"],
        cwd=tmp_path,
        check=True,
        timeout=180,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "NTM_DATA_DIR": str(tmp_path / "var"),
        },
    )
    fresh = po_entries((tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    committed = po_entries(PO_FILE.read_text(encoding="utf-8"))
    missing = sorted(msgid for msgid in fresh if not committed.get(msgid, ("", ""))[0])
    assert not missing, f"messages without a vi translation (run makemessages and translate): {missing[:10]}"


# --- One message convention (issue 13 item 6): English msgids, Vietnamese in the catalogue ---------------------

VIETNAMESE = re.compile(
    "[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "ĂÂĐÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
)
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# Python modules whose Vietnamese is content, not a message to the user: it stays Vietnamese in every language.
VIETNAMESE_MODULES = {
    # Official documents under Decree 30/2020 (Word/PDF): their wording is prescribed in Vietnamese.
    "ntm/recognition/documents.py": "recognition dossier documents (report, proposal, decision)",
    "ntm/programme/consolidated.py": "the programme's consolidated report (Word and its Excel annex)",
    "ntm/surveys/reports.py": "the survey result report (Word and its Excel annex)",
    "ntm/environment/report.py": "the periodic environment report (Word)",
    "ntm/environment/templates_docx/build_template.py": "builds the Decree 30 Word template",
    "ntm/ocop/documents.py": "the OCOP certificate, council minutes and ranking decision (Word and PDF)",
    # The OCOP score-sheet workbook: sheet names, headers, guide labels and cell words are read back on import.
    "ntm/ocop/sheetbook.py": "the OCOP score-sheet workbook's names, headers and cell words",
    "ntm/knowledge/documents.py": "the award decision (Word)",
    "ntm/knowledge/templates_docx/build_template.py": "builds the Decree 30 Word template",
    "ntm/ocop/templates_docx/build_template.py": "builds the Decree 30 Word template",
    "ntm/recognition/templates_docx/build_templates.py": "builds the Decree 30 Word templates",
    "ntm/programme/templates_docx/build_template.py": "builds the Decree 30 Word template",
    "ntm/surveys/templates_docx/build_template.py": "builds the Decree 30 Word template",
    "ntm/core/wordtemplates.py": "builds the Decree 30 Word templates (national emblem header, Nơi nhận)",
    "ntm/core/vocabulary.py": "level phrases written into official documents (LEVEL_PHRASE)",
    # The dashboard workbooks go to provincial offices as they are (see the module docstring).
    "ntm/assessment/exports.py": "dashboard workbooks for the provincial offices",
    # The units registry package is Vietnamese: its unit-type words are parsed, not shown.
    "ntm/units/registry.py": "Vietnamese unit-type words of the registry package",
    # Provenance notes of the survey thresholds: legal citations, data like the TOML files' sources.
    "ntm/surveys/thresholds.py": "threshold provenance notes (legal citations)",
    # The grammar of a data-file source (the date word "ngày", the team-note patterns it refuses).
    "ntm/legal/citations.py": "source citation grammar (Vietnamese date word, team-note patterns)",
    # Diacritic folding tables.
    "ntm/core/text.py": "the đ/Đ folding table",
    # Demo and test data: Vietnamese names of places, people and documents.
    "ntm/site/demo.py": "demo data",
    "ntm/assessment/demo.py": "demo data",
    "ntm/criteria/demo.py": "demo data",
    "ntm/maps/demo.py": "demo data",
    "ntm/programme/demo.py": "demo data",
    "ntm/recognition/demo.py": "demo data",
    "ntm/surveys/demo.py": "demo data",
    "ntm/environment/demo.py": "demo data",
    "ntm/traceability/demo.py": "demo data",
    "ntm/ocop/demo.py": "demo data",
    "ntm/infrastructure/demo.py": "demo data",
    "ntm/feedback/demo.py": "demo data",
    "ntm/knowledge/demo.py": "demo data",
    "ntm/testing/cast.py": "test data",
    "ntm/testing/factories.py": "test data",
}

# Vietnamese literals inside modules whose messages are translated: sheet names, column headers and cell words of
# the Excel/CSV templates that are read back on upload, the product name "NTM số", and snapshot words frozen into
# a dossier's record.
VIETNAMESE_LITERALS: dict[str, set[str]] = {
    # A source shown as its registry record: "QĐ 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ" (as cited).
    "ntm/legal/selectors.py": {"ngày ", "của "},
    "ntm/legal/templatetags/legal.py": {" ngày "},
    # Plan task codes follow the plan's lettering (a, b, c, d, đ).
    "ntm/programme/planfile.py": {"^[A-Za-z0-9][A-Za-z0-9đĐ._-]{0,39}$"},
    # Departments renamed by the 3/2025 mergers: official names and the decree, as data.
    "ntm/accounts/services.py": {
        "Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "NĐ 45/2025/NĐ-CP ngày 28/2/2025",
    },
    "ntm/accounts/imports.py": {
        "Tài khoản",
        "Danh mục",
        "Tên đăng nhập",
        "Họ và tên",
        "Vai trò",
        "Mã đơn vị",
        "Sở, ngành (tên viết tắt)",
        "Tên sở, ngành",
        "Tên đơn vị",
        " (trước 1/7/2025)",
    },
    "ntm/api/api.py": {
        "NTM số Đồng Nai API",
    },
    "ntm/assessment/bulk.py": {
        " — năm ",
        ") — năm ",
        "Bộ tiêu chí",
        "Chưa có ngưỡng",
        "Chưa nhập",
        "Chỉ nhập vào cột “Giá trị” và “Ghi chú”. Tỷ lệ nhập theo phần trăm (79,5 nghĩa là 79,5%); chỉ tiêu Đạt/Không nhập “Đạt” hoặc “Không”. Để trống = không thay đổi. Không gộp ô, không dùng công thức, không thêm sheet.",
        "Chỉ tiêu",
        "Chờ kiểm tra",
        "Ghi chú",
        "Giá trị",
        "Không",
        "Kiểm tra",
        "Loại mẫu",
        "Mã chỉ tiêu",
        "Mã xã",
        "Mã đơn vị",
        "Mục",
        "Năm",
        "Sở trả lại",
        "Sở, ngành",
        "Thông tin",
        "Tên xã",
        "Xã đã trả lời",
        "Yêu cầu",
        "Đã xác nhận",
        "Đơn vị tính",
        "Đạt",
        "Đạt/Không",
        "Độ tin cậy của ngưỡng",
    },
    "ntm/core/adminsite.py": {
        "NTM số",
    },
    "ntm/core/notifications.py": {
        "[NTM số]",
    },
    "ntm/ocop/catalogue_import.py": {
        "123/QĐ-UBND",
        "Chủ thể",
        "Cấp quyết định",
        "HTX (ví dụ — xóa dòng này)",
        "Huyện",
        "Hạng sao",
        "Hợp tác xã",
        "Loại hình",
        "Mã phân nhóm",
        "Mã xã",
        "Nguyễn Văn A",
        "Ngày quyết định",
        "Người đại diện",
        "Nơi mua",
        "Sản phẩm",
        "Sản phẩm OCOP",
        "Số giấy chứng nhận",
        "Số quyết định",
        "Tên sản phẩm",
        "Tên xã",
        "Xã Long Phước",
        "Điểm",
        "Điện thoại",
        "Địa chỉ",
        "Ấp 1",
    },
    "ntm/ocop/sheetfile.py": {
        "QĐ 148/QĐ-TTg",
    },
    "ntm/criteria/services.py": {
        "Hướng dẫn",
    },
    "ntm/infrastructure/inventory_import.py": {  # the inventory workbook's sheet, columns and cell words
        "Hạ tầng số",
        "Loại (wifi, internet, đài, loa)",
        "Tên",
        "Ấp",
        "Đơn vị vận hành",
        "Tình trạng (hoạt động, hỏng)",
        "Ngày kiểm tra (dd/mm/yyyy)",
        "Vĩ độ",
        "Kinh độ",
        "Cụm loa ",
        "hoạt động",
    },
    "ntm/infrastructure/coverage_import.py": {  # the coverage workbook's sheet and columns
        "Phủ sóng di động",
        "Ấp",
        "Ngày khảo sát (dd/mm/yyyy)",
        "2G (có, không)",
        "3G (có, không)",
        "4G (có, không)",
        "5G (có, không)",
    },
    "ntm/environment/lab_import.py": {  # the lab-results workbook's sheet and column names
        "Kết quả",
        "Mã điểm",
        "Ngày lấy mẫu (dd/mm/yyyy)",
        "Phòng thí nghiệm",
    },
    "ntm/environment/parameters.py": {  # what a person types for odour and taste
        "không",
        "không có",
        "đạt",
        "có",
        "không đạt",
    },
    "ntm/status/register_import.py": {
        "(ví dụ — xóa dòng này)",
        "Bộ tiêu chí",
        "Cơ cấu",
        "Cơ quan ban hành",
        "Ghi chú",
        "Mã đơn vị",
        "Mức công nhận",
        "NTM nâng cao",
        "Nguồn",
        "Ngày quyết định",
        "Người ký",
        "Quyết định",
        "Số quyết định",
        "Sổ quyết định",
        "Tên đơn vị",
        "UBND tỉnh Đồng Nai",
        "Xã Long Phước",
        "từ 1/7/2025",
        "trước 1/7/2025",
        "Thành phố Long Khánh",
        "Hoàn thành nhiệm vụ xây dựng NTM",
        "Thủ tướng Chính phủ",
    },
    "ntm/criteria/workbook.py": {
        "Bộ tham chiếu",
        "Thành phần (chỉ tiêu ghép: mã = tên; …)",
        "Giá trị từng thành phần (mã = giá trị; …)",
        "Chưa có dữ liệu, cần nhập từ văn bản gốc",
        "Chưa xác nhận",
        "Chỉ tiêu",
        "Chỉ tiêu tham chiếu",
        "Chỉ áp dụng khi có (applies_if)",
        "Có",
        "Căn cứ pháp lý",
        "Ghi chú",
        "Giá trị",
        "Hướng dẫn",
        "Hệ số",
        "Không",
        "Kiểu giá trị (kind)",
        "Mã bộ tiêu chí",
        "Mã chỉ tiêu",
        "Mức công nhận",
        "Mức công nhận được đếm (derive_levels)",
        "Mức xác nhận",
        "Mức xác nhận phân công",
        "Nguồn phân công",
        "Nguồn trích dẫn",
        "Ngưỡng",
        "Nhóm xã",
        "Năm",
        "Phiên bản gốc",
        "Phép so sánh (op)",
        "Phép so sánh (theo chỉ tiêu)",
        "Sở, ngành phụ trách (mã)",
        "Thuộc tiêu chí/điều kiện",
        "Tên chỉ tiêu",
        "Tính từ dữ liệu các xã (derive)",
        "Từ (min)",
        "Vùng",
        "Xác nhận một phần",
        "Xã ĐBKK",
        "Yêu cầu (Đạt/Không)",
        "chưa có dữ liệu",
        "có",
        "không",
        "Đã xác nhận",
        "Đơn vị tính",
        "Đạt",
        "Đến (max)",
        "đạt",
    },
    "ntm/recognition/snapshots.py": {
        "Không",
        "Đạt",
    },
    "ntm/surveys/household_import.py": {
        "Danh sách hộ",
        "Nguyễn Văn A (dòng ví dụ, hệ thống bỏ qua)",  # the template's example row (workbook content)
        "Ấp Bà Ký",
        "Họ tên chủ hộ",
        "Mã hộ",
        "Ấp, khu phố",
    },
    "ntm/units/services/hamlets.py": {
        "Loại",
        "Mã xã",
        "Mã ấp (nếu có)",
        "Tên ấp, khu phố",
        "Ấp, khu phố",
        "ấp",
    },
    "ntm/units/services/registry.py": {
        "có",
        "không",
    },
}

# Modules still to convert (issue 13 item 6 is not finished for them); the list only shrinks.
NOT_YET_CONVERTED: set[str] = set()


def _python_modules() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "ntm").rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    ]


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal with Vietnamese letters that is neither a docstring nor a gettext argument."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in GETTEXT_NAMES:
                exempt.update(id(sub) for arg in node.args for sub in ast.walk(arg))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in exempt
        and VIETNAMESE.search(node.value)
    ]


def test_python_messages_are_english_msgids():
    """Vietnamese text in Python is a gettext argument (English msgid elsewhere), or listed above as content."""
    found = []
    for path in _python_modules():
        name = path.relative_to(ROOT).as_posix()
        if name in VIETNAMESE_MODULES or name in NOT_YET_CONVERTED:
            continue
        allowed = VIETNAMESE_LITERALS.get(name, set())
        found += [
            f"{name}:{line}: {text[:70]!r}"
            for line, text in vietnamese_literals(path.read_text(encoding="utf-8"))
            if text not in allowed
        ]
    assert not found, "hard-coded Vietnamese (use _() with an English msgid):\n" + "\n".join(found)


def test_allow_lists_name_real_modules():
    names = {path.relative_to(ROOT).as_posix() for path in _python_modules()}
    listed = set(VIETNAMESE_MODULES) | set(VIETNAMESE_LITERALS) | NOT_YET_CONVERTED
    assert listed <= names, sorted(listed - names)


def test_allow_lists_hold_nothing_already_converted():
    """A module leaves NOT_YET_CONVERTED, and a literal leaves VIETNAMESE_LITERALS, once nothing needs it there."""
    stale = [
        name
        for name in NOT_YET_CONVERTED
        if not vietnamese_literals((ROOT / name).read_text(encoding="utf-8"))
    ]
    for name, allowed in VIETNAMESE_LITERALS.items():
        found = {text for _line, text in vietnamese_literals((ROOT / name).read_text(encoding="utf-8"))}
        stale += [f"{name}: {text!r}" for text in sorted(allowed - found)]
    assert not stale, stale


def test_the_checker_finds_vietnamese_outside_gettext():
    source = '"""Mô-đun."""\nfrom x import _\n\nA = _("Hello")\nB = "Xin chào"\nC = f"Năm {A}"\n'
    assert [text for _line, text in vietnamese_literals(source)] == ["Xin chào", "Năm "]


TEMPLATE_TAGS = [
    re.compile(pattern, re.S)
    for pattern in (
        r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}",
        r"\{%\s*translate\b.*?%\}",
        r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
        r"\{#.*?#\}",
        r"<!--.*?-->",
    )
]
# Templates that are Vietnamese by nature, and Vietnamese words allowed in the others.
VIETNAMESE_TEMPLATES = {
    "ntm/surveys/templates/surveys/slips.html": "the printed QR slip handed to households (Front's form)",
}
TEMPLATE_LITERALS = {
    "templates/base.html": {"Tiếng Việt"}
}  # the language switch names Vietnamese in Vietnamese


def _templates() -> list[Path]:
    return [
        path
        for folder in ("templates", "ntm")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".html", ".txt"}
        and "templates" in path.parts
        and "templates_docx" not in path.parts
    ]


def untranslated_template_text(text: str) -> list[tuple[int, str]]:
    """(line, text) of each line with Vietnamese letters outside translate, blocktranslate and comments."""
    for tag in TEMPLATE_TAGS:
        text = tag.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    return [
        (number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if VIETNAMESE.search(line)
    ]


def test_template_text_goes_through_translate():
    found = []
    for path in _templates():
        name = path.relative_to(ROOT).as_posix()
        if name in VIETNAMESE_TEMPLATES:
            continue
        allowed = TEMPLATE_LITERALS.get(name, set())
        found += [
            f"{name}:{line}: {text[:70]}"
            for line, text in untranslated_template_text(path.read_text(encoding="utf-8"))
            if not any(word in text and not VIETNAMESE.search(text.replace(word, "")) for word in allowed)
        ]
    assert not found, "Vietnamese outside {% translate %}:\n" + "\n".join(found)


def test_the_template_checker_skips_translate_tags():
    text = (
        '{% translate "Hello" %}\n{% blocktranslate %}Năm {{ y }}{% endblocktranslate %}\n<p>Xin chào</p>\n'
    )
    assert untranslated_template_text(text) == [(3, "<p>Xin chào</p>")]
