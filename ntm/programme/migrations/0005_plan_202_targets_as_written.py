"""Plan 202's targets as its section II.2 writes them, and its scope (III.1.a, VI.1.a, VI.5, VI.6).

Rows loaded from the earlier plan file (origin "file") are rewritten with the plan's own sentence, section
(II.2.a–d), structured fields and the legacy-province basis; the plan gets its scope; the three pilot communes get the
plan's wording. A linkage model's "tied to a raw-material area applying digital technology" becomes a recorded fact,
set where the old rule derived it (area and technology both filled). The values are frozen here (a copy of
ntm/programme/targets/plan-202.toml at the time of writing), so later file edits do not change this migration.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

PLAN_CODE = "ke-hoach-202"
PLAN_NOTE = "KH 202/KH-UBND ngày 18/8/2023; chỉ tiêu mục II.2 đã đối chiếu với toàn văn"
SCOPE = {
    "structure": "legacy",
    "province": "75",
    "as_of": "2025-06-30",
    "wording": "Khu vực nông thôn trên địa bàn tỉnh",
    "source": "KH 202/KH-UBND ngày 18/8/2023, mục III.1.a",
    "note": "Giai đoạn 2023-2025 (mục III.1.b): đo trên các đơn vị hành chính của tỉnh Đồng Nai trước 1/7/2025; "
    "sau 1/7/2025 qua các đơn vị mới kế thừa.",
    "levels": {
        "district": {
            "wording": "các huyện, thành phố Long Khánh",
            "source": "KH 202/KH-UBND ngày 18/8/2023, mục VI.1.a, VI.5, VI.6",
            "codes": ["732", "734", "735", "736", "737", "738", "739", "740", "741", "742"],
            "unit_types": [],
        },
        "commune": {
            "wording": "các xã",
            "source": "KH 202/KH-UBND ngày 18/8/2023, mục III.1.a",
            "codes": [],
            "unit_types": ["xa"],
        },
    },
}
TARGETS = {
    "KH202-14": {
        "position": 1,
        "section": "II.2.a",
        "quote": "Chương trình MTQG xây dựng nông thôn mới trên địa bàn tỉnh được tổ chức đồng bộ, "
        "thống nhất trên nền tảng công nghệ số, ít nhất 90% hồ sơ công việc cấp tỉnh, 80% hồ "
        "sơ công việc cấp huyện và 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng "
        "(trừ những hồ sơ công việc thuộc phạm vi bí mật nhà nước); 100% địa phương, đơn vị "
        "sử dụng phần mềm quản lý văn bản.",
        "text": "ít nhất 90% hồ sơ công việc cấp tỉnh … được xử lý trên môi trường mạng (trừ những hồ "
        "sơ công việc thuộc phạm vi bí mật nhà nước)",
        "measure": "Tỷ lệ hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng",
        "measure_unit": "percent",
        "target_value": "90",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "reported",
        "params": {"reporter_level": "province"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "province",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "QĐ 924/QĐ-TTg: ≥ 90% hồ sơ công việc cấp trung ương, tỉnh xử lý trên môi trường "
        "mạng (đã xác nhận, QĐ 924/QĐ-TTg ngày 02/8/2022)",
        "note": "Số liệu báo cáo: tử số và mẫu số (số hồ sơ), kèm minh chứng; không tính hồ sơ thuộc "
        "phạm vi bí mật nhà nước.",
    },
    "KH202-15": {
        "position": 2,
        "section": "II.2.a",
        "quote": "Chương trình MTQG xây dựng nông thôn mới trên địa bàn tỉnh được tổ chức đồng bộ, "
        "thống nhất trên nền tảng công nghệ số, ít nhất 90% hồ sơ công việc cấp tỉnh, 80% hồ "
        "sơ công việc cấp huyện và 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng "
        "(trừ những hồ sơ công việc thuộc phạm vi bí mật nhà nước); 100% địa phương, đơn vị "
        "sử dụng phần mềm quản lý văn bản.",
        "text": "ít nhất … 80% hồ sơ công việc cấp huyện … được xử lý trên môi trường mạng (trừ những "
        "hồ sơ công việc thuộc phạm vi bí mật nhà nước)",
        "measure": "Tỷ lệ hồ sơ công việc cấp huyện xử lý trên môi trường mạng",
        "measure_unit": "percent",
        "target_value": "80",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "reported",
        "params": {"reporter_level": "district"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "district",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Đơn vị cấp huyện của Kế hoạch là các huyện và thành phố Long Khánh (mục VI.1.a, "
        "VI.5, VI.6); thành phố Biên Hòa không thuộc.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "QĐ 924/QĐ-TTg: 80% ở cấp huyện (đã xác nhận, QĐ 924/QĐ-TTg ngày 02/8/2022)",
        "note": "Cấp huyện không còn từ 1/7/2025: số liệu báo cáo đến 30/6/2025, kèm minh chứng; không "
        "tính hồ sơ thuộc phạm vi bí mật nhà nước.",
    },
    "KH202-16": {
        "position": 3,
        "section": "II.2.a",
        "quote": "Chương trình MTQG xây dựng nông thôn mới trên địa bàn tỉnh được tổ chức đồng bộ, "
        "thống nhất trên nền tảng công nghệ số, ít nhất 90% hồ sơ công việc cấp tỉnh, 80% hồ "
        "sơ công việc cấp huyện và 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng "
        "(trừ những hồ sơ công việc thuộc phạm vi bí mật nhà nước); 100% địa phương, đơn vị "
        "sử dụng phần mềm quản lý văn bản.",
        "text": "ít nhất … 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng (trừ những hồ sơ "
        "công việc thuộc phạm vi bí mật nhà nước)",
        "measure": "Tỷ lệ hồ sơ công việc cấp xã xử lý trên môi trường mạng",
        "measure_unit": "percent",
        "target_value": "60",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "reported",
        "params": {"reporter_level": "commune"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Các xã của tỉnh Đồng Nai trước 1/7/2025 (khu vực nông thôn, mục III.1.a); "
        "phường, thị trấn không tính.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "QĐ 924/QĐ-TTg: 60% ở cấp xã (đã xác nhận, QĐ 924/QĐ-TTg ngày 02/8/2022)",
        "note": "Số liệu báo cáo: tử số và mẫu số (số hồ sơ), kèm minh chứng; không tính hồ sơ thuộc "
        "phạm vi bí mật nhà nước.",
    },
    "KH202-17": {
        "position": 4,
        "section": "II.2.a",
        "quote": "Chương trình MTQG xây dựng nông thôn mới trên địa bàn tỉnh được tổ chức đồng bộ, "
        "thống nhất trên nền tảng công nghệ số, ít nhất 90% hồ sơ công việc cấp tỉnh, 80% hồ "
        "sơ công việc cấp huyện và 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng "
        "(trừ những hồ sơ công việc thuộc phạm vi bí mật nhà nước); 100% địa phương, đơn vị "
        "sử dụng phần mềm quản lý văn bản.",
        "text": "100% địa phương, đơn vị sử dụng phần mềm quản lý văn bản",
        "measure": "Tỷ lệ địa phương, đơn vị sử dụng phần mềm quản lý văn bản",
        "measure_unit": "percent",
        "target_value": "100",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "reported",
        "params": {"reporter_level": "all"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "province",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": "Số liệu báo cáo: số địa phương, đơn vị sử dụng phần mềm trên tổng số, kèm minh chứng.",
    },
    "KH202-01": {
        "position": 5,
        "section": "II.2.a",
        "quote": "100% xã đạt chuẩn chỉ tiêu 8.4 của Tiêu chí số 8 về Thông tin và Truyền thông theo "
        "Bộ tiêu chí về xã nông thôn mới giai đoạn 2021-2025; 50% số xã đạt chuẩn chỉ tiêu "
        "8.4 của Tiêu chí số 8 về Thông tin và Truyền thông, 50% số xã đạt chuẩn chỉ tiêu số "
        "15.2 của Tiêu chí số 15 về Hành chính công theo Bộ tiêu chí về xã nông thôn mới nâng "
        "cao giai đoạn 2021-2025.",
        "text": "100% xã đạt chuẩn chỉ tiêu 8.4 của Tiêu chí số 8 về Thông tin và Truyền thông theo Bộ "
        "tiêu chí về xã nông thôn mới giai đoạn 2021-2025",
        "measure": "Tỷ lệ xã đạt chỉ tiêu 8.4 (bộ xã NTM)",
        "measure_unit": "percent",
        "target_value": "100",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "indicator_share",
        "params": {"set_code": "xa-ntm-2021-2025", "indicator_code": "8.4"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Các xã của tỉnh Đồng Nai trước 1/7/2025 (khu vực nông thôn, mục III.1.a); "
        "phường, thị trấn không tính.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "QĐ 924/QĐ-TTg: ≥ 97% số xã đạt chỉ tiêu 8.4 (đã xác nhận, QĐ 924/QĐ-TTg ngày "
        "02/8/2022)",
        "note": "Xã cũ chưa có số liệu riêng thì đo qua đơn vị mới kế thừa (quy đổi).",
    },
    "KH202-02": {
        "position": 6,
        "section": "II.2.a",
        "quote": "100% xã đạt chuẩn chỉ tiêu 8.4 của Tiêu chí số 8 về Thông tin và Truyền thông theo "
        "Bộ tiêu chí về xã nông thôn mới giai đoạn 2021-2025; 50% số xã đạt chuẩn chỉ tiêu "
        "8.4 của Tiêu chí số 8 về Thông tin và Truyền thông, 50% số xã đạt chuẩn chỉ tiêu số "
        "15.2 của Tiêu chí số 15 về Hành chính công theo Bộ tiêu chí về xã nông thôn mới nâng "
        "cao giai đoạn 2021-2025.",
        "text": "50% số xã đạt chuẩn chỉ tiêu 8.4 của Tiêu chí số 8 về Thông tin và Truyền thông … "
        "theo Bộ tiêu chí về xã nông thôn mới nâng cao giai đoạn 2021-2025",
        "measure": "Tỷ lệ xã đạt chỉ tiêu 8.4 (bộ xã NTM nâng cao)",
        "measure_unit": "percent",
        "target_value": "50",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "indicator_share",
        "params": {"set_code": "xa-nang-cao-2021-2025", "indicator_code": "8.4"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Các xã của tỉnh Đồng Nai trước 1/7/2025 (khu vực nông thôn, mục III.1.a); "
        "phường, thị trấn không tính.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": "Xã cũ chưa có số liệu riêng thì đo qua đơn vị mới kế thừa (quy đổi).",
    },
    "KH202-03": {
        "position": 7,
        "section": "II.2.a",
        "quote": "100% xã đạt chuẩn chỉ tiêu 8.4 của Tiêu chí số 8 về Thông tin và Truyền thông theo "
        "Bộ tiêu chí về xã nông thôn mới giai đoạn 2021-2025; 50% số xã đạt chuẩn chỉ tiêu "
        "8.4 của Tiêu chí số 8 về Thông tin và Truyền thông, 50% số xã đạt chuẩn chỉ tiêu số "
        "15.2 của Tiêu chí số 15 về Hành chính công theo Bộ tiêu chí về xã nông thôn mới nâng "
        "cao giai đoạn 2021-2025.",
        "text": "50% số xã đạt chuẩn chỉ tiêu số 15.2 của Tiêu chí số 15 về Hành chính công theo Bộ "
        "tiêu chí về xã nông thôn mới nâng cao giai đoạn 2021-2025",
        "measure": "Tỷ lệ xã đạt chỉ tiêu 15.2 (bộ xã NTM nâng cao)",
        "measure_unit": "percent",
        "target_value": "50",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "indicator_share",
        "params": {"set_code": "xa-nang-cao-2021-2025", "indicator_code": "15.2"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Các xã của tỉnh Đồng Nai trước 1/7/2025 (khu vực nông thôn, mục III.1.a); "
        "phường, thị trấn không tính.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": "Chỉ tiêu 15.2 trong tệp bộ tiêu chí là dòng giữ chỗ (chưa có nội dung và ngưỡng): số "
        "thực hiện chưa tính được cho đến khi nhập ngưỡng chính thức.",
    },
    "KH202-04": {
        "position": 8,
        "section": "II.2.a",
        "quote": "Có ít nhất 60% đơn vị cấp huyện đạt chuẩn chỉ tiêu 9.5 của Tiêu chí số 9 về An ninh "
        "trật tự - Hành chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn "
        "2021-2025; ít nhất 25% đơn vị cấp huyện đạt chỉ tiêu 6.5 của Tiêu chí số 6 về Kinh "
        "tế và ít nhất 25% đạt chỉ tiêu 9.2 của Tiêu chí số 9 về An ninh - trật tự - Hành "
        "chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn "
        "2021-2025.",
        "text": "Có ít nhất 60% đơn vị cấp huyện đạt chuẩn chỉ tiêu 9.5 của Tiêu chí số 9 về An ninh "
        "trật tự - Hành chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn "
        "2021-2025",
        "measure": "Tỷ lệ huyện đạt chỉ tiêu 9.5 (bộ huyện NTM)",
        "measure_unit": "percent",
        "target_value": "60",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "indicator_share",
        "params": {"set_code": "huyen-ntm-2021-2025", "indicator_code": "9.5"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "district",
        "basis_unit_types": ["huyen"],
        "basis_as_of": "2025-06-30",
        "basis_note": "Bộ tiêu chí quốc gia về huyện nông thôn mới (QĐ 320/QĐ-TTg ngày 08/3/2022, Phụ "
        "lục I) áp dụng cho huyện; thành phố Long Khánh được xét theo Phụ lục II (thị "
        "xã, thành phố thuộc tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới). Vì vậy "
        "mẫu số là các huyện, không gồm thành phố Long Khánh.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": "Cấp huyện không còn từ 1/7/2025: số liệu lịch sử. Chỉ tiêu 9.5 trong tệp bộ tiêu chí "
        "là dòng giữ chỗ (chưa có nội dung và ngưỡng).",
    },
    "KH202-05": {
        "position": 9,
        "section": "II.2.a",
        "quote": "Có ít nhất 60% đơn vị cấp huyện đạt chuẩn chỉ tiêu 9.5 của Tiêu chí số 9 về An ninh "
        "trật tự - Hành chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn "
        "2021-2025; ít nhất 25% đơn vị cấp huyện đạt chỉ tiêu 6.5 của Tiêu chí số 6 về Kinh "
        "tế và ít nhất 25% đạt chỉ tiêu 9.2 của Tiêu chí số 9 về An ninh - trật tự - Hành "
        "chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn "
        "2021-2025.",
        "text": "ít nhất 25% đơn vị cấp huyện đạt chỉ tiêu 6.5 của Tiêu chí số 6 về Kinh tế … theo Bộ "
        "tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn 2021-2025",
        "measure": "Tỷ lệ huyện đạt chỉ tiêu 6.5 (bộ huyện NTM nâng cao)",
        "measure_unit": "percent",
        "target_value": "25",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "indicator_share",
        "params": {"set_code": "huyen-nang-cao-2021-2025", "indicator_code": "6.5"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "district",
        "basis_unit_types": ["huyen"],
        "basis_as_of": "2025-06-30",
        "basis_note": "Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao (QĐ 320/QĐ-TTg ngày "
        "08/3/2022, Phụ lục III) áp dụng cho huyện; thành phố Long Khánh được xét theo "
        "Phụ lục II (thị xã, thành phố thuộc tỉnh hoàn thành nhiệm vụ xây dựng nông thôn "
        "mới). Vì vậy mẫu số là các huyện, không gồm thành phố Long Khánh.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": 'Câu của Kế hoạch kết thúc bằng "theo Bộ tiêu chí quốc gia về huyện nông thôn mới nâng '
        'cao giai đoạn 2021-2025", áp dụng cho cả chỉ tiêu 6.5 và 9.2. Cấp huyện không còn từ '
        "1/7/2025: số liệu lịch sử. Chỉ tiêu 6.5 trong tệp bộ tiêu chí là dòng giữ chỗ (chưa "
        "có nội dung và ngưỡng).",
    },
    "KH202-06": {
        "position": 10,
        "section": "II.2.a",
        "quote": "Có ít nhất 60% đơn vị cấp huyện đạt chuẩn chỉ tiêu 9.5 của Tiêu chí số 9 về An ninh "
        "trật tự - Hành chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn "
        "2021-2025; ít nhất 25% đơn vị cấp huyện đạt chỉ tiêu 6.5 của Tiêu chí số 6 về Kinh "
        "tế và ít nhất 25% đạt chỉ tiêu 9.2 của Tiêu chí số 9 về An ninh - trật tự - Hành "
        "chính công theo Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn "
        "2021-2025.",
        "text": "ít nhất 25% đạt chỉ tiêu 9.2 của Tiêu chí số 9 về An ninh - trật tự - Hành chính công "
        "theo Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn 2021-2025",
        "measure": "Tỷ lệ huyện đạt chỉ tiêu 9.2 (bộ huyện NTM nâng cao)",
        "measure_unit": "percent",
        "target_value": "25",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "indicator_share",
        "params": {"set_code": "huyen-nang-cao-2021-2025", "indicator_code": "9.2"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "district",
        "basis_unit_types": ["huyen"],
        "basis_as_of": "2025-06-30",
        "basis_note": "Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao (QĐ 320/QĐ-TTg ngày "
        "08/3/2022, Phụ lục III) áp dụng cho huyện; thành phố Long Khánh được xét theo "
        "Phụ lục II (thị xã, thành phố thuộc tỉnh hoàn thành nhiệm vụ xây dựng nông thôn "
        "mới). Vì vậy mẫu số là các huyện, không gồm thành phố Long Khánh.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": 'Chủ ngữ lược bỏ trong câu là "đơn vị cấp huyện" (như vế trước). Cấp huyện không còn '
        "từ 1/7/2025: số liệu lịch sử. Chỉ tiêu 9.2 trong tệp bộ tiêu chí là dòng giữ chỗ "
        "(chưa có nội dung và ngưỡng).",
    },
    "KH202-08": {
        "position": 11,
        "section": "II.2.a",
        "quote": "Phấn đấu 100% cán bộ quản lý các cấp tham gia thực hiện Chương trình mục tiêu quốc "
        "gia xây dựng nông thôn mới được tập huấn, nâng cao năng lực về chuyển đổi số.",
        "text": "Phấn đấu 100% cán bộ quản lý các cấp tham gia thực hiện Chương trình mục tiêu quốc "
        "gia xây dựng nông thôn mới được tập huấn, nâng cao năng lực về chuyển đổi số",
        "measure": "Tỷ lệ cán bộ quản lý đã được tập huấn về chuyển đổi số",
        "measure_unit": "percent",
        "target_value": "100",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "managers_trained_share",
        "params": {},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "province",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Cán bộ quản lý đang công tác tại các đơn vị thuộc tỉnh Đồng Nai trước 1/7/2025 "
        "(hoặc đơn vị mới kế thừa các đơn vị đó).",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.a",
        "reference": "",
        "note": "Mẫu số là danh sách cán bộ quản lý đang công tác do các đơn vị cập nhật; tử số là cán "
        "bộ đã hoàn thành ít nhất một khóa tập huấn.",
    },
    "KH202-09": {
        "position": 12,
        "section": "II.2.b",
        "quote": "Ít nhất 70% xã có các hợp tác xã, 70% cấp huyện có các mô hình liên kết sản xuất gắn "
        "với tiêu thụ nông sản chủ lực và 50% các mô hình liên kết gắn với vùng nguyên liệu "
        "có ứng dụng công nghệ số.",
        "text": "Ít nhất 70% xã có các hợp tác xã",
        "measure": "Tỷ lệ xã có hợp tác xã",
        "measure_unit": "percent",
        "target_value": "70",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "cooperative_share",
        "params": {},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Các xã của tỉnh Đồng Nai trước 1/7/2025 (khu vực nông thôn, mục III.1.a); "
        "phường, thị trấn không tính.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.b",
        "reference": "Để tham khảo, QĐ 924/QĐ-TTg: ≥ 70% số xã có hợp tác xã ứng dụng công nghệ số "
        "(xác nhận một phần, QĐ 924/QĐ-TTg ngày 02/8/2022). Câu của KH 202 không có điều "
        "kiện ứng dụng công nghệ số.",
        "note": "Hợp tác xã ghi ở đơn vị mới (từ 1/7/2025) được tính cho xã cũ mà đơn vị đó kế thừa "
        "(quy đổi).",
    },
    "KH202-10": {
        "position": 13,
        "section": "II.2.b",
        "quote": "Ít nhất 70% xã có các hợp tác xã, 70% cấp huyện có các mô hình liên kết sản xuất gắn "
        "với tiêu thụ nông sản chủ lực và 50% các mô hình liên kết gắn với vùng nguyên liệu "
        "có ứng dụng công nghệ số.",
        "text": "70% cấp huyện có các mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực",
        "measure": "Tỷ lệ đơn vị cấp huyện có mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực",
        "measure_unit": "percent",
        "target_value": "70",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "linkage_district_share",
        "params": {},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "district",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Đơn vị cấp huyện của Kế hoạch là các huyện và thành phố Long Khánh (mục VI.1.a, "
        "VI.5, VI.6); thành phố Biên Hòa không thuộc.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.b",
        "reference": "",
        "note": "Mô hình ghi ở một xã được tính cho huyện (thành phố) chứa xã đó; mô hình ghi ở đơn vị "
        "mới (từ 1/7/2025) được tính cho huyện cũ có xã hợp thành đơn vị đó (quy đổi).",
    },
    "KH202-11": {
        "position": 14,
        "section": "II.2.b",
        "quote": "Ít nhất 70% xã có các hợp tác xã, 70% cấp huyện có các mô hình liên kết sản xuất gắn "
        "với tiêu thụ nông sản chủ lực và 50% các mô hình liên kết gắn với vùng nguyên liệu "
        "có ứng dụng công nghệ số.",
        "text": "50% các mô hình liên kết gắn với vùng nguyên liệu có ứng dụng công nghệ số",
        "measure": "Tỷ lệ mô hình liên kết gắn với vùng nguyên liệu có ứng dụng công nghệ số",
        "measure_unit": "percent",
        "target_value": "50",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "linkage_digital_share",
        "params": {},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "province",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Mẫu số là các mô hình liên kết đang hoạt động ở các đơn vị thuộc tỉnh Đồng Nai "
        "trước 1/7/2025 (hoặc đơn vị mới kế thừa các đơn vị đó).",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.b",
        "reference": "",
        "note": "Mỗi mô hình ghi một dữ kiện có/không: gắn với vùng nguyên liệu có ứng dụng công nghệ "
        "số; phần mô tả (vùng nguyên liệu, công nghệ) chỉ để tham khảo.",
    },
    "KH202-07": {
        "position": 15,
        "section": "II.2.c",
        "quote": "Có ít nhất 40% đơn vị (cấp xã, huyện) cung cấp ít nhất một dịch vụ thiết yếu (y tế, "
        "giáo dục, giám sát cộng đồng, an ninh trật tự, môi trường, văn hóa,..) và tổ chức "
        "lấy ý kiến phản hồi về sự hài lòng của người dân/cộng đồng về kết quả xây dựng nông "
        "thôn mới thông qua ứng dụng trực tuyến.",
        "text": "Có ít nhất 40% đơn vị (cấp xã, huyện) cung cấp ít nhất một dịch vụ thiết yếu (y tế, "
        "giáo dục, giám sát cộng đồng, an ninh trật tự, môi trường, văn hóa,..) và tổ chức lấy "
        "ý kiến phản hồi về sự hài lòng của người dân/cộng đồng về kết quả xây dựng nông thôn "
        "mới thông qua ứng dụng trực tuyến",
        "measure": "Tỷ lệ đơn vị cấp xã, huyện có dịch vụ thiết yếu trực tuyến và lấy ý kiến trực "
        "tuyến về kết quả xây dựng NTM",
        "measure_unit": "percent",
        "target_value": "40",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "online_service_share",
        "params": {},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune_district",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "Các xã và các đơn vị cấp huyện (các huyện, thành phố Long Khánh) của tỉnh Đồng "
        "Nai trước 1/7/2025. Mỗi đơn vị được tính theo dịch vụ và đợt lấy ý kiến của "
        "chính nó: dịch vụ của xã không tính cho huyện.",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.c",
        "reference": "QĐ 924/QĐ-TTg: ≥ 40% số huyện, xã cung cấp ít nhất 01 dịch vụ cơ bản trực tuyến "
        "và lấy ý kiến sự hài lòng (xác nhận một phần, QĐ 924/QĐ-TTg ngày 02/8/2022)",
        "note": "Đơn vị được tính khi có cả hai: một dịch vụ thiết yếu trực tuyến đang hoạt động và "
        "một đợt lấy ý kiến về kết quả xây dựng nông thôn mới đã đóng, có phiếu trả lời trực "
        "tuyến. Đợt lấy ý kiến chỉ về một dịch vụ thì không đủ.",
    },
    "KH202-13": {
        "position": 16,
        "section": "II.2.d",
        "quote": "Phấn đấu có ít nhất 01 mô hình thí điểm xã nông thôn mới theo lĩnh vực nổi trội "
        "(kinh tế, du lịch nông thôn, môi trường, văn hóa, y tế, giáo dục,...) ; 03 xã (Bảo "
        "Hoà huyện Xuân Lộc, Long Phước huyện Long Thành, Bình Lợi huyện Vĩnh Cửu) hoàn thành "
        "thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh.",
        "text": "Phấn đấu có ít nhất 01 mô hình thí điểm xã nông thôn mới theo lĩnh vực nổi trội (kinh "
        "tế, du lịch nông thôn, môi trường, văn hóa, y tế, giáo dục,...)",
        "measure": "Số mô hình thí điểm xã nông thôn mới theo lĩnh vực nổi trội đã hoàn thành",
        "measure_unit": "count",
        "target_value": "1",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "pilots_completed",
        "params": {"kind": "outstanding_field"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "province",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.d",
        "reference": "",
        "note": "Danh sách mô hình thí điểm do UBND tỉnh phê duyệt theo tham mưu của Sở Nông nghiệp "
        "(mục VI.1.c); mô hình được tính khi có quyết định công nhận kết quả.",
    },
    "KH202-12": {
        "position": 17,
        "section": "II.2.d",
        "quote": "Phấn đấu có ít nhất 01 mô hình thí điểm xã nông thôn mới theo lĩnh vực nổi trội "
        "(kinh tế, du lịch nông thôn, môi trường, văn hóa, y tế, giáo dục,...) ; 03 xã (Bảo "
        "Hoà huyện Xuân Lộc, Long Phước huyện Long Thành, Bình Lợi huyện Vĩnh Cửu) hoàn thành "
        "thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh.",
        "text": "03 xã (Bảo Hoà huyện Xuân Lộc, Long Phước huyện Long Thành, Bình Lợi huyện Vĩnh Cửu) "
        "hoàn thành thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh",
        "measure": "Số xã hoàn thành thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh",
        "measure_unit": "count",
        "target_value": "3",
        "comparison": ">=",
        "deadline": "2025-12-31",
        "year": 2025,
        "method": "pilots_completed",
        "params": {"kind": "digital_commune"},
        "basis_structure": "legacy",
        "basis_province": "75",
        "basis_level": "commune",
        "basis_unit_types": [],
        "basis_as_of": "2025-06-30",
        "basis_note": "",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.d",
        "reference": "Sở Thông tin và Truyền thông triển khai thí điểm ở các xã Bảo Hòa (huyện Xuân "
        "Lộc), Long Phước (huyện Long Thành), Bình Lợi (huyện Vĩnh Cửu) (KH 202/KH-UBND "
        "ngày 18/8/2023, mục VI.2.a)",
        "note": "Ba xã thí điểm có trong sổ thí điểm (xã cũ, trước 1/7/2025); xã được tính khi có "
        "quyết định công nhận kết quả.",
    },
}
PILOTS = {
    "xa-thong-minh-bao-hoa": {
        "name": "Thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh — "
        "xã Bảo Hoà, huyện Xuân Lộc",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.d, VI.2.a",
        "note": "Xã Bảo Hoà cũ nay thuộc Xã Xuân Định (từ 1/7/2025).",
    },
    "xa-thong-minh-long-phuoc": {
        "name": "Thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh "
        "— xã Long Phước, huyện Long Thành",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.d, VI.2.a",
        "note": "",
    },
    "xa-thong-minh-binh-loi": {
        "name": "Thí điểm thực hiện chuyển đổi số cấp xã gắn nông thôn mới thông minh — "
        "xã Bình Lợi, huyện Vĩnh Cửu",
        "provenance": "confirmed",
        "source": "KH 202/KH-UBND ngày 18/8/2023, mục II.2.d, VI.2.a",
        "note": "Xã Bình Lợi cũ nay thuộc Phường Tân Triều (từ 1/7/2025).",
    },
}


def forwards(apps, schema_editor):
    TargetPlan = apps.get_model("programme", "TargetPlan")
    Target = apps.get_model("programme", "Target")
    PilotModel = apps.get_model("programme", "PilotModel")
    LinkageModel = apps.get_model("programme", "LinkageModel")
    LinkageModel.objects.exclude(raw_material_area="").exclude(digital_technology="").update(
        digital_raw_material_area=True
    )
    plan = TargetPlan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        return
    plan.scope = SCOPE
    plan.note = PLAN_NOTE
    plan.save(update_fields=["scope", "note"])
    for target in Target.objects.filter(plan=plan, origin="file", code__in=list(TARGETS)):
        row = dict(TARGETS[target.code])
        row["target_value"] = Decimal(row["target_value"])
        row["deadline"] = dt.date.fromisoformat(row["deadline"])
        row["basis_as_of"] = dt.date.fromisoformat(row["basis_as_of"])
        for name, value in row.items():
            setattr(target, name, value)
        target.save()
    for code, fields in PILOTS.items():
        PilotModel.objects.filter(plan_code=code).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("programme", "0004_plan_scope_target_quote_linkage_digital_fact")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
