"""Emulation movements and awards: who keeps them, the lists per year, the decision as a Decree 30 Word file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.core.exceptions import ServiceError
from ntm.core.wordtemplates import open_document
from ntm.knowledge import documents, selectors, services
from ntm.knowledge.models import Award, AwardForm

pytestmark = pytest.mark.django_db


def movement(cast, **extra):
    data = {
        "title": "Chung sức xây dựng nông thôn mới",
        "unit": cast.province,
        "starts_on": dt.date(2024, 1, 1),
        "ends_on": dt.date(2025, 12, 31),
        "description": "",
        "launch_document": "KH 01/KH-UBND",
        **extra,
    }
    return services.movement_save(actor=cast.coordinator, movement=None, data=data)


def decision(cast, moved=None, day=dt.date(2025, 11, 20)):
    return services.award_decision_create(
        actor=cast.coordinator,
        data={
            "unit": cast.province,
            "movement": moved,
            "number": "15/QĐ-UBND",
            "decided_on": day,
            "parent_body": "",
            "issuing_body": "Ủy ban nhân dân tỉnh Đồng Nai",
            "place": "Đồng Nai",
            "reason": "xuất sắc trong phong trào thi đua năm 2025",
            "basis": "Căn cứ Kế hoạch số 01/KH-UBND;\n\n",
            "signer_title": "Chủ tịch",
            "signer_name": "Nguyễn Văn A",
        },
    )


def test_movement_with_participants_and_an_award_decision(cast):
    moved = movement(cast)
    services.movement_participant_add(
        actor=cast.coordinator, movement=moved, unit=cast.commune_a, registered_on=dt.date(2024, 2, 1)
    )
    with pytest.raises(ServiceError):  # once per unit
        services.movement_participant_add(
            actor=cast.coordinator, movement=moved, unit=cast.commune_a, registered_on=dt.date(2024, 2, 1)
        )
    made = decision(cast, moved)
    services.award_add(
        actor=cast.coordinator, decision=made, form=AwardForm.CERTIFICATE, recipient_unit=cast.commune_a
    )
    services.award_add(
        actor=cast.coordinator,
        decision=made,
        form=AwardForm.COMMENDATION,
        person_name="Trần  Thị   Bé",
        person_position="Trưởng ấp 3",
    )
    with pytest.raises(ServiceError):  # a unit or a person, not both
        services.award_add(
            actor=cast.coordinator,
            decision=made,
            form=AwardForm.CERTIFICATE,
            recipient_unit=cast.commune_b,
            person_name="Ai đó",
        )
    assert [a.recipient_label for a in selectors.awards_by_year(cast.auditor, 2025)] == [
        "Xã Long Phước",
        "Trần Thị Bé, Trưởng ấp 3",
    ]
    assert selectors.awards_by_year(cast.auditor, 2024) == []
    assert [m.title for m in selectors.movements_for(cast.officer_a, 2024)] == [moved.title]  # it takes part


def test_only_publishers_keep_emulation(cast):
    with pytest.raises(PermissionDenied):
        services.movement_save(
            actor=cast.officer_a,
            movement=None,
            data={
                "title": "x",
                "unit": cast.commune_a,
                "starts_on": dt.date(2025, 1, 1),
                "ends_on": dt.date(2025, 2, 1),
            },
        )
    made = decision(cast)
    with pytest.raises(PermissionDenied):
        services.award_add(
            actor=cast.officer_a, decision=made, form=AwardForm.FLAG, recipient_unit=cast.commune_a
        )
    assert not Award.objects.exists()


def test_the_decision_word_file_follows_decree_30(cast, client_as):
    made = decision(cast)
    services.award_add(
        actor=cast.coordinator,
        decision=made,
        form=AwardForm.CERTIFICATE,
        recipient_unit=cast.commune_a,
        achievement="Dẫn đầu phong trào",
    )
    text = "\n".join(p.text for p in open_document(documents.decision_docx(made)).paragraphs)
    tables = open_document(documents.decision_docx(made)).tables
    cells = [cell.text for table in tables for row in table.rows for cell in row.cells]
    assert "QUYẾT ĐỊNH" in text and "Về việc khen thưởng xuất sắc trong phong trào thi đua năm 2025" in text
    assert "Căn cứ Kế hoạch số 01/KH-UBND;" in text
    assert "Điều 1. Tặng Bằng khen cho 1 tập thể" in text
    assert any(cell.endswith("Số: 15/QĐ-UBND") for cell in cells)
    assert "Xã Long Phước" in cells and "Dẫn đầu phong trào" in cells
    assert any("Đồng Nai, ngày 20 tháng 11 năm 2025" in cell for cell in cells)
    response = client_as(cast.auditor).get(reverse("knowledge:decision_word", args=[made.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert (
        client_as(cast.officer_b).get(reverse("knowledge:decision_word", args=[made.pk])).status_code == 404
    )


def test_emulation_page_lists_the_year(cast, client_as):
    made = decision(cast)
    services.award_add(
        actor=cast.coordinator, decision=made, form=AwardForm.FLAG, recipient_unit=cast.commune_a
    )
    page = client_as(cast.department).get(reverse("knowledge:emulation") + "?year=2025").content.decode()
    assert "15/QĐ-UBND" in page and "Xã Long Phước" in page
    assert client_as(cast.officer_a).get(reverse("knowledge:movement_create")).status_code == 403
