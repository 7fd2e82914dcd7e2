"""The coordination office's page of water-supply operators: list, add, edit — audited, coordinator only."""

import pytest
from django.urls import reverse

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.audit.models import AuditEntry
from ntm.core.exceptions import ServiceError
from ntm.environment import services

pytestmark = pytest.mark.django_db
URL = reverse("environment:water_operators")


def _add(client, unit, short_name="CNNT-LP", name="Trạm cấp nước Long Phước"):
    return client.post(URL, {"name": name, "short_name": short_name, "unit": unit.pk})


def test_the_coordinator_adds_an_operator_audited_under_their_name(cast, client_as):
    client = client_as(cast.coordinator)
    assert "Chưa có đơn vị cấp nước" in client.get(URL).content.decode()
    assert _add(client, cast.commune_a).status_code == 302
    operator = Organisation.objects.get(short_name="CNNT-LP")
    assert operator.kind == OrganisationKind.WATER_OPERATOR and operator.unit == cast.commune_a
    entry = AuditEntry.objects.get(action="organisation.create", object_id=str(operator.pk))
    assert entry.actor == cast.coordinator
    assert "Trạm cấp nước Long Phước" in client.get(URL).content.decode()


def test_a_duplicate_short_name_or_a_district_is_refused_in_vietnamese(cast, client_as):
    client = client_as(cast.coordinator)
    _add(client, cast.commune_a)
    response = _add(client, cast.commune_b, short_name="cnnt-lp", name="Khác")
    assert response.status_code == 400 and "Đã có tổ chức khác dùng tên viết tắt" in response.content.decode()
    response = client.post(URL, {"name": "", "short_name": "", "unit": ""})
    assert response.status_code == 400 and "Hãy nhập tên đơn vị cấp nước" in response.content.decode()
    assert Organisation.objects.filter(kind=OrganisationKind.WATER_OPERATOR).count() == 1


def test_the_coordinator_edits_and_deactivates_an_operator(cast, client_as):
    client = client_as(cast.coordinator)
    _add(client, cast.commune_a)
    operator = Organisation.objects.get(short_name="CNNT-LP")
    edit = reverse("environment:water_operator_edit", args=[operator.pk])
    assert 'value="CNNT-LP"' in client.get(edit).content.decode()
    response = client.post(
        edit, {"name": "Cấp nước Long Phước", "short_name": "CN-LP", "unit": cast.commune_a.pk}
    )
    assert response.status_code == 302
    operator.refresh_from_db()
    assert (operator.name, operator.short_name, operator.is_active) == ("Cấp nước Long Phước", "CN-LP", False)
    entry = AuditEntry.objects.get(action="organisation.changed")
    assert entry.actor == cast.coordinator and "is_active" in entry.changes["fields"]


def test_only_the_coordinator_manages_operators(cast, client_as):
    operator = services.water_operator_create(
        actor=cast.coordinator, name="Trạm cấp nước", short_name="CN-1", unit=cast.commune_a
    )
    edit = reverse("environment:water_operator_edit", args=[operator.pk])
    for person in (cast.officer_a, cast.department, cast.auditor):
        client = client_as(person)
        assert client.get(URL).status_code == 403
        assert _add(client, cast.commune_a, short_name="CN-2").status_code == 403
        assert (
            client.post(edit, {"name": "x", "short_name": "CN-3", "unit": cast.commune_a.pk}).status_code
            == 403
        )
        with pytest.raises(ServiceError):
            services.water_operator_create(actor=person, name="x", short_name="CN-4", unit=cast.commune_a)
    assert client_as(None).get(URL).status_code == 302
    assert Organisation.objects.filter(kind=OrganisationKind.WATER_OPERATOR).count() == 1


def test_a_department_is_not_edited_here(cast, client_as):
    department = Organisation.objects.create(name="Sở Y tế", short_name="SYT-TEST", unit=cast.province)
    edit = reverse("environment:water_operator_edit", args=[department.pk])
    assert client_as(cast.coordinator).get(edit).status_code == 404
