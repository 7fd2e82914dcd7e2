"""The feedback inbox: a citizen sends, the commune answers, the province gets what is overdue."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.models import Notification
from ntm.core.worklist import work_items_for
from ntm.feedback import selectors, services
from ntm.feedback.models import Feedback, FeedbackState
from ntm.feedback.tests.factories import make_feedback, make_hamlet

pytestmark = pytest.mark.django_db
SUBMIT = "/phan-anh/"
STATUS = "/phan-anh/tra-cuu/"


def form(unit, **extra):
    return {"unit": unit.pk, "category": "environment", "text": "Rác chưa được thu gom hai tuần.", **extra}


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


def test_a_citizen_sends_feedback_and_gets_a_code(client, cast):
    response = client.post(SUBMIT, form(cast.commune_a, contact="0912345678"))
    assert response.status_code == 200
    item = Feedback.objects.get()
    code = response.context["code"]
    assert code in response.content.decode()
    assert selectors.by_code(code) == item
    assert item.state == FeedbackState.NEW and item.unit == cast.commune_a
    assert item.due_on > timezone.localdate()
    assert response["Cache-Control"] == "no-store"
    # The commune's officer is told; the other commune's is not.
    assert Notification.objects.filter(user=cast.officer_a).count() == 1
    assert not Notification.objects.filter(user=cast.officer_b).exists()
    entry = AuditEntry.objects.get(action="feedback.submit")
    assert "Rác" not in str(entry.changes)  # the citizen's text stays out of the log


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"text": "Tôi tên A, CCCD 079123456789, phản ánh đường hỏng"}, "text"),
        ({"contact": "CCCD 079 123 456 789"}, "contact"),
        ({"latitude": "21,03", "longitude": "105,85"}, "latitude"),
        ({"latitude": "10,9"}, "latitude"),
    ],
)
def test_refused_input_stores_nothing(client, cast, extra, field):
    response = client.post(SUBMIT, form(cast.commune_a, **extra))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Feedback.objects.exists()


def test_id_number_refusal_says_why(client, cast):
    response = client.post(SUBMIT, form(cast.commune_a, text="CCCD 079123456789"))
    assert "CCCD" in response.content.decode()


def test_the_hamlet_must_be_of_the_commune(client, cast):
    hamlet_b = make_hamlet(cast.commune_b)
    response = client.post(SUBMIT, form(cast.commune_a, hamlet=hamlet_b.pk))
    assert response.status_code == 400 and not Feedback.objects.exists()
    hamlet_a = make_hamlet(cast.commune_a)
    assert client.post(SUBMIT, form(cast.commune_a, hamlet=hamlet_a.pk)).status_code == 200
    assert Feedback.objects.get().hamlet == hamlet_a


def test_a_location_inside_the_province_is_kept(client, cast):
    assert client.post(SUBMIT, form(cast.commune_a, latitude="10,95", longitude="106,82")).status_code == 200
    assert float(Feedback.objects.get().latitude) == pytest.approx(10.95)


def test_photo_by_content_and_size(client, cast, settings):
    fake = SimpleUploadedFile("anh.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(SUBMIT, {**form(cast.commune_a), "photo": fake})
    assert response.status_code == 400 and not Feedback.objects.exists()
    settings.NTM_FEEDBACK_PHOTO_BYTES = 10
    response = client.post(SUBMIT, {**form(cast.commune_a), "photo": png()})
    assert response.status_code == 400 and not Feedback.objects.exists()
    settings.NTM_FEEDBACK_PHOTO_BYTES = 1024 * 1024
    assert client.post(SUBMIT, {**form(cast.commune_a), "photo": png()}).status_code == 200
    item = Feedback.objects.get()
    assert item.mime_type == "image/png" and "anh" not in item.photo.name


def test_the_photo_is_served_only_in_scope(client_as, cast):
    item, _code = make_feedback(cast.commune_a, photo=png())
    url = f"/phan-anh/hop-thu/{item.pk}/anh/"
    assert client_as(cast.officer_a).get(url).status_code == 200
    assert client_as(cast.officer_b).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302


def test_the_honeypot_refuses_a_bot(client, cast):
    response = client.post(SUBMIT, form(cast.commune_a, website="http://spam.example"))
    assert response.status_code == 400 and not Feedback.objects.exists()


def test_rate_limit_per_address(client, cast, settings):
    settings.NTM_FEEDBACK_IP_LIMIT = 2
    assert [client.post(SUBMIT, form(cast.commune_a)).status_code for _ in range(3)] == [200, 200, 429]
    assert Feedback.objects.count() == 2


def test_code_lookups_are_limited(client, cast):
    statuses = {client.post(STATUS, {"code": "PA-AAAA-AAAA-AAAA"}).status_code for _ in range(31)}
    assert statuses == {404, 429}


def test_the_citizen_reads_the_answer_by_code(client_as, cast):
    item, code = make_feedback(cast.commune_a)
    client = client_as(None)
    response = client.post(STATUS, {"code": code.lower().replace("-", " ")})
    assert response.status_code == 200 and "Chưa có trả lời" in response.content.decode()
    services.feedback_answer(actor=cast.officer_a, item=item, answer="Xã đã sửa đoạn đường.")
    response = client.post(STATUS, {"code": code})
    assert "Xã đã sửa đoạn đường." in response.content.decode()
    assert client.post(STATUS, {"code": "PA-AAAA-AAAA-AAAA"}).status_code == 404


def test_only_the_communes_officers_answer_and_every_answer_is_audited(client_as, cast):
    item, _code = make_feedback(cast.commune_a)
    url = f"/phan-anh/hop-thu/{item.pk}/tra-loi/"
    assert client_as(cast.officer_b).post(url, {"answer": "x"}).status_code == 404
    assert client_as(cast.auditor).post(url, {"answer": "x"}).status_code == 404
    assert client_as(cast.officer_a).get(f"/phan-anh/hop-thu/{item.pk}/").status_code == 200
    assert client_as(cast.officer_b).get(f"/phan-anh/hop-thu/{item.pk}/").status_code == 404
    response = client_as(cast.officer_a).post(url, {"answer": "Đã tiếp nhận, sẽ sửa trong tuần."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.ANSWERED and item.answered_by == cast.officer_a
    client_as(cast.officer_a).post(url, {"answer": "Đã sửa xong.", "handled": "on"})
    item.refresh_from_db()
    assert item.state == FeedbackState.HANDLED and item.handled_at is not None
    entries = AuditEntry.objects.filter(action="feedback.answer", object_id=str(item.pk))
    assert entries.count() == 2
    with pytest.raises(StateConflict):
        services.feedback_answer(actor=cast.officer_a, item=item, answer="lại")


def test_an_answer_with_an_id_number_is_refused(cast):
    item, _code = make_feedback(cast.commune_a)
    with pytest.raises(ServiceError):
        services.feedback_answer(actor=cast.officer_a, item=item, answer="Ông 079123456789 liên hệ xã")


def test_overdue_feedback_escalates_to_the_province(client_as, cast):
    start = dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC)  # a Friday
    with time_machine.travel(start, tick=False):
        item, _code = make_feedback(cast.commune_a)
        waiting, _ = make_feedback(cast.commune_a, category="other")
    assert item.due_on == dt.date(2026, 12, 18)  # ten working days
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, tzinfo=dt.UTC), tick=False):
        assert not selectors.escalated(cast.coordinator).exists()
        assert services.feedback_escalate_overdue(timezone.now()).startswith("0 ")
    services.feedback_answer(actor=cast.officer_a, item=waiting, answer="Đã trả lời.")
    with time_machine.travel(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC), tick=False):
        assert list(selectors.escalated(cast.coordinator)) == [item]  # computed on read
        assert services.feedback_escalate_overdue(timezone.now()).startswith("1 ")
        assert services.feedback_escalate_overdue(timezone.now()).startswith("0 ")  # once
        item.refresh_from_db()
        assert item.escalated_at is not None
        assert AuditEntry.objects.filter(action="feedback.escalate").count() == 1
        assert Notification.objects.filter(user=cast.coordinator, url__contains=f"/{item.pk}/").count() == 1
        keys = {work.key for work in work_items_for(cast.coordinator)}
        assert "feedback.escalated" in keys
        assert client_as(cast.coordinator).get("/phan-anh/hop-thu/chuyen-tinh/").status_code == 200
        assert client_as(cast.officer_a).get("/phan-anh/hop-thu/chuyen-tinh/").status_code == 403
        # The province may answer it.
        services.feedback_answer(actor=cast.coordinator, item=item, answer="Tỉnh đã chỉ đạo xã xử lý.")
        assert not selectors.escalated(cast.coordinator).exists()


def test_calendar_days_are_a_setting(cast, settings):
    settings.NTM_FEEDBACK_DAY_KIND = "calendar"
    settings.NTM_FEEDBACK_ANSWER_DAYS = 3
    with time_machine.travel(dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC), tick=False):
        item, _code = make_feedback(cast.commune_a)
    assert item.due_on == dt.date(2026, 12, 7)


def test_worklist_of_the_commune_officer(cast):
    make_feedback(cast.commune_a)
    keys = [work.key for work in work_items_for(cast.officer_a)]
    assert keys.count("feedback.to_answer") == 1
    assert "feedback.to_answer" not in [work.key for work in work_items_for(cast.officer_b)]
    assert "feedback.to_answer" not in [work.key for work in work_items_for(cast.auditor)]


def test_counts_per_unit_and_category(cast):
    make_feedback(cast.commune_a)
    make_feedback(cast.commune_a, category="environment")
    make_feedback(cast.commune_b, category="environment")
    board = selectors.counts(cast.coordinator)
    totals = {unit.code: total for unit, _per, total in board["rows"]}
    assert totals == {cast.commune_a.code: 2, cast.commune_b.code: 1}
    assert board["open"] == 3
    assert [total for _u, _p, total in selectors.counts(cast.officer_a)["rows"]] == [2]


def test_the_programme_page_shows_the_counts(client_as, cast):
    make_feedback(cast.commune_a)
    make_feedback(cast.commune_a, category="environment")
    body = client_as(cast.coordinator).get("/chuong-trinh/").content.decode()
    section = body[body.index('id="feedback-counts"') :]
    assert "Xã Long Phước" in section and "2 phản ánh chờ trả lời" in section
    body = client_as(cast.officer_b).get("/chuong-trinh/").content.decode()
    assert "Xã Long Phước" not in body[body.index('id="feedback-counts"') :]


def test_feedback_with_a_location_shows_on_the_internal_map_to_its_readers_only(client_as, cast):
    from decimal import Decimal

    from ntm.feedback.map_layers import feedback_points

    located, _code = make_feedback(
        cast.commune_a, contact="0909 123 456", latitude=Decimal("10.95"), longitude=Decimal("106.82")
    )
    make_feedback(cast.commune_a)  # no location: not on the map
    features = feedback_points(cast.officer_a, None)["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [[106.82, 10.95]]
    shown = str(features[0]["properties"])
    assert "0909" not in shown and "sụt lún" not in shown  # never the contact or the text
    assert features[0]["properties"]["url"] == f"/phan-anh/hop-thu/{located.pk}/"
    assert feedback_points(cast.officer_b, None)["features"] == []  # another commune
    assert feedback_points(cast.department, None)["features"] == []  # departments do not read the inbox
    assert feedback_points(cast.officer_a, (100.0, 20.0, 101.0, 21.0))["features"] == []  # outside the box
    layer = client_as(cast.officer_a).get("/ban-do/noi-bo/lop/phan-anh/")
    assert layer.status_code == 200 and len(layer.json()["features"]) == 1
