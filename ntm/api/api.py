"""The one NinjaAPI at /api/v1/. Apps contribute Routers; this module only mounts them and shapes errors.

Errors always answer ``{"error": "...", "detail": ...}``: 400/422 bad input, 401 not signed in, 403 the role may
not do this, 404 unknown or out of scope, 409 the object's state forbids it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ntm.accounts.api import router as accounts_router
from ntm.api.auth import AUTH
from ntm.assessment.api import router as assessment_router
from ntm.audit.api import router as audit_router
from ntm.core.api import document_errors
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.api import router as criteria_router
from ntm.criteria.engine import InvalidValuesError
from ntm.environment.api import router as environment_router
from ntm.feedback.api import router as feedback_router
from ntm.infrastructure.api import router as infrastructure_router
from ntm.jobs.api import router as jobs_router
from ntm.knowledge.api import router as knowledge_router
from ntm.legal.api import router as legal_router
from ntm.maps.api import router as maps_router
from ntm.ocop.api import router as ocop_router
from ntm.programme.api import router as programme_router
from ntm.recognition.api import router as recognition_router
from ntm.status.api import router as status_router
from ntm.surveys.api import router as surveys_router
from ntm.traceability.api import router as traceability_router
from ntm.units.api import router as units_router


class DocumentedErrorsAPI(NinjaAPI):
    """The document names, on every operation, the error answers the handlers below can give."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = DocumentedErrorsAPI(
    title="NTM số Đồng Nai API",
    version="1",
    description=gettext_lazy(
        'API of the New Rural Development management system. Lists answer {"items": [...], "count": n}.'
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, message: str, status: int, detail=None):
    return api.create_response(request, {"error": message, "detail": detail}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return _error(request, _("The data sent is not valid."), 422, exc.errors)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _error(request, _("Not signed in, or the access token is not valid."), 401)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, str(exc) or _("Your role may not do this."), 403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, _("Not found (or outside your scope)."), 404)


@api.exception_handler(InvalidValuesError)
def on_invalid_values(request, exc: InvalidValuesError):
    """The criteria engine refuses input it cannot evaluate (a year outside the set's period, a bad value)."""
    problems = [{"indicator": problem.code, "message": problem.message} for problem in exc.problems]
    return _error(
        request,
        _("Invalid data: %(problems)s") % {"problems": "; ".join(p["message"] for p in problems)},
        422,
        problems,
    )


@api.exception_handler(StateConflict)
def on_conflict(request, exc: StateConflict):
    return _error(request, exc.message, 409, exc.detail)


@api.exception_handler(ServiceError)
def on_service_error(request, exc: ServiceError):
    return _error(request, exc.message, 400, exc.detail)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    message = str(exc)
    if exc.status_code == 400 and "parse" in message.lower():
        message = _("The content sent is not valid JSON.")
    return _error(request, message, exc.status_code)


api.add_router("/accounts", accounts_router)
api.add_router("", assessment_router)
api.add_router("/audit", audit_router)
api.add_router("", criteria_router)
api.add_router("/environment", environment_router)
api.add_router("/feedback", feedback_router)
api.add_router("/infrastructure", infrastructure_router)
api.add_router("/jobs", jobs_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/legal-documents", legal_router)
api.add_router("/map", maps_router)
api.add_router("/ocop", ocop_router)
api.add_router("/programme", programme_router)
api.add_router("/surveys", surveys_router)
api.add_router("/traceability", traceability_router)
api.add_router("/units", units_router)
api.add_router("/dossiers", recognition_router)
api.add_router("", status_router)
