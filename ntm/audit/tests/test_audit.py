"""The audit log: every write recorded with actor, request id and diff; append-only; readable by the right roles."""

import pytest
from django.db import connection
from django.urls import reverse

from ntm.accounts.services import organisation_create, role_assign
from ntm.audit.models import AuditEntry
from ntm.audit.services import audit_record, diff
from ntm.testing.permissions import assert_access

pytestmark = pytest.mark.django_db


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}
    assert diff(None, {"a": 1}) == {"a": [None, 1]}


def test_service_write_records_actor_unit_and_field_diff(cast):
    from ntm.audit.context import acting_as

    with acting_as(cast.coordinator, "req-12345678"):
        assignment = role_assign(user=cast.officer_b, role="commune_officer", unit=cast.commune_a)
    entry = AuditEntry.objects.get(action="role.assign", object_id=str(assignment.pk))
    assert entry.actor == cast.coordinator
    assert entry.request_id == "req-12345678"
    assert entry.unit == cast.commune_a
    assert entry.changes["fields"]["role"] == [None, "commune_officer"]


def test_request_id_from_the_middleware_reaches_the_entry(client_as, cast):
    response = client_as(cast.officer_a).post(reverse("accounts:token_create"), {"name": "X"})
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.request_id == response["X-Request-ID"]
    assert entry.actor == cast.officer_a


def test_entries_cannot_be_changed_or_deleted_through_the_orm(cast):
    entry = audit_record(action="x", instance=cast.commune_a)
    entry.action = "y"
    with pytest.raises(Exception, match="append-only"):
        entry.save()
    with pytest.raises(Exception, match="append-only"):
        entry.delete()


@pytest.mark.postgres_only
def test_postgres_trigger_rejects_update_and_delete(cast):
    if connection.vendor != "postgresql":
        pytest.fail("This test must run on PostgreSQL (DATABASE_URL).")
    entry = audit_record(action="x", instance=cast.commune_a)
    from django.db import DatabaseError, transaction

    for statement in (
        "UPDATE audit_auditentry SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_audit_page_permission_matrix(client_as, cast):
    assert_access(
        client_as,
        cast,
        reverse("audit:list"),
        {
            "coordinator": 200,
            "auditor": 200,
            "officer_a": 403,
            "officer_b": 403,
            "department": 403,
            "anonymous": 302,
        },
    )


@pytest.mark.sqlite_journey
def test_audit_page_filters_and_shows_diffs(client_as, cast):
    organisation_create(name="Sở Xây dựng", short_name="SXD", unit=cast.province)
    client = client_as(cast.auditor)
    page = client.get(reverse("audit:list"), {"action": "organisation"}).content.decode()
    assert "Sở Xây dựng" in page
    assert "role.assign" not in page
    empty = client.get(reverse("audit:list"), {"action": "khong-co"}).content.decode()
    assert "Không có mục nào khớp" in empty


def test_admin_edits_are_audited(client_as, cast):
    cast.coordinator.is_superuser = cast.coordinator.is_staff = True
    cast.coordinator.save()
    url = reverse("admin:accounts_organisation_change", args=[cast.organisation.pk])
    response = client_as(cast.coordinator).post(
        url,
        {
            "name": "Sở Nông nghiệp và Môi trường tỉnh",
            "short_name": "SNNMT",
            "kind": "department",
            "unit": cast.province.pk,
            "is_active": "on",
            # the inline of former names (none added)
            "former_names-TOTAL_FORMS": "0",
            "former_names-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.changes["fields"]["name"] == [
        "Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Môi trường tỉnh",
    ]
    assert entry.actor == cast.coordinator
