"""The API keeps its published contract: schemathesis against ``/api/v1/openapi.json``, in process (PostgreSQL).

For every operation of the OpenAPI document, anonymous and with the province coordinator's personal token,
schemathesis generates requests (valid ones and ones that break the schema) and checks each answer:

- no 5xx (``not_a_server_error``);
- the status is one the operation documents (``status_code_conformance``), with the documented content type
  and a body that matches the documented schema (``content_type_conformance``, ``response_schema_conformance``);
- a request the schema calls valid is accepted (``positive_data_acceptance``: 2xx, or 401/403/404/409 — which
  the API documents for authentication, role, an unknown or out-of-scope id and an object's state);
- a request the schema calls invalid is refused (``negative_data_rejection``: 400/401/403/404/409/422).

Bounded: four examples per operation, no shrinking, a 5 s deadline per example (2.5-4 min for the module at a
load average of 10 on the shared 2-core machine, the data build included). Requests go through Django's WSGI
handler in the test's transaction. The document is loaded at collection with ``from_wsgi``: the lazy
``schemathesis.pytest.from_fixture`` fails under pytest 9.2 (it reads ``Function._nodeid``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from ntm.accounts.services import api_token_create
from ntm.criteria.tests.factories import load_shipped
from ntm.environment.services import catalogues_load_shipped, sample_record, water_point_create
from ntm.jobs.models import Job, JobStatus
from ntm.knowledge.tests.factories import good_model_data, published
from ntm.legal.models import LegalDocument
from ntm.legal.services import legal_documents_load
from ntm.ocop.tests.factories import load_sheets, make_evaluation
from ntm.programme import cycles
from ntm.programme.services.cycles import cycle_open
from ntm.programme.tests.factories import load_plan
from ntm.recognition.services.procedures import procedures_load
from ntm.recognition.tests.factories import make_dossier
from ntm.surveys.tests.factories import make_survey
from ntm.testing.cast import make_cast
from ntm.traceability.tests.factories import make_area, make_lot

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]

# A valid request may still be refused for who asks (401/403), for an id that does not exist or lies outside
# the caller's scope (404: generated ids are random) or for the object's state (409). Anything else — a 400 or
# 422 on data the schema promises to take — is a contract failure.
ACCEPTED = ["2xx", "401", "403", "404", "409"]
REJECTED = ["400", "401", "403", "404", "409", "422"]


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ACCEPTED},
                "negative_data_rejection": {"expected-statuses": REJECTED},
            }
        }
    )


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Django's WSGI handler closes the connection around a request; the test client stops it, so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The document is read once, at collection (it needs no database); each operation becomes a test item.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=_config())

BOUNDED = settings(
    max_examples=4,
    deadline=timedelta(seconds=5),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@dataclass
class World:
    cast: object
    ids: dict[str, str]  # path parameter → a real value: what the fixed-example test below fills in
    by_path: dict[
        str, dict[str, str]
    ]  # where one parameter name means another thing (a trace code, not a unit's)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Real rows for every kind of object the API serves, built once for the module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        cast = make_cast()
        versions = load_shipped()
        plan = load_plan()
        target = plan.targets.first()
        cycle, _created = cycle_open(period=cycles.period_for(cycles.ANNUAL, 2026, plan.rules()))
        job = Job.objects.create(
            owner=cast.coordinator, kind="audit.export", label="Nhật ký", status=JobStatus.SUCCEEDED
        )
        procedures_load()
        legal_documents_load()
        dossier = make_dossier(cast)
        survey = make_survey(cast, per_hamlet=0, open_it=False)
        catalogues_load_shipped()
        point = water_point_create(
            actor=cast.officer_a, unit=cast.commune_a, code="NS-01", name="Trạm cấp nước", kind="centralised"
        )
        sample_record(
            actor=cast.officer_a,
            point=point,
            sampled_on=dt.date(2026, 1, 5),
            laboratory="CDC",
            values={"ph": "9", "odour_taste": "không"},
        )
        area = make_area(cast.producer, cast.commune_a, issuer=cast.department)
        lot = make_lot(area)
        load_sheets()
        evaluation = make_evaluation(cast, upto="decided")
        article = published(cast.coordinator, cast.coordinator, good_model_data(cast.commune_a))
        yield World(
            cast,
            {
                "structure": cast.commune_a.structure,
                "code": cast.commune_a.code,
                "ref": next(iter(versions)),
                "document_id": str(LegalDocument.objects.order_by("pk").first().pk),
                "target_id": str(target.pk),
                "campaign_id": str(survey.campaign.pk),
                "dossier_id": str(dossier.pk),
                "point_id": str(point.pk),
                "area_id": str(area.pk),
                "lot_id": str(lot.pk),
                "product_id": str(evaluation.product_id),
                "article_id": str(article.pk),
                "unit_id": str(cast.commune_a.pk),
                "job_id": str(job.pk),
                "cycle_id": str(cycle.pk),
            },
            {"/api/v1/traceability/trace/{code}": {"code": lot.code}},
        )
        transaction.set_rollback(True)


@pytest.fixture
def coordinator_token(world, db) -> str:
    return api_token_create(user=world.cast.coordinator, name="contract")[1]


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@BOUNDED
def test_contract_anonymous(case, world, db):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_contract_with_coordinator_token(case, coordinator_token):
    case.call_and_validate(headers=_bearer(coordinator_token), checks=CHECKS)


def _reads() -> list[tuple[str, str]]:
    return [
        (operation.method.upper(), operation.path)
        for operation in (result.ok() for result in schema.get_all_operations())
        if operation.method.upper() == "GET"
    ]


@pytest.mark.parametrize(("method", "path"), _reads())
def test_every_read_on_real_rows_matches_its_schema(method, path, world, coordinator_token):
    """Generated ids mostly miss; here each read is asked for real rows (the coordinator sees them all), answers
    200 and matches its documented schema. A path whose parameter has no row here fails, so a new one is seen."""
    operation = schema[path][method]
    names = [parameter.name for parameter in operation.path_parameters]
    missing = [name for name in names if name not in world.ids]
    assert not missing, f"{path}: give the world a row for {missing}"
    values = {**world.ids, **world.by_path.get(path, {})}
    case = operation.Case(path_parameters={name: values[name] for name in names})
    response = case.call_and_validate(headers=_bearer(coordinator_token), checks=CHECKS)
    assert response.status_code == 200, response.text[:500]
