"""The demo loader (never mixed with real data) and the periodic-work command."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ntm.accounts.models import User
from ntm.core.choices import Role
from ntm.core.models import DataKind, InstanceState
from ntm.core.scheduling import SCHEDULED_JOBS, register
from ntm.site.demo import DEMO_PASSWORD, PEOPLE
from ntm.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite_journey
def test_demo_loads_a_user_for_every_role_on_real_units_and_shows_the_banner(client):
    call_command("load_demo")
    assert {person.role for person in PEOPLE} == set(Role.values)
    officer = User.objects.get(username="xa.longphuoc")
    assert officer.is_demo and officer.check_password(DEMO_PASSWORD)
    assignment = officer.role_assignments.get()
    assert assignment.unit.name == "Xã Long Phước" and assignment.unit.structure == "2025"
    department = User.objects.get(username="so.nnmt").role_assignments.get()
    assert department.organisation.short_name == "SNNMT"
    assert InstanceState.current().data_kind == DataKind.DEMO
    client.force_login(officer)
    assert "Dữ liệu minh họa" in client.get(reverse("site:home")).content.decode()


def test_demo_is_idempotent_with_if_empty():
    call_command("load_demo")
    call_command("load_demo", "--if-empty")
    assert User.objects.count() == len(PEOPLE)


def test_demo_refuses_a_database_with_real_accounts_and_writes_nothing():
    UserFactory(username="can.bo.that")
    with pytest.raises(CommandError, match="tài khoản thật"):
        call_command("load_demo")
    assert User.objects.count() == 1
    assert InstanceState.current().data_kind == DataKind.EMPTY


def test_no_banner_without_demo_data(client):
    assert "Dữ liệu minh họa" not in client.get(reverse("site:home")).content.decode()


def test_run_scheduled_runs_each_job_and_reports_failures(capsys, monkeypatch):
    jobs = []
    monkeypatch.setattr("ntm.core.scheduling.SCHEDULED_JOBS", jobs)
    call_command("run_scheduled")
    assert "0 job(s), 0 failed" in capsys.readouterr().out

    calls = []
    register("ok", lambda now: calls.append(now) or "fine")
    register("ok", lambda now: "registered twice")
    register("broken", lambda now: 1 / 0)
    with pytest.raises(SystemExit):
        call_command("run_scheduled")
    out = capsys.readouterr()
    assert "ok: fine" in out.out and "broken: FAILED" in out.err
    assert len(calls) == 1 and len(jobs) == 2


def test_shipped_scheduled_jobs_have_unique_names():
    names = [job.name for job in SCHEDULED_JOBS]
    assert len(names) == len(set(names))


def test_vietnamese_by_default_whatever_the_browser_asks_and_english_on_request(client):
    page = client.get(reverse("site:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi" and "Đăng nhập" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("site:home"))
    assert english["Content-Language"] == "en" and "Sign in" in english.content.decode()
