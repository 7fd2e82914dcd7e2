"""The one notification path: an in-app notice per user, an e-mail after commit, once per key."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from ntm.core.models import Notification
from ntm.core.notifications import notify, unread_count

pytestmark = pytest.mark.django_db


def test_notify_stores_one_notice_per_user_and_mails_those_with_an_address(
    django_capture_on_commit_callbacks,
):
    user_model = get_user_model()
    with_mail = user_model.objects.create_user("co-thu", email="thu@example.vn")
    without_mail = user_model.objects.create_user("khong-thu")
    actor = user_model.objects.create_user("nguoi-lam")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            users=[with_mail, without_mail, actor],
            text="Báo cáo chờ bạn.",
            link="/x/",
            subject="Nhắc",
            key="k1",
            exclude=actor,
        )
        again = notify(users=[with_mail], text="Báo cáo chờ bạn.", key="k1")
    assert (created, again) == (2, 0)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["thu@example.vn"]
    assert mail.outbox[0].subject == "Nhắc" and mail.outbox[0].body.endswith("/x/")
    assert Notification.objects.get(user=with_mail).emailed_at is not None
    assert not Notification.objects.filter(user=actor).exists()
    assert unread_count(without_mail) == 1


def test_the_notifications_page_lists_and_marks_read(client):
    user = get_user_model().objects.create_user("doc-tin")
    notify(users=[user], text="Hồ sơ chờ bạn.", link="/ho-so/1/")
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Hồ sơ chờ bạn." in page and 'href="/ho-so/1/"' in page
    assert client.post(reverse("notifications:read")).status_code == 302
    assert unread_count(user) == 0
