from ntm.core.excel_writer import Sheet, workbook_bytes

HEADERS = [
    "Mã đơn vị",
    "Đơn vị",
    "Mức",
    "Nguồn",
    "Bộ tiêu chí",
    "Số quyết định",
    "Ngày quyết định",
    "Người ký",
    "Cơ quan ban hành",
    "Thu hồi bản ghi số",
    "Đã sửa bởi bản ghi số",
    "Ghi chú",
    "Số bản ghi",
]


def register_workbook(records) -> bytes:
    rows = (
        [
            record.unit.code,
            record.unit.name,
            record.get_level_display(),
            record.get_source_display(),
            record.criteria_set,
            record.decision_number,
            record.decision_date.strftime("%d/%m/%Y"),
            record.signer,
            record.issuing_body,
            record.revokes_id or "",
            record.superseded_by_id or "",
            record.note,
            record.pk,
        ]
        for record in records
    )
    return workbook_bytes([Sheet("Sổ công nhận", header=HEADERS, rows=rows)])
