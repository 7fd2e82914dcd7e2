"""Illustrative knowledge-library and emulation data for the run command (the instance is marked demo; every page
shows the banner and every title says "minh họa"): a published good model per demo commune, a guidance note, a
legal text linked to the registry, a video link, a draft waiting for review, a movement with participants and an
award decision."""

from __future__ import annotations

import datetime as dt

from ntm.accounts.models import User
from ntm.core.choices import Role
from ntm.knowledge import services
from ntm.knowledge.models import Article, ArticleKind, AwardForm, ModelField
from ntm.legal.models import LegalDocument
from ntm.units.models import AdministrativeUnit

NOTE = "minh họa"


def _person(role: str) -> User | None:
    return User.objects.filter(role_assignments__role=role, is_demo=True).order_by("pk").first()


def load_knowledge_demo(province: AdministrativeUnit) -> None:
    if Article.objects.exists():
        return
    coordinator = _person(Role.PROVINCE_COORDINATOR)
    department = _person(Role.DEPARTMENT_OFFICER) or coordinator
    communes = {
        unit.name: unit
        for unit in AdministrativeUnit.objects.subtree(province).filter(
            name__in=("Xã Long Phước", "Xã Xuân Lộc")
        )
    }
    long_phuoc, xuan_loc = communes.get("Xã Long Phước"), communes.get("Xã Xuân Lộc")
    if coordinator is None or long_phuoc is None or xuan_loc is None:
        return

    def publish(actor, data, tags):
        article = services.article_save(actor=actor, article=None, data=data, tags=tags)
        services.article_transition(actor=actor, article=article, action="submit")
        return services.article_transition(actor=coordinator, article=article, action="publish")

    base = {"summary": "", "field": "", "legal_document": None, "video_url": ""}
    publish(
        coordinator,
        {
            **base,
            "kind": ArticleKind.GOOD_MODEL,
            "title": f"Mô hình “Tuyến đường hoa nông thôn mới” ở ấp 3 ({NOTE})",
            "summary": "Người dân tự góp cây, góp công trồng và chăm sóc 2 km đường hoa.",
            "body": (
                "## Cách làm\n\n- Chi hội Phụ nữ nhận chăm sóc từng đoạn đường.\n- Hộ dân góp cây giống, xã hỗ trợ "
                "phân bón.\n\n**Kết quả** (minh họa): tuyến đường sáng, xanh, sạch; mô hình được nhân rộng ra 4 ấp."
            ),
            "unit": long_phuoc,
            "field": ModelField.ENVIRONMENT,
        },
        ["Cảnh quan", "Môi trường"],
    )
    publish(
        coordinator,
        {
            **base,
            "kind": ArticleKind.GOOD_MODEL,
            "title": f"Mô hình hợp tác xã bán sầu riêng qua sàn thương mại điện tử ({NOTE})",
            "summary": "Hợp tác xã đưa sản phẩm lên sàn, truy xuất nguồn gốc bằng mã QR.",
            "body": "Hợp tác xã tập huấn cho thành viên chụp ảnh sản phẩm, quản lý đơn hàng trên điện thoại.",
            "unit": xuan_loc,
            "field": ModelField.DIGITAL,
        },
        ["Chuyển đổi số", "OCOP"],
    )
    publish(
        department,
        {
            **base,
            "kind": ArticleKind.GUIDANCE,
            "title": f"Hướng dẫn cập nhật minh chứng tiêu chí trên hệ thống ({NOTE})",
            "body": "## Các bước\n\n- Mở trang chỉ tiêu của xã.\n- Tải minh chứng (PDF, ảnh).\n- Gửi sở kiểm tra.",
            "unit": province,
        },
        ["Hướng dẫn"],
    )
    legal = LegalDocument.objects.filter(symbol="QĐ 318/QĐ-TTg").first()
    if legal is not None:
        publish(
            coordinator,
            {
                **base,
                "kind": ArticleKind.LEGAL,
                "title": f"Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 ({NOTE})",
                "summary": "Văn bản quy định bộ tiêu chí xã nông thôn mới; trang này dẫn tới bộ tiêu chí trong hệ thống.",
                "body": "Xem toàn văn theo liên kết công khai của văn bản.",
                "unit": province,
                "legal_document": legal,
            },
            ["Văn bản pháp luật", "Bộ tiêu chí"],
        )
    publish(
        coordinator,
        {
            **base,
            "kind": ArticleKind.VIDEO,
            "title": f"Video: chuyển đổi số trong xây dựng nông thôn mới ({NOTE})",
            "body": "Video được mở ở trang ngoài, không nhúng vào hệ thống.",
            "unit": province,
            "video_url": "https://example.org/video-minh-hoa",
        },
        ["Chuyển đổi số"],
    )
    commune_officer = (
        User.objects.filter(
            role_assignments__role=Role.COMMUNE_OFFICER, role_assignments__unit=long_phuoc, is_demo=True
        )
        .order_by("pk")
        .first()
    )
    if commune_officer is not None:
        services.article_save(
            actor=commune_officer,
            article=None,
            data={
                **base,
                "kind": ArticleKind.GOOD_MODEL,
                "title": f"Mô hình “Ngày Chủ nhật xanh” của xã ({NOTE})",
                "body": "Bản nháp do cán bộ xã viết, chờ gửi Văn phòng Điều phối duyệt.",
                "unit": long_phuoc,
                "field": ModelField.ENVIRONMENT,
            },
            tags=["Môi trường"],
        )

    movement = services.movement_save(
        actor=coordinator,
        movement=None,
        data={
            "title": f"Phong trào “Đồng Nai chung sức xây dựng nông thôn mới” ({NOTE})",
            "unit": province,
            "starts_on": dt.date(2025, 1, 1),
            "ends_on": dt.date(2025, 12, 31),
            "description": "Phong trào minh họa.",
            "launch_document": "",
        },
    )
    for unit in (long_phuoc, xuan_loc):
        services.movement_participant_add(
            actor=coordinator, movement=movement, unit=unit, registered_on=dt.date(2025, 2, 1)
        )
    decision = services.award_decision_create(
        actor=coordinator,
        data={
            "unit": province,
            "movement": movement,
            "number": "01/QĐ-MH",
            "decided_on": dt.date(2025, 11, 20),
            "parent_body": "",
            "issuing_body": "Ủy ban nhân dân tỉnh Đồng Nai (minh họa)",
            "place": "Đồng Nai",
            "reason": "xuất sắc trong phong trào thi đua xây dựng nông thôn mới năm 2025 (minh họa)",
            "basis": "",
            "signer_title": "Chủ tịch (minh họa)",
            "signer_name": "Nguyễn Văn Minh Họa",
        },
    )
    services.award_add(
        actor=coordinator,
        decision=decision,
        form=AwardForm.CERTIFICATE,
        recipient_unit=long_phuoc,
        achievement="Dẫn đầu phong trào (minh họa)",
    )
    services.award_add(
        actor=coordinator,
        decision=decision,
        form=AwardForm.CERTIFICATE,
        person_name="Trần Thị Minh Họa",
        person_position="Trưởng ấp 3, xã Long Phước (minh họa)",
        achievement="Vận động người dân làm tuyến đường hoa (minh họa)",
    )
