"""Account management by the province coordinator: create, roles, deactivate (sessions and tokens end), import."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from ntm.accounts.imports import HEADERS, SHEET
from ntm.accounts.models import ApiToken, RoleAssignment, User
from ntm.accounts.services import api_token_create
from ntm.audit.models import AuditEntry
from ntm.core.choices import Role
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.testing.factories import TEST_PASSWORD
from ntm.testing.permissions import assert_access, rows_of

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "mat-khau-moi-cua-xa-2025"


def create_data(cast, **extra):
    return {
        "username": "can_bo_moi",
        "full_name": "Huỳnh Thị Mới",
        "email": "moi@example.org",
        "password": NEW_PASSWORD,
        "role": Role.COMMUNE_OFFICER,
        "unit": cast.commune_a.pk,
        **extra,
    }


@pytest.mark.sqlite_journey
def test_coordinator_creates_an_account_with_a_role_and_the_person_signs_in(client_as, cast):
    response = client_as(cast.coordinator).post(reverse("accounts:account_create"), create_data(cast))
    user = User.objects.get(username="can_bo_moi")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_detail", args=[user.pk])
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.unit, assignment.is_active) == (
        Role.COMMUNE_OFFICER,
        cast.commune_a,
        True,
    )
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()
    assert AuditEntry.objects.filter(action="role.assign", object_id=str(assignment.pk)).exists()
    fresh = Client()
    assert (
        fresh.post(
            reverse("accounts:login"), {"username": "can_bo_moi", "password": NEW_PASSWORD}
        ).status_code
        == 302
    )
    assert "Xã Long Phước" in fresh.get(reverse("site:home")).content.decode()


def test_account_without_password_gets_an_e_mailed_link(client_as, cast, mailoutbox):
    client_as(cast.coordinator).post(reverse("accounts:account_create"), create_data(cast, password=""))
    user = User.objects.get(username="can_bo_moi")
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["moi@example.org"]
    assert "/quen-mat-khau/dat-lai/" in mailoutbox[0].body
    assert "can_bo_moi" in mailoutbox[0].body


def test_bad_account_data_is_refused_with_a_message_and_nothing_created(client_as, cast):
    client = client_as(cast.coordinator)
    taken = client.post(reverse("accounts:account_create"), create_data(cast, username="xa_a"))
    assert taken.status_code == 400
    assert "đã được dùng" in taken.content.decode()
    no_department = client.post(
        reverse("accounts:account_create"),
        create_data(cast, role=Role.DEPARTMENT_OFFICER, unit=cast.province.pk),
    )
    assert no_department.status_code == 400
    wrong_level = client.post(reverse("accounts:account_create"), create_data(cast, role=Role.AUDITOR))
    assert wrong_level.status_code == 400
    weak = client.post(reverse("accounts:account_create"), create_data(cast, password="123"))
    assert weak.status_code == 400
    assert not User.objects.filter(username="can_bo_moi").exists()


def test_only_the_coordinator_manages_and_the_auditor_reads(client_as, cast):
    refused = {"officer_a": 403, "officer_b": 403, "department": 403, "anonymous": 302}
    assert_access(
        client_as, cast, reverse("accounts:account_list"), {"coordinator": 200, "auditor": 200, **refused}
    )
    for name in ("account_create", "account_import", "account_template"):
        assert_access(
            client_as, cast, reverse(f"accounts:{name}"), {"coordinator": 200, "auditor": 403, **refused}
        )
    detail = reverse("accounts:account_detail", args=[cast.officer_a.pk])
    not_found = {"officer_a": 404, "officer_b": 404, "department": 404, "anonymous": 302}
    assert_access(client_as, cast, detail, {"coordinator": 200, "auditor": 200, **not_found})
    assert_access(
        client_as,
        cast,
        reverse("accounts:account_deactivate", args=[cast.officer_b.pk]),
        {
            **not_found,
            "auditor": 404,
            "coordinator": 302,
        },  # the coordinator last: the others find it unchanged
        method="post",
        unchanged=rows_of(User, ApiToken),
    )
    cast.officer_b.refresh_from_db()
    assert not cast.officer_b.is_active


def test_the_list_filters_and_paginates(client_as, cast, settings):
    settings.NTM_PAGE_SIZE = 2
    client = client_as(cast.coordinator)
    first = client.get(reverse("accounts:account_list")).content.decode()
    assert "Trang 1 /" in first or "page=2" in first
    found = client.get(
        reverse("accounts:account_list"), {"q": "xa_", "role": Role.COMMUNE_OFFICER}
    ).content.decode()
    assert "xa_a" in found and "xa_b" in found and "dieuphoi" not in found.split("account-table")[1]
    cast.officer_b.is_active = False
    cast.officer_b.save()
    inactive = client.get(reverse("accounts:account_list"), {"status": "inactive"}).content.decode()
    assert "xa_b" in inactive and "xa_a" not in inactive


def test_roles_are_added_and_ended_never_deleted(client_as, cast):
    client = client_as(cast.coordinator)
    client.post(
        reverse("accounts:role_add", args=[cast.officer_a.pk]),
        {"role": Role.FRONT_OFFICER, "unit": cast.commune_a.pk},
    )
    added = RoleAssignment.objects.get(user=cast.officer_a, role=Role.FRONT_OFFICER)
    client.post(reverse("accounts:role_remove", args=[cast.officer_a.pk, added.pk]))
    added.refresh_from_db()
    assert added.is_active is False
    assert AuditEntry.objects.filter(action="role.remove", object_id=str(added.pk)).exists()
    other = RoleAssignment.objects.get(user=cast.officer_b)
    assert client.post(reverse("accounts:role_remove", args=[cast.officer_a.pk, other.pk])).status_code == 404


def test_deactivating_ends_every_session_and_token(client_as, cast):
    officer = Client()
    assert (
        officer.post(reverse("accounts:login"), {"username": "xa_a", "password": TEST_PASSWORD}).status_code
        == 302
    )
    second = Client()
    second.post(reverse("accounts:login"), {"username": "xa_a", "password": TEST_PASSWORD})
    _token, raw = api_token_create(user=cast.officer_a, name="Đồng bộ")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert officer.get(reverse("accounts:profile")).status_code == 200
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 200

    def sessions_of_officer():
        return [
            s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(cast.officer_a.pk)
        ]

    assert len(sessions_of_officer()) == 2
    response = client_as(cast.coordinator).post(
        reverse("accounts:account_deactivate", args=[cast.officer_a.pk])
    )

    assert response.status_code == 302
    cast.officer_a.refresh_from_db()
    assert cast.officer_a.is_active is False
    assert sessions_of_officer() == []
    assert officer.get(reverse("accounts:profile")).status_code == 302
    assert second.get(reverse("accounts:profile")).status_code == 302
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 401
    assert not ApiToken.objects.filter(user=cast.officer_a, revoked_at__isnull=True).exists()
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.changes["extra"] == {"sessions_ended": 2, "tokens_revoked": 1}
    assert entry.changes["fields"] == {"is_active": [True, False]}
    # Reactivated, the person signs in again; the revoked token stays revoked.
    client_as(cast.coordinator).post(reverse("accounts:account_reactivate", args=[cast.officer_a.pk]))
    assert (
        Client().post(reverse("accounts:login"), {"username": "xa_a", "password": TEST_PASSWORD}).status_code
        == 302
    )
    assert Client().get("/api/v1/accounts/me", **bearer).status_code == 401


def test_coordinator_cannot_deactivate_self_or_an_administrator(client_as, cast):
    client = client_as(cast.coordinator)
    client.post(reverse("accounts:account_deactivate", args=[cast.coordinator.pk]))
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.is_active
    root = User.objects.create_superuser("root", "root@example.org", TEST_PASSWORD)
    assert client.post(reverse("accounts:account_deactivate", args=[root.pk])).status_code == 404
    root.refresh_from_db()
    assert root.is_active


def workbook(rows, sheet=SHEET):
    return workbook_bytes([Sheet(sheet, header=list(HEADERS), rows=rows)])


def upload(client, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("tai-khoan.xlsx", data, content_type="application/octet-stream")
    return client.post(reverse("accounts:account_import"), {"file": file})


def test_import_creates_every_account_and_e_mails_links(client_as, cast, mailoutbox):
    data = workbook(
        [
            ["xa.moi", "Nguyễn Văn Xã", "xa.moi@example.org", "Cán bộ UBND xã, phường", "26413", None],
            ["xa.moi", None, None, "Cán bộ Ủy ban MTTQ", "26413", None],
            ["so.moi", "Trần Thị Sở", "so.moi@example.org", "department_officer", "75", "SNNMT"],
        ]
    )
    response = upload(client_as(cast.coordinator), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    xa = User.objects.get(username="xa.moi")
    assert set(xa.role_assignments.values_list("role", flat=True)) == {
        Role.COMMUNE_OFFICER,
        Role.FRONT_OFFICER,
    }
    so = User.objects.get(username="so.moi").role_assignments.get()
    assert so.organisation == cast.organisation
    assert sorted(m.to[0] for m in mailoutbox) == ["so.moi@example.org", "xa.moi@example.org"]
    assert AuditEntry.objects.filter(action="accounts.import").exists()


def test_import_is_all_or_nothing_with_located_errors(client_as, cast):
    data = workbook(
        [
            ["tot", "Người Tốt", "tot@example.org", "Cán bộ UBND xã, phường", "26413", None],
            ["xa_a", "Trùng Tên", "trung@example.org", "Cán bộ UBND xã, phường", "26413", None],
            ["sai.vai.tro", "Vai Trò Sai", "sai@example.org", "Giám đốc", "26413", None],
            ["sai.don.vi", "Đơn Vị Sai", "donvi@example.org", "Cán bộ UBND xã, phường", "99999", None],
            ["thieu.so", "Thiếu Sở", "thieuso@example.org", "Cán bộ sở, ngành", "75", None],
        ]
    )
    response = upload(client_as(cast.coordinator), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Sheet Tài khoản, dòng 3, cột A" in page
    assert "Sheet Tài khoản, dòng 4, cột D" in page
    assert "Sheet Tài khoản, dòng 5, cột E" in page
    assert "Sheet Tài khoản, dòng 6, cột F" in page
    assert not User.objects.filter(username="tot").exists()


def test_template_downloads_and_its_sheets_are_accepted(client_as, cast):
    response = client_as(cast.coordinator).get(reverse("accounts:account_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    refused = upload(client_as(cast.coordinator), response.content)
    assert refused.status_code == 400
    assert "Sheet Tài khoản: không có dòng dữ liệu nào." in refused.content.decode()
    assert "không có trong mẫu" not in refused.content.decode()
