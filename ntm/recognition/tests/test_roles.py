"""Role beside scope in the recognition area: every role of the cast against the dossier pages and API.

Written by hand from ``ntm.core.permissions.AREA_ROLES`` (design.md §1): the Front officer reads the dossiers of its
commune (it posts comments on them); the OCOP council member and the producer read no dossier, though both are
bound to units the dossier's commune belongs to. Lists answer them 403 (a page not about one unit); a dossier or a
document id answers 404, as an out-of-scope one does.
"""

import pytest
from django.urls import reverse

from ntm.core.exceptions import ServiceError
from ntm.recognition.models import ProcedureVersion
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import procedures_load, shipped_procedure_paths
from ntm.recognition.tests.factories import load_data, make_dossier, pdf
from ntm.testing.permissions import EVERY_ROLE, assert_access

pytestmark = pytest.mark.django_db

LIST = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 200,
    "department": 200,
    "auditor": 200,
    "front": 200,
    "ocop_council": 403,
    "producer": 403,
}
DOSSIER_OF_A = {
    "coordinator": 200,
    "officer_a": 200,
    "officer_b": 404,
    "department": 200,
    "auditor": 200,
    "front": 200,
    "ocop_council": 404,
    "producer": 404,
}


@pytest.fixture
def dossier(cast):
    load_data()
    return make_dossier(cast)


def test_the_matrix_lists_every_role_of_the_cast():
    assert set(LIST) | {"anonymous"} == set(EVERY_ROLE) == set(DOSSIER_OF_A) | {"anonymous"}


@pytest.mark.parametrize(
    "url",
    [reverse("recognition:dossier_list"), reverse("recognition:dossier_export")],
    ids=["list", "export"],
)
def test_dossier_lists_refuse_roles_outside_the_area(client_as, cast, dossier, url):
    assert_access(client_as, cast, url, {**LIST, "anonymous": 302})


def test_dossier_list_api_refuses_roles_outside_the_area(client_as, cast, dossier):
    assert_access(client_as, cast, "/api/v1/dossiers", {**LIST, "anonymous": 401})


def test_dossier_documents_and_api_are_not_found_outside_the_area(client_as, cast, dossier):
    document = dossiers.dossier_document_add(dossier=dossier, code="khac", upload=pdf(), actor=cast.officer_a)
    detail = reverse("recognition:dossier_detail", args=[dossier.pk])
    assert_access(client_as, cast, detail, {**DOSSIER_OF_A, "anonymous": 302})
    download = reverse("recognition:document_download", args=[document.pk])
    assert_access(client_as, cast, download, {**DOSSIER_OF_A, "anonymous": 302})
    api = f"/api/v1/dossiers/{dossier.pk}"
    assert_access(client_as, cast, api, {**DOSSIER_OF_A, "anonymous": 401})


@pytest.mark.parametrize("role", ["producer", "ocop_council_member", "auditor"])
def test_a_procedure_step_may_name_only_a_role_that_changes_dossiers(tmp_path, role):
    shipped = next(path for path in shipped_procedure_paths() if path.name == "hai-cap-tu-1-7-2025.toml")
    text = shipped.read_text(encoding="utf-8").replace('role = "front_officer"', f'role = "{role}"', 1)
    changed = tmp_path / shipped.name
    changed.write_text(text, encoding="utf-8")
    with pytest.raises(ServiceError) as refused:
        procedures_load(paths=[changed])
    assert any(role in problem for problem in refused.value.detail)
    assert not ProcedureVersion.objects.exists()
