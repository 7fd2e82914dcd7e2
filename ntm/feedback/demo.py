"""Illustrative citizen feedback for the run command (the instance is marked demo; every page shows the banner):
three items in a demo commune — one answered, one waiting, one past its deadline (escalated to the province)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ntm.accounts.models import User
from ntm.feedback import services
from ntm.feedback.models import Feedback
from ntm.units.models import AdministrativeUnit, Level, Structure

ITEMS = (
    # category, text, days ago, answer
    (
        "infrastructure",
        "Đoạn đường liên ấp gần trường tiểu học bị sụt lún sau mưa, xe máy đi lại khó khăn. (minh họa)",
        3,
        "",
    ),
    (
        "environment",
        "Điểm tập kết rác cuối ấp chưa được thu gom đúng lịch trong hai tuần qua. (minh họa)",
        6,
        "UBND xã đã làm việc với đơn vị thu gom; lịch thu gom được khôi phục từ thứ Hai tuần này. (minh họa)",
    ),
    ("results", "Đề nghị công khai kết quả tự đánh giá tiêu chí của xã trên bảng tin ấp. (minh họa)", 30, ""),
)


def load_feedback_demo() -> None:
    commune = AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, level=Level.COMMUNE, name="Xã Long Phước"
    ).first()
    if commune is None or Feedback.objects.filter(is_demo=True).exists():
        return
    officer = User.objects.filter(username="xa.longphuoc").first()
    for category, text, days_ago, answer in ITEMS:
        item, _code = services.feedback_submit(
            data=services.FeedbackIn(unit=commune, category=category, text=text)
        )
        sent = timezone.now() - dt.timedelta(days=days_ago)
        Feedback.objects.filter(pk=item.pk).update(
            submitted_at=sent, due_on=services.answer_due(timezone.localdate(sent)), is_demo=True
        )
        if answer and officer is not None:
            services.feedback_answer(actor=officer, item=item, answer=answer)
