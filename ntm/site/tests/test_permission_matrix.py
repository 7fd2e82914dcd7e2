"""The permission matrix: every GET page and API endpoint, by every role of the cast and anonymous: one status.

The expected statuses come from ``PAGES`` and ``ENDPOINTS`` below, written by hand from design.md §1 and
``ntm.core.permissions.AREA_ROLES`` (never recorded from responses). The routes are enumerated from the URL conf and
the OpenAPI document: a route with no row fails ``test_every_route_has_a_row`` by name.

Conventions: anonymous → 302 to the sign-in page (pages) or 401 (API); a role the area never admits → 403 on a
page or endpoint that is not about one unit, 404 on an id; an id out of the role's scope → 404; a public page → 200.
A row ``Skip(reason)`` is reported as skipped with its reason; no page or GET endpoint may be skipped (a route marked
``POST`` must answer 405 to a GET, checked). ``Known(reason, rule)`` is a disagreement between
the app and this table that is not fixed yet: an xfail listing the differences, and a failure once the app
matches the table (so the mark goes). The POST column (``POSTS``, at the end) checks every state-changing route's
refusals and that they change nothing; who may write, and what, is in the per-app matrices
(``ntm/*/tests/test_roles.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from ntm.assessment.services import evidence_add, value_set
from ntm.core.choices import Role
from ntm.core.models import InstanceState
from ntm.core.permissions import (
    ACCOUNTS,
    ASSESSMENT,
    AUDIT,
    CHANGE,
    ENVIRONMENT,
    FEEDBACK,
    INFRASTRUCTURE,
    KNOWLEDGE,
    OCOP,
    PROGRAMME,
    RECOGNITION,
    STATUS,
    SURVEYS,
    TRACEABILITY,
    VIEW,
    area_roles,
)
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.tests.factories import load_shipped
from ntm.environment.models import Facility, LabReport
from ntm.environment.services import catalogues_load_shipped, sample_record, water_point_create
from ntm.feedback.models import Feedback
from ntm.feedback.tests.factories import make_feedback
from ntm.infrastructure.models import PlanningDocument, PlanningMap, PlanningRecord
from ntm.jobs.models import Job, JobStatus
from ntm.knowledge.models import ArticleImage, AwardDecision, Movement
from ntm.knowledge.services import article_save
from ntm.knowledge.tests.factories import good_model_data, published
from ntm.legal.models import LegalDocument
from ntm.legal.services import legal_documents_load
from ntm.maps.tests.factories import EAST, WEST, boundary
from ntm.ocop.models import DossierFile, ProductPhoto, ScoreSheet, TourismPoint, TourismPointPhoto
from ntm.ocop.tests.factories import load_sheets, make_evaluation, make_producer
from ntm.programme import cycles
from ntm.programme.models import (
    BudgetLine,
    BudgetSource,
    ConsolidatedReport,
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotEvidence,
    PilotModel,
    PlanActivity,
    TargetPlan,
    TrainingCourse,
)
from ntm.programme.reporters import Reporter
from ntm.programme.services.cycles import cycle_open, report_attachment_add, report_start
from ntm.programme.services.plans import annual_plan_create
from ntm.programme.services.targets import reported_actual_add
from ntm.programme.tests.factories import load_plan
from ntm.recognition.models import DossierDocument, PostingEntry, ProcedureVersion
from ntm.recognition.services.procedures import procedures_load
from ntm.recognition.tests.factories import make_dossier
from ntm.status.services import status_record_create
from ntm.surveys.models import Purpose
from ntm.surveys.services.campaigns import campaign_create
from ntm.surveys.tests.factories import campaign_data, make_survey
from ntm.testing.cast import make_cast
from ntm.testing.factories import RoleFactory, UnitFactory, UserFactory
from ntm.traceability.tests.factories import make_area, make_lot
from ntm.units.models import Hamlet, Level, Structure

# --- the cast: who, with which role, and which of the two communes is in their scope --------------------------------

ANONYMOUS = "anonymous"
ACTORS = (
    "coordinator",
    "department",
    "officer_a",
    "officer_b",
    "district",
    "front",
    "council",
    "ocop_council",
    "producer",
    "operator",
    "auditor",
    ANONYMOUS,
)
ROLE_OF = {
    "coordinator": Role.PROVINCE_COORDINATOR,
    "department": Role.DEPARTMENT_OFFICER,
    "officer_a": Role.COMMUNE_OFFICER,
    "officer_b": Role.COMMUNE_OFFICER,
    "district": Role.DISTRICT_OFFICER,
    "front": Role.FRONT_OFFICER,
    "council": Role.COUNCIL_MEMBER,
    "ocop_council": Role.OCOP_COUNCIL_MEMBER,
    "producer": Role.PRODUCER,
    "operator": Role.WATER_OPERATOR,
    "auditor": Role.AUDITOR,
}
# The communes in each actor's unit scope: A and B of the cast, and C, a third rural commune no commune-level actor
# holds. The district officer is bound to a legacy district that holds none of them. With them, the departments
# whose indicators each follows (a department officer its own, SNNMT; the coordination office, the appraisal
# council and the auditor every department).
PROVINCE_WIDE = {"A", "B", "C", "province"}
EVERY_DEPARTMENT = {"SNNMT", "SYT"}
SCOPE = {
    "coordinator": PROVINCE_WIDE | EVERY_DEPARTMENT,
    "department": PROVINCE_WIDE | {"SNNMT"},
    "officer_a": {"A"},
    "officer_b": {"B"},
    "district": set(),
    "front": {"A"},
    "council": PROVINCE_WIDE | EVERY_DEPARTMENT,
    "ocop_council": PROVINCE_WIDE,
    "producer": {"A"},
    # Bound to A, but its environment scope is the water points its operator runs, never a unit's records.
    "operator": set(),
    "auditor": PROVINCE_WIDE | EVERY_DEPARTMENT,
    ANONYMOUS: set(),
}
# The commune of the in-scope and the out-of-scope object of each kind (a phường has no NTM dossier: C instead).
COMMUNE_OF = {
    "unit": {"in": "A", "out": "B"},
    "commune": {"in": "A", "out": "B"},  # a unit named by its id (environment pages), with a year
    "campaign": {"in": "A", "out": "B"},
    "dossier": {"in": "A", "out": "C"},
    "target": {"in": "province"},  # a province target: there is no out-of-scope one
    "plan": {"in": None},  # the plan of that target: reference data, the role alone decides
    "account": {"in": "A"},  # officer A's account: the roles that read accounts are province-wide
    # Reference data, in no unit's scope (a legal document, a procedure version): the role alone decides.
    "legal": {"in": None},
    "procedure": {"in": None},
    # The cast's producer owns the growing area and lot in A; another producer owns those in B (phường Bảo Vinh).
    "area": {"in": "A", "out": "B"},
    "lot": {"in": "A", "out": "B"},
    "trace": {"in": "A"},  # the public trace page of the lot in A
    "evaluation": {"in": "A", "out": "B"},  # the in-scope one belongs to the cast's producer
    "product": {"in": "A"},  # a certified product: public
    "certificate": {"in": "A"},  # the certificate of that product
    "feedback": {"in": "A", "out": "B"},  # a citizen's feedback about each commune
    "hamlet": {"in": "A", "out": "B"},  # an ấp of commune A (the survey's) and a khu phố of B
    # A background run attached to a unit: the generated document of the dossier in A, and of the one in C.
    "job": {"in": "A", "out": "C"},
    # Programme registry rows of commune A and of phường B (a pilot with an evidence file and an approval decision).
    "pilot": {"in": "A", "out": "B"},
    "pilot_evidence": {"in": "A", "out": "B"},
    "registry": {"in": "A", "out": "B"},
    "course": {"in": "province"},  # a training course of the province: there is no out-of-scope one
    "decision": {"in": "A", "out": "C"},  # an unpublished decision of the status register, with its document
    "dossier_document": {"in": "A", "out": "C"},  # a document and a posting proof of the dossiers above
    "posting": {"in": "A", "out": "C"},
    "evidence": {"in": "A", "out": "C"},  # an evidence file of an indicator value of commune A, and of C
    "feedback_photo": {"in": "A", "out": "B"},  # the photo of each commune's feedback
    # A commune's general construction plan record (with a document and a map), of A and of C.
    "planning": {"in": "A", "out": "C"},
    "planning_document": {"in": "A", "out": "C"},
    # Water points of A and of B (run by no operator of the cast), a lab result with its report, a facility.
    "point": {"in": "A", "out": "B"},
    "sample": {"in": "A", "out": "B"},
    "facility": {"in": "A", "out": "B"},
    # The cast's water-supply operator (an organisation): the role alone decides.
    "water_operator": {"in": None},
    "article": {"in": "A", "out": "B"},  # a draft good model of each commune (knowledge library)
    "published_article": {"in": "province"},  # a published item of the province: public
    # Programme: commune A's annual plan and phường B's, a reporting cycle (the province's), commune A's report in it
    # with an attachment, a reported figure of a province target with its evidence.
    "annual_plan": {"in": "A", "out": "B"},
    "plan_activity": {"in": "A", "out": "B"},  # an activity and a budget line of each of those plans
    "plan_budget": {"in": "A", "out": "B"},
    "cycle": {"in": None},
    "report": {"in": "A"},
    "report_attachment": {"in": "A"},
    "reported": {"in": "province"},
    # OCOP: a dossier paper of each evaluation above; the council's minutes and the decision of the decided one (in
    # A, the cast producer's); a photo of its certified product (public).
    "ocop_dossier_file": {"in": "A", "out": "B"},
    "minutes": {"in": "A"},
    "ocop_decision": {"in": "A"},
    "product_photo": {"in": "A"},
    # A matrix cell (commune x criterion) of A and of B; the Excel template of one commune's values (A, and C: a
    # phường is not assessed for NTM); a department's template (the cast department's own, and another's).
    "cell": {"in": "A", "out": "B"},
    "entry_unit": {"in": "A", "out": "C"},
    "department": {"in": "SNNMT", "out": "SYT"},
    # Knowledge: an image of each draft above and of the published item; an emulation movement and an award
    # decision launched by each commune.
    "article_image": {"in": "A", "out": "B"},
    "published_image": {"in": "province"},
    "movement": {"in": "A", "out": "B"},
    "award_decision": {"in": "A", "out": "B"},
    # OCOP: a tourism point of each producer above (the one in A linked to the certified product, with a photo);
    # a score sheet (reference data, the role alone decides).
    "tourism_point": {"in": "A", "out": "B"},
    "tourism_photo": {"in": "A"},
    "sheet": {"in": None},
    # The consolidated report of the cycle above (the province's); the lot in A by its GS1 Digital Link.
    "consolidated": {"in": None},
    "digital_link": {"in": "A"},
}
SIGNED_IN_ROLES = frozenset(ROLE_OF.values())


# --- the rules a row may use -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who gets 200 on a route; ``obj`` names the object an id route is about (``None``: not about one object)."""

    roles: frozenset[str]
    public: bool = False
    obj: str | None = None
    # What an admitted (or, on a public route, any) request answers: 302 for a route that sends on elsewhere.
    granted: int = 200
    signed_in_status: int | None = (
        None  # a public page a signed-in person is sent away from (sign-in) says 302
    )
    overrides: tuple[tuple[str, int], ...] = ()  # (actor, status) where a finer rule of the app decides
    kwargs: tuple[
        tuple[str, str], ...
    ] = ()  # fixed URL arguments of a route that is not about one unit's object
    # What an id route answers a role it never admits: 404 by the convention above; the programme app checks the
    # role before it looks the id up (``ntm.programme.selectors.access``) and says 403.
    role_refused: int = 404
    query: str | None = None  # the object goes in this query parameter (``?unit=<code>``), not in the path

    def expected(self, actor: str, which: str | None, api: bool) -> int:
        if self.public:
            if actor == ANONYMOUS or self.signed_in_status is None:
                return self.granted
            return self.signed_in_status
        if actor == ANONYMOUS:
            return 401 if api else 302
        if actor in dict(self.overrides):
            return dict(self.overrides)[actor]
        admitted = ROLE_OF[actor] in self.roles
        if self.obj is None:
            return self.granted if admitted else 403
        if not admitted:
            return self.role_refused
        commune = COMMUNE_OF[self.obj][which]
        if commune is None:
            return self.granted
        return self.granted if commune in SCOPE[actor] else 404


ADMIN_PAGES = ("admin:index", "admin:accounts_user_changelist", "admin:audit_auditentry_changelist")


@dataclass(frozen=True)
class Skip:
    reason: str


@dataclass(frozen=True)
class Known:
    reason: str
    rule: Rule


PUBLIC = Rule(frozenset(), public=True)
SIGNED_IN = Rule(SIGNED_IN_ROLES)


def area(name: str, obj: str | None = None) -> Rule:
    return Rule(area_roles(name, VIEW), obj=obj)


def only(*roles: str, obj: str | None = None) -> Rule:
    return Rule(frozenset(roles), obj=obj)


COORDINATOR = only(Role.PROVINCE_COORDINATOR)
# Bound to the province (design.md §1) in this cast: two-step sign-in is theirs (the Front officer is a commune's).
PROVINCE_STAFF = frozenset(
    {
        Role.PROVINCE_COORDINATOR,
        Role.DEPARTMENT_OFFICER,
        Role.COUNCIL_MEMBER,
        Role.OCOP_COUNCIL_MEMBER,
        Role.AUDITOR,
    }
)
POST = Skip("POST only (GET answers 405): its refusals are checked in the POST column (POSTS)")
ADMIN = "Django admin: superusers only, guarded by Django's own staff check"

HOUSEHOLD_READERS = only(Role.FRONT_OFFICER, Role.AUDITOR, obj="campaign")
# Registries are kept by the communes (and the coordinator); trainings and pilots are the province's programmes.
COMMUNE_REGISTRY = only(Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER)
REGISTRY_CREATE = {
    "cooperatives": COMMUNE_REGISTRY,
    "linkage": COMMUNE_REGISTRY,
    "services": COMMUNE_REGISTRY,
    "managers": COMMUNE_REGISTRY,
    "courses": COORDINATOR,
    "pilots": COORDINATOR,
}

# The per-department dashboard follows departments' indicators: the province-wide readers and the departments.
DEPARTMENT_VIEW = only(Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COUNCIL_MEMBER, Role.AUDITOR)


# Programme rows by id: the area's readers (403 to any other role: the app checks the role first), by unit scope;
# a registry's edit page: its keepers (REGISTRY_CREATE), likewise.
FOLLOWERS = (Role.PROVINCE_COORDINATOR, Role.AUDITOR)


def programme_row(obj: str) -> Rule:
    return Rule(area_roles(PROGRAMME, VIEW), obj=obj, role_refused=403)


def registry_keepers(registry: str, obj: str) -> Rule:
    return Rule(REGISTRY_CREATE[registry].roles, obj=obj, role_refused=403)


SET_REF = (("ref", "xa-ntm-2021-2025"),)  # a shipped criteria set: reference data, not any unit's

# --- the table: pages by URL name ------------------------------------------------------------------------------------

ENVIRONMENT_CHANGE = Rule(area_roles(ENVIRONMENT, CHANGE))
# Pages about units' environment records (points, coverage, waste, facilities): the water-supply operator enters
# its own points' lab results only.
ENVIRONMENT_KEEPERS = Rule(area_roles(ENVIRONMENT, CHANGE) - {Role.WATER_OPERATOR})
KNOWLEDGE_PUBLISHERS = only(Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER)

PAGES: dict[str, Rule | Skip | Known] = {
    "feedback:submit": PUBLIC,
    "feedback:status": PUBLIC,
    "feedback:inbox": area(FEEDBACK),
    "feedback:escalated": only(Role.PROVINCE_COORDINATOR, Role.AUDITOR),
    "feedback:item": area(FEEDBACK, obj="feedback"),
    "feedback:answer": POST,
    "feedback:photo": area(FEEDBACK, obj="feedback_photo"),
    "feedback:holidays": COORDINATOR,
    "feedback:holiday_remove": POST,
    "open_data:index": PUBLIC,
    "open_data:results_json": PUBLIC,
    "open_data:results_xlsx": PUBLIC,
    "open_data:results_schema": PUBLIC,
    "open_data:rebuild": POST,
    "environment:index": area(ENVIRONMENT),
    "environment:points": area(ENVIRONMENT),
    "environment:point_export": area(ENVIRONMENT),
    "environment:point_create": ENVIRONMENT_KEEPERS,
    "environment:point": area(ENVIRONMENT, obj="point"),
    "environment:point_status": POST,
    "environment:sample_create": Rule(area_roles(ENVIRONMENT, CHANGE), obj="point"),
    "environment:lab_report": area(ENVIRONMENT, obj="sample"),
    "environment:results_import": ENVIRONMENT_CHANGE,
    "environment:results_template": ENVIRONMENT_CHANGE,  # the world loads the shipped catalogues
    "environment:exceedances": area(ENVIRONMENT),
    "environment:commune": Rule(area_roles(ENVIRONMENT, VIEW), obj="commune", kwargs=(("year", "2025"),)),
    "environment:report": Rule(area_roles(ENVIRONMENT, VIEW), obj="commune", kwargs=(("year", "2025"),)),
    "environment:coverage_edit": ENVIRONMENT_KEEPERS,
    "environment:waste_edit": ENVIRONMENT_KEEPERS,
    "environment:facility_create": ENVIRONMENT_KEEPERS,
    # The auditor reads every unit's records; the operator keeps none (its scope is the points it runs).
    "environment:facility": Rule(area_roles(ENVIRONMENT, VIEW) - {Role.WATER_OPERATOR}, obj="facility"),
    "environment:catalogues": area(ENVIRONMENT),
    "environment:indicator_link": COORDINATOR,
    "environment:publication_schedule": COORDINATOR,
    "environment:water_operators": COORDINATOR,
    "environment:water_operator_edit": Rule(COORDINATOR.roles, obj="water_operator", role_refused=403),
    "environment:public_list": PUBLIC,
    "environment:public_point": Rule(frozenset(), public=True, obj="point"),  # an operating point
    "infrastructure:index": area(INFRASTRUCTURE),
    "infrastructure:commune": area(INFRASTRUCTURE, obj="commune"),
    "infrastructure:planning": area(INFRASTRUCTURE, obj="commune"),
    "infrastructure:asset_create": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="commune"),
    "infrastructure:coverage_edit": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="commune"),
    "infrastructure:asset_import": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="commune"),
    "infrastructure:import_template": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="commune"),
    "infrastructure:coverage_import": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="commune"),
    "infrastructure:coverage_template": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="commune"),
    "infrastructure:asset_check": POST,
    "infrastructure:planning_edit": Rule(area_roles(INFRASTRUCTURE, CHANGE), obj="planning"),
    "infrastructure:document_add": POST,
    "infrastructure:document": area(INFRASTRUCTURE, obj="planning_document"),
    "infrastructure:map_upload": POST,
    "infrastructure:map_geojson": area(INFRASTRUCTURE, obj="planning"),
    "infrastructure:indicator_link": COORDINATOR,
    "site:home": PUBLIC,
    "site:my_work": SIGNED_IN,
    "site:health": PUBLIC,
    "site:audit_export": POST,
    "accounts:login": Rule(frozenset(), public=True, signed_in_status=302),
    "accounts:logout": POST,
    "accounts:profile": SIGNED_IN,
    "accounts:token_create": POST,
    "accounts:token_revoke": POST,
    "accounts:password_change": SIGNED_IN,
    # With NTM_REQUIRE_2FA off (the test settings) and no authenticator set up, the code page sends everyone to
    # the set-up page; the set-up page is for province staff, and sends anyone else back to their profile.
    "accounts:two_factor": Rule(frozenset(), overrides=tuple((actor, 302) for actor in ROLE_OF)),
    "accounts:two_factor_setup": Rule(
        PROVINCE_STAFF,
        overrides=tuple((actor, 302) for actor in ROLE_OF if ROLE_OF[actor] not in PROVINCE_STAFF),
    ),
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": Rule(
        frozenset(), public=True, kwargs=(("uidb64", "MQ"), ("token", "khong-hop-le"))
    ),  # a wrong link: the page that says so
    "accounts:password_reset_complete": PUBLIC,
    "accounts:account_list": area(ACCOUNTS),
    "accounts:account_create": COORDINATOR,
    "accounts:account_import": COORDINATOR,
    "accounts:account_template": COORDINATOR,
    "accounts:account_detail": area(ACCOUNTS, obj="account"),
    "accounts:role_add": POST,
    "accounts:role_remove": POST,
    "accounts:account_deactivate": POST,
    "accounts:account_reactivate": POST,
    "accounts:account_send_link": POST,
    "accounts:account_two_factor_reset": POST,
    "units:browser": PUBLIC,
    "units:export": PUBLIC,
    "units:hamlets_import": COORDINATOR,
    "units:hamlets_template": COORDINATOR,
    "units:hamlet_update": POST,
    "units:lineage_import": COORDINATOR,
    "units:boundaries_import": COORDINATOR,
    "units:detail": Rule(frozenset(), public=True, obj="unit"),
    "units:hamlet_create": POST,
    "units:attribute_set": POST,
    "status:register": area(STATUS),
    "status:register_export": area(STATUS),
    "status:record_create": COORDINATOR,
    "status:register_import": COORDINATOR,
    "status:register_template": COORDINATOR,
    "status:history": Rule(frozenset(), public=True, obj="unit"),  # published decisions only
    "status:document": area(STATUS, obj="decision"),  # unpublished: the register's readers in scope
    "legal:list": PUBLIC,
    "legal:detail": Rule(frozenset(), public=True, obj="legal"),
    "legal:edit": POST,
    "legal:create": COORDINATOR,
    "recognition:dossier_list": area(RECOGNITION),
    "recognition:hamlet_models": area(RECOGNITION),
    "recognition:commune_hamlets": area(RECOGNITION, obj="commune"),
    "recognition:hamlet_detail": area(RECOGNITION, obj="hamlet"),
    "recognition:hamlet_value": POST,
    "recognition:hamlet_dossier_create": POST,
    "recognition:hamlet_dossier_step": POST,
    "recognition:dossier_export": area(RECOGNITION),
    "recognition:dossier_create": only(Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER),
    "recognition:dossier_detail": area(RECOGNITION, obj="dossier"),
    "recognition:dossier_transition": POST,
    "recognition:document_add": POST,
    "recognition:posting_add": POST,
    "recognition:council_add": POST,
    "recognition:council_vote": POST,
    "recognition:decision_details": POST,
    "recognition:document_generate": POST,
    "recognition:document_download": area(RECOGNITION, obj="dossier_document"),
    "recognition:document_withdraw": POST,
    "recognition:posting_proof": area(RECOGNITION, obj="posting"),
    "recognition:return_answer": POST,
    "recognition:survey_attach": POST,
    "recognition:procedure_list": SIGNED_IN,  # the procedure (steps, deadlines) is reference, not dossier data
    "recognition:procedure_detail": Rule(SIGNED_IN_ROLES, obj="procedure"),
    "recognition:procedure_step_settings": POST,
    "recognition:templates": COORDINATOR,
    "recognition:template_download": Rule(COORDINATOR.roles, kwargs=(("kind", "to_trinh"),)),
    "recognition:template_deactivate": POST,
    "recognition:revocations": area(RECOGNITION),
    "recognition:revocation_create": POST,
    "maps:public": PUBLIC,
    "maps:boundaries": Rule(frozenset(), public=True, kwargs=(("structure", "2025"),)),
    "maps:unit": Rule(frozenset(), public=True, obj="unit"),  # the unit's public page
    "maps:export": Rule(frozenset(), public=True, kwargs=(("fmt", "geojson"),)),
    "maps:print": Rule(frozenset(), public=True, kwargs=(("fmt", "svg"),)),
    "maps:internal": area(STATUS),
    "maps:internal_export": Rule(area_roles(STATUS, VIEW), kwargs=(("fmt", "geojson"),)),
    # Every signed-in person may ask; the layer holds only the growing areas its selectors let the person see.
    "maps:point_layer": Rule(SIGNED_IN_ROLES, kwargs=(("key", "vung-trong"),)),
    "maps:public_point_layer": Rule(frozenset(), public=True, kwargs=(("key", "vung-trong"),)),
    "notifications:list": SIGNED_IN,
    "notifications:read": POST,
    "assessment:unit": area(ASSESSMENT, obj="unit"),
    "assessment:criterion_save": POST,
    "assessment:value_verify": POST,
    "assessment:value_return": POST,
    "assessment:value_answer": POST,
    "assessment:evidence_add": POST,
    "assessment:evidence": area(ASSESSMENT, obj="evidence"),
    "assessment:overview": area(ASSESSMENT),
    "assessment:overview_export": area(ASSESSMENT),
    "assessment:matrix": area(ASSESSMENT),
    "assessment:matrix_export": area(ASSESSMENT),
    "assessment:matrix_cell": Rule(
        area_roles(ASSESSMENT, VIEW), obj="cell", granted=302
    ),  # to the unit's page
    "assessment:department": DEPARTMENT_VIEW,
    "assessment:department_export": DEPARTMENT_VIEW,
    "assessment:gaps": area(ASSESSMENT),
    "assessment:gaps_export": area(ASSESSMENT),
    # The import page also hands out a department's template to those who follow departments' indicators.
    "assessment:import": Rule(
        DEPARTMENT_VIEW.roles | {Role.COMMUNE_OFFICER},
        overrides=(("officer_b", 403),),  # a phường is not assessed for NTM: nothing to enter
    ),
    # A commune's template is for those who enter its values (its officers, the coordination office): the area's
    # other readers get 403 in scope.
    "assessment:unit_template": Rule(
        area_roles(ASSESSMENT, VIEW),
        obj="entry_unit",
        query="unit",
        overrides=(("department", 403), ("council", 403), ("auditor", 403)),
    ),
    "assessment:department_template": Rule(
        DEPARTMENT_VIEW.roles, obj="department", query="dept", role_refused=403
    ),
    "criteria:list": PUBLIC,
    "criteria:import": COORDINATOR,
    "criteria:detail": Rule(frozenset(), public=True, kwargs=SET_REF),
    "criteria:excel": Rule(SIGNED_IN_ROLES, kwargs=SET_REF),
    "criteria:evaluate": Rule(SIGNED_IN_ROLES, kwargs=SET_REF),
    "criteria:indicator_edit": Rule(COORDINATOR.roles, kwargs=(*SET_REF, ("indicator", "1.1"))),
    "programme:progress": area(PROGRAMME),
    "programme:progress_export": area(PROGRAMME),
    "programme:target_create": COORDINATOR,
    "programme:target_plan_create": COORDINATOR,
    "programme:reporter_rules": area(PROGRAMME, obj="plan"),
    "programme:target": area(PROGRAMME, obj="target"),
    # design.md §1: the coordinator administers plans and targets.
    "programme:target_edit": only(Role.PROVINCE_COORDINATOR, obj="target"),
    "programme:target_toggle": POST,
    "programme:reported_add": POST,
    # The evidence behind a province target: its readers (ntm.programme.selectors.access.can_read_targets).
    "programme:reported_evidence": only(
        Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.AUDITOR, obj="reported"
    ),
    **{
        f"programme:{registry}{suffix}": rule
        for registry in ("cooperatives", "linkage", "services", "managers", "courses", "pilots")
        for suffix, rule in (
            ("", area(PROGRAMME)),
            ("_export", area(PROGRAMME)),
            ("_create", REGISTRY_CREATE[registry]),
            (
                "_edit",
                registry_keepers(
                    registry, {"courses": "course", "pilots": "pilot"}.get(registry, "registry")
                ),
            ),
        )
    },
    "programme:course": programme_row("course"),
    "programme:course_attendance": POST,
    "programme:course_unit_attendance": POST,
    "programme:courses_by_year": area(PROGRAMME),
    "programme:pilot": programme_row("pilot"),
    "programme:pilot_milestone": POST,
    "programme:pilot_evidence": POST,
    "programme:pilot_approval": POST,
    "programme:pilot_evidence_file": programme_row("pilot_evidence"),
    "programme:pilot_approval_file": programme_row("pilot"),
    "programme:plans": area(PROGRAMME),
    "programme:plan_create": POST,
    "programme:plan": programme_row("annual_plan"),
    "programme:plan_update": POST,
    "programme:plan_indicator_add": POST,
    "programme:plan_indicator_remove": POST,
    # A plan's activities and budget lines: GET on the adding address sends the plan's editors back to the plan
    # page; an item's address shows its edit form. Editors: the coordination office, and the officers of the
    # plan's commune; the area's other readers (the department, the auditor) may read the plan but not change it.
    **{
        f"programme:{name}": Rule(
            area_roles(PROGRAMME, VIEW),
            obj=obj,
            granted=granted,
            role_refused=403,
            overrides=(("department", 403), ("auditor", 403)),
        )
        for name, obj, granted in (
            ("plan_activity_add", "annual_plan", 302),
            ("plan_activity", "plan_activity", 200),
            ("plan_budget_add", "annual_plan", 302),
            ("plan_budget", "plan_budget", 200),
        )
    },
    "programme:plan_budget_remove": POST,
    "programme:cycles": area(PROGRAMME),
    # Following a cycle is the coordination office's and the auditor's (ntm.programme.selectors.reports).
    "programme:cycle": Rule(frozenset(FOLLOWERS), obj="cycle", role_refused=403),
    "programme:cycle_consolidate": POST,
    "programme:cycle_remind": POST,
    "programme:cycle_close": POST,
    "programme:cycle_reopen": POST,
    # One's own report in a cycle: the reporters the cycle expects (the world's instruction: departments and every
    # commune-level unit); the coordination office and the auditor report for no one (404); other roles 403.
    "programme:my_report": Rule(
        area_roles(PROGRAMME, VIEW),
        obj="cycle",
        role_refused=403,
        overrides=(("coordinator", 404), ("auditor", 404)),
    ),
    # A report: the followers and its own reporter; a department officer reads it in scope but is neither: 404.
    "programme:report": Rule(
        area_roles(PROGRAMME, VIEW), obj="report", role_refused=403, overrides=(("department", 404),)
    ),
    "programme:report_return": POST,
    "programme:report_attachment": POST,
    "programme:attachment": Rule(
        area_roles(PROGRAMME, VIEW),
        obj="report_attachment",
        role_refused=403,
        overrides=(("department", 404),),
    ),
    "programme:consolidated": Rule(
        frozenset(FOLLOWERS), obj="consolidated", role_refused=403, kwargs=(("kind", "xlsx"),)
    ),
    "audit:list": area(AUDIT),
    "jobs:list": SIGNED_IN,
    # A run attached to a unit: its owner and the roles its kind names (a dossier's document: the dossier's readers).
    "jobs:detail": area(RECOGNITION, obj="job"),
    "jobs:download": area(RECOGNITION, obj="job"),
    "surveys:list": area(SURVEYS),
    "surveys:create": only(Role.FRONT_OFFICER),
    "surveys:household_template": only(Role.FRONT_OFFICER),
    "surveys:detail": area(SURVEYS, obj="campaign"),
    "surveys:edit": only(Role.FRONT_OFFICER, obj="campaign"),
    "surveys:open": POST,
    "surveys:close": POST,
    "surveys:import": POST,
    # The household list names household heads: the Front, and the auditor, who reads everything (design.md §1).
    "surveys:households": HOUSEHOLD_READERS,
    "surveys:households_export": HOUSEHOLD_READERS,
    "surveys:reissue": POST,
    "surveys:purge": POST,
    "surveys:slips": POST,
    # The Front officers assigned to the round (the cast's Front officer is assigned to the one in A).
    "surveys:paper": only(Role.FRONT_OFFICER, obj="campaign"),
    "surveys:paper_discard": POST,
    "surveys:results": area(SURVEYS, obj="campaign"),
    "surveys:results_export": area(SURVEYS, obj="campaign"),
    "surveys:report_docx": area(SURVEYS, obj="campaign"),
    "surveys:answer": PUBLIC,
    "surveys:answer_send": POST,
    "surveys:thanks": PUBLIC,
    "set_language": Rule(
        frozenset(), public=True, granted=302
    ),  # Django's: a GET changes nothing, sends back
    "traceability:areas": area(TRACEABILITY),
    "traceability:area_register": only(Role.PRODUCER),
    "traceability:area": area(TRACEABILITY, obj="area"),
    # the owner, or an officer who may inspect the area (its commune's, the department, the coordinator)
    "traceability:area_stats": area(TRACEABILITY),
    "traceability:portal_export": only(Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER),
    "traceability:area_edit": only(
        Role.PRODUCER, Role.COMMUNE_OFFICER, Role.DEPARTMENT_OFFICER, Role.PROVINCE_COORDINATOR, obj="area"
    ),
    "traceability:code_issue": POST,
    "traceability:code_action": POST,
    "traceability:inspection_add": POST,
    "traceability:lot_create": POST,
    "traceability:lot": area(TRACEABILITY, obj="lot"),
    "traceability:event_add": POST,
    "traceability:event_correct": POST,
    "traceability:labels": POST,
    "traceability:lot_image": POST,
    "traceability:lot_process": POST,
    "traceability:lots_process": only(Role.PRODUCER),
    "traceability:lot_epcis": area(TRACEABILITY, obj="lot"),
    "traceability:lot_fields": Rule(area_roles(TRACEABILITY, VIEW), obj="lot", kwargs=(("fmt", "csv"),)),
    "traceability:trace": Rule(frozenset(), public=True, obj="trace"),
    "traceability:trace_image": Rule(frozenset(), public=True, obj="trace"),  # the lot in A has an image
    "traceability:digital_link": Rule(
        frozenset(), public=True, obj="digital_link", granted=302
    ),  # to the trace page
    # OCOP (design.md §1: the OCOP council scores, the commune pre-checks, the producer owns its records).
    "ocop:catalogue": PUBLIC,
    # The knowledge library: published items are public; drafts and review are the area's; the province publishes.
    "knowledge:public_list": PUBLIC,
    "knowledge:showcase": PUBLIC,
    "knowledge:feed": PUBLIC,
    "knowledge:public_detail": Rule(frozenset(), public=True, obj="published_article"),
    "knowledge:public_awards": PUBLIC,
    "knowledge:public_image": Rule(frozenset(), public=True, obj="published_image"),
    "knowledge:manage_image": Rule(area_roles(KNOWLEDGE, VIEW), obj="article_image", role_refused=403),
    "knowledge:image_add": POST,
    "knowledge:image_remove": POST,
    "knowledge:manage_list": area(KNOWLEDGE),
    "knowledge:article_create": Rule(area_roles(KNOWLEDGE, CHANGE)),
    # Drafts: the area's readers in scope (403 to a role outside the area: the library checks the role first);
    # editing: the area's writers (a commune officer its own commune's good models).
    "knowledge:manage_detail": Rule(area_roles(KNOWLEDGE, VIEW), obj="article", role_refused=403),
    "knowledge:article_edit": Rule(area_roles(KNOWLEDGE, CHANGE), obj="article", role_refused=403),
    "knowledge:article_transition": POST,
    "knowledge:emulation": area(KNOWLEDGE),
    "knowledge:movement_create": KNOWLEDGE_PUBLISHERS,
    "knowledge:movement_detail": Rule(area_roles(KNOWLEDGE, VIEW), obj="movement", role_refused=403),
    "knowledge:participant_add": POST,
    "knowledge:decision_create": KNOWLEDGE_PUBLISHERS,
    "knowledge:decision_detail": Rule(area_roles(KNOWLEDGE, VIEW), obj="award_decision", role_refused=403),
    "knowledge:award_add": POST,
    "knowledge:decision_word": Rule(area_roles(KNOWLEDGE, VIEW), obj="award_decision", role_refused=403),
    "ocop:product": Rule(frozenset(), public=True, obj="product"),
    "ocop:product_qr": Rule(frozenset(), public=True, obj="product"),
    "ocop:register": PUBLIC,
    "ocop:tourism": PUBLIC,
    "ocop:work_list": area(OCOP),
    "ocop:product_create": only(Role.PRODUCER),  # an approved producer's account
    "ocop:evaluation": area(OCOP, obj="evaluation"),
    "ocop:evaluation_submit": POST,
    "ocop:evaluation_precheck": POST,
    "ocop:evaluation_score": only(Role.OCOP_COUNCIL_MEMBER, obj="evaluation"),
    "ocop:evaluation_close": POST,
    "ocop:evaluation_decide": POST,
    "ocop:certificate_revoke": POST,
    "ocop:producers": area(OCOP),
    "ocop:producer_decide": POST,
    "ocop:sheets": area(OCOP),
    "ocop:dashboard": area(OCOP),
    "ocop:dashboard_export": area(OCOP),
    "ocop:certificate_document": area(OCOP, obj="certificate"),
    "ocop:import": COORDINATOR,
    "ocop:tourism_points": area(OCOP),
    "ocop:tourism_point": area(OCOP, obj="tourism_point"),  # staff in scope, and the producer that runs it
    "ocop:import_template": COORDINATOR,
    # A score sheet: the coordinator edits score sheets (403 for everyone else, before the id is looked up).
    "ocop:sheet_export": Rule(COORDINATOR.roles, obj="sheet", role_refused=403),
    "ocop:sheet_import": Rule(COORDINATOR.roles, obj="sheet", role_refused=403),
    # File ids (dossier papers by scope, photos of certified products only): ntm/ocop/tests/test_files.py.
    "ocop:product_photo": Rule(frozenset(), public=True, obj="product_photo"),  # a certified product's photo
    "ocop:tourism_photo": Rule(frozenset(), public=True, obj="tourism_photo"),  # a recognised point's photo
    "ocop:dossier_file": area(OCOP, obj="ocop_dossier_file"),
    "ocop:dossier_file_add": POST,
    "ocop:product_photo_add": POST,
    "ocop:tourism_point_photo_add": POST,
    "ocop:reevaluations": area(OCOP),
    # Minutes (staff of the scope) and decisions (who sees the certificate): ntm/ocop/tests/test_documents.py.
    "ocop:minutes_document": Rule(area_roles(OCOP, VIEW) - {Role.PRODUCER}, obj="minutes"),
    "ocop:decision_document": area(OCOP, obj="ocop_decision"),
    "ocop:reevaluation_open": POST,
    "api-v1:openapi-json": PUBLIC,
    "api-v1:openapi-view": PUBLIC,
    # django-ninja's catch-all under /api/v1/: the API's root is no resource, for anyone.
    "api-v1:api-root": Rule(frozenset(), public=True, granted=404),
}

# --- the table: API operations by "METHOD path" of the OpenAPI document ---------------------------------------------

API = "/api/v1"
ENDPOINTS: dict[str, Rule | Skip | Known] = {
    "GET /api/v1/environment/water-points": area(ENVIRONMENT),
    "GET /api/v1/environment/water-points/{point_id}/samples": area(ENVIRONMENT, obj="point"),
    "GET /api/v1/environment/public/water-points": PUBLIC,
    "GET /api/v1/accounts/me": SIGNED_IN,
    "GET /api/v1/accounts/tokens": SIGNED_IN,
    "GET /api/v1/units/{structure}/{code}/assessment": area(ASSESSMENT, obj="unit"),
    "GET /api/v1/assessment/matrix": area(ASSESSMENT),
    "GET /api/v1/audit/entries": area(AUDIT),
    "GET /api/v1/criteria-sets": PUBLIC,
    "GET /api/v1/criteria-sets/{ref}": Rule(frozenset(), public=True, kwargs=SET_REF),
    "GET /api/v1/jobs": SIGNED_IN,
    "GET /api/v1/jobs/{job_id}": area(RECOGNITION, obj="job"),
    "GET /api/v1/legal-documents": PUBLIC,
    "GET /api/v1/legal-documents/{document_id}": Rule(frozenset(), public=True, obj="legal"),
    "GET /api/v1/map/units": PUBLIC,
    "GET /api/v1/map/internal/units": area(STATUS),
    "GET /api/v1/programme/targets": area(PROGRAMME),
    "GET /api/v1/programme/targets/{target_id}": area(PROGRAMME, obj="target"),
    "GET /api/v1/programme/cooperatives": area(PROGRAMME),
    "GET /api/v1/programme/linkage-models": area(PROGRAMME),
    "GET /api/v1/programme/online-services": area(PROGRAMME),
    "GET /api/v1/programme/managers": area(PROGRAMME),
    "GET /api/v1/programme/training-courses": area(PROGRAMME),
    "GET /api/v1/programme/pilots": area(PROGRAMME),
    "GET /api/v1/programme/cycles": area(PROGRAMME),
    "GET /api/v1/programme/cycles/{cycle_id}": programme_row("cycle"),  # every programme role reads a cycle
    "GET /api/v1/surveys/campaigns": area(SURVEYS),
    "GET /api/v1/surveys/campaigns/{campaign_id}/results": area(SURVEYS, obj="campaign"),
    "GET /api/v1/units": PUBLIC,
    "GET /api/v1/units/{structure}/{code}": Rule(frozenset(), public=True, obj="unit"),
    "GET /api/v1/dossiers": area(RECOGNITION),
    "GET /api/v1/dossiers/{dossier_id}": area(RECOGNITION, obj="dossier"),
    "GET /api/v1/units/{structure}/{code}/status-history": Rule(frozenset(), public=True, obj="unit"),
    "GET /api/v1/traceability/areas": area(TRACEABILITY),
    "GET /api/v1/traceability/areas/{area_id}": area(TRACEABILITY, obj="area"),
    "GET /api/v1/traceability/lots/{lot_id}": area(TRACEABILITY, obj="lot"),
    "GET /api/v1/traceability/lots/{lot_id}/epcis": area(TRACEABILITY, obj="lot"),
    "GET /api/v1/traceability/code-rules": PUBLIC,
    "GET /api/v1/traceability/trace/{code}": Rule(frozenset(), public=True, obj="trace"),
    "GET /api/v1/ocop/products": PUBLIC,
    "GET /api/v1/ocop/products/{product_id}": Rule(frozenset(), public=True, obj="product"),
    "GET /api/v1/ocop/evaluations": area(OCOP),
    "GET /api/v1/ocop/tourism-points": PUBLIC,
    "GET /api/v1/knowledge/articles": PUBLIC,
    "GET /api/v1/knowledge/articles/{article_id}": Rule(frozenset(), public=True, obj="published_article"),
    "GET /api/v1/knowledge/awards": PUBLIC,
    "GET /api/v1/knowledge/movements": area(KNOWLEDGE),
    "GET /api/v1/feedback/inbox": area(FEEDBACK),
    "GET /api/v1/infrastructure/communes": area(INFRASTRUCTURE),
    "GET /api/v1/infrastructure/communes/{unit_id}": area(INFRASTRUCTURE, obj="commune"),
}


# --- enumeration -----------------------------------------------------------------------------------------------------


def _url_names(patterns=None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """Every named route of the URL conf as ``namespace:name`` (Django admin routes are left to Django)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            found += _url_names(pattern.url_patterns, inner or namespace)
        else:
            found.append((f"{namespace}:{pattern.name}" if namespace else str(pattern.name), pattern))
    return found


def _api_operations(client: Client) -> list[str]:
    document = client.get(f"{API}/openapi.json").json()
    return [
        f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations
    ]


def _page_routes() -> list[str]:
    """Pages: the URL conf without the admin and the API's operations (those are checked through OpenAPI)."""
    api_meta = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}
    names = []
    for name, _pattern in _url_names():
        if name.startswith("admin:") or (name.startswith("api-v1:") and name not in api_meta):
            continue
        if name not in names:
            names.append(name)
    return names


# --- the world: one database setup for the module -------------------------------------------------------------------


@dataclass
class World:
    users: dict
    units: dict
    campaigns: dict
    dossiers: dict
    target: object
    areas: dict
    lots: dict
    evaluations: dict
    hamlet: object = None
    hamlet_out: object = None
    feedback: dict | None = None
    legal: object = None
    procedure: object = None
    jobs: dict | None = None
    pilots: dict | None = None
    pilot_evidence: dict | None = None
    registry: dict | None = None
    course: object = None
    water_operator: object = None
    commune_c: object = None
    files: dict | None = None  # by object kind, "in" and "out": the stored files of the rows above


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        cast = make_cast()
        legacy_district = UnitFactory(
            structure=Structure.LEGACY, code="740", name="Huyện Cũ", unit_type="huyen", level=Level.DISTRICT
        )
        district = UserFactory(username="huyen_cu", full_name="Đinh Văn Huyện")
        RoleFactory(user=district, role=Role.DISTRICT_OFFICER, unit=legacy_district)
        council = UserFactory(username="hd_tham_dinh", full_name="Mai Thị Thẩm Định")
        RoleFactory(user=council, role=Role.COUNCIL_MEMBER, unit=cast.province)
        load_shipped()
        plan = load_plan()
        procedures_load()
        legal_documents_load()
        InstanceState.current()  # the singleton the first page creates on read: there before any POST is counted
        commune_c = UnitFactory(code="26440", name="Xã Bình An", parent=cast.province, level=Level.COMMUNE)
        dossiers = {
            "in": make_dossier(cast),
            "out": make_dossier(cast, unit=commune_c, actor=cast.coordinator),
        }
        survey = make_survey(cast, per_hamlet=0, open_it=False)
        out_campaign = campaign_create(
            actor=survey.front_b,
            data=campaign_data(
                cast.commune_b,
                purpose=Purpose.SERVICE,
                recognition_level="",
                service_name="Trạm y tế phường",
                questionnaire_code="dich-vu-thiet-yeu",
            ),
        )
        producer_b = UserFactory(username="htx_b", full_name="HTX Bảo Vinh")
        RoleFactory(user=producer_b, role=Role.PRODUCER, unit=cast.commune_b)
        areas = {
            "in": make_area(cast.producer, cast.commune_a, issuer=cast.department),
            "out": make_area(producer_b, cast.commune_b, issuer=cast.department),
        }
        # The lot in A carries a GTIN (its GS1 Digital Link) and a product image.
        lots = {"in": make_lot(areas["in"], gtin="8934567890120"), "out": make_lot(areas["out"])}
        lots["in"].image.save("anh.png", ContentFile(PNG), save=False)
        lots["in"].image_type = "image/png"
        lots["in"].save()
        survey.campaign.officers.add(
            cast.front
        )  # the round in A: its paper forms are the cast Front officer's
        boundary(cast.commune_a, WEST)
        boundary(cast.commune_b, EAST)
        load_sheets()
        ocop_in = make_evaluation(cast, upto="decided")
        other_owner = producer_b  # the producer of commune B owns records in both apps
        ocop_out = make_evaluation(
            cast,
            upto="submitted",
            producer=make_producer(cast, owner=other_owner, unit=cast.commune_b, name="HTX B"),
        )
        jobs = {which: _dossier_job(cast.coordinator, dossier) for which, dossier in dossiers.items()}
        pilots = {
            which: _pilot(unit, cast.coordinator)
            for which, unit in (("in", cast.commune_a), ("out", cast.commune_b))
        }
        users = {
            "coordinator": cast.coordinator,
            "department": cast.department,
            "officer_a": cast.officer_a,
            "officer_b": cast.officer_b,
            "district": district,
            "front": cast.front,
            "council": council,
            "ocop_council": cast.ocop_council,
            "producer": cast.producer,
            "operator": cast.operator,
            "auditor": cast.auditor,
        }
        yield World(
            users,
            {"in": cast.commune_a, "out": cast.commune_b},
            {"in": survey.campaign, "out": out_campaign},
            dossiers,
            plan.targets.first(),
            areas,
            lots,
            {"in": ocop_in, "out": ocop_out},
            hamlet=survey.hamlets[0],
            hamlet_out=Hamlet.objects.create(unit=cast.commune_b, name="Khu phố Ngoài", kind="khu_pho"),
            feedback={
                "in": make_feedback(cast.commune_a)[0],
                "out": make_feedback(cast.commune_b)[0],
            },
            legal=LegalDocument.objects.order_by("pk").first(),
            procedure=ProcedureVersion.objects.order_by("pk").first(),
            jobs=jobs,
            pilots=pilots,
            pilot_evidence={which: pilot.evidence.get() for which, pilot in pilots.items()},
            registry={
                "cooperatives": {
                    "in": Cooperative.objects.create(unit=cast.commune_a, name="HTX A"),
                    "out": Cooperative.objects.create(unit=cast.commune_b, name="HTX B"),
                },
                "linkage": {
                    which: LinkageModel.objects.create(unit=unit, name=f"LK {which}", key_product="Sầu riêng")
                    for which, unit in (("in", cast.commune_a), ("out", cast.commune_b))
                },
                "services": {
                    which: OnlineService.objects.create(
                        unit=unit,
                        field="health",
                        name=f"DV {which}",
                        url="https://example.org",
                        started_on=dt.date(2025, 1, 1),
                    )
                    for which, unit in (("in", cast.commune_a), ("out", cast.commune_b))
                },
                "managers": {
                    which: Manager.objects.create(
                        unit=unit, full_name=f"Trần {which}", position="Phó Chủ tịch"
                    )
                    for which, unit in (("in", cast.commune_a), ("out", cast.commune_b))
                },
            },
            files=_stored_files(cast, dossiers, commune_c, {"in": ocop_in, "out": ocop_out}),
            water_operator=cast.water_operator,
            commune_c=commune_c,
            course=TrainingCourse.objects.create(
                unit=cast.province,
                title="Khóa A",
                organiser="VPĐP",
                starts_on=dt.date(2025, 1, 1),
                ends_on=dt.date(2025, 1, 2),
            ),
        )
        transaction.set_rollback(True)


def _dossier_job(owner, dossier):
    """A finished run that generated a document of ``dossier`` (attached to its unit), with its result file."""
    job = Job.objects.create(
        owner=owner, kind="recognition.document", label="x", unit=dossier.unit, status=JobStatus.SUCCEEDED
    )
    job.result_file.save("to-trinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
    job.result_name, job.result_type = "to-trinh.pdf", "application/pdf"
    job.save()
    return job


# The URL argument naming each object of ``World.files``.
FILE_KEYS = {
    "decision": "record_id",
    "dossier_document": "document_id",
    "posting": "posting_id",
    "evidence": "evidence_id",
    "feedback_photo": "pk",
    "planning": "record_id",
    "planning_document": "document_id",
    "point": "point_id",
    "sample": "sample_id",
    "facility": "facility_id",
    "article": "pk",
    "published_article": "pk",
    "annual_plan": "pk",
    "cycle": "pk",
    "report": "pk",
    "report_attachment": "pk",
    "reported": "pk",
    "ocop_dossier_file": "pk",
    "product_photo": "photo_id",
    "movement": "pk",
    "award_decision": "pk",
    "tourism_point": "pk",
    "sheet": "pk",
    "consolidated": "pk",
}


PNG = b"\x89PNG\r\n\x1a\n"


def _pdf(name: str = "tep.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF", content_type="application/pdf")


def _stored_files(cast, dossiers, commune_c, evaluations) -> dict:
    """Rows with a stored file, in an in-scope and an out-of-scope unit: unpublished decisions, dossier documents
    and posting proofs, indicator-value evidence, feedback photos, planning records with a document and a map."""
    files = {
        kind: {}
        for kind in (
            *FILE_KEYS,
            "article_image",
            "published_image",
            "tourism_photo",
            "plan_activity",
            "plan_budget",
        )
    }
    for which, unit in (("in", cast.commune_a), ("out", commune_c)):  # a phường has no NTM status
        files["decision"][which] = status_record_create(
            unit=unit,
            level="ntm",
            decision_number=f"QĐ {which}/QĐ-UBND",
            decision_date=dt.date(2020, 1, 2),
            source="register",
            is_published=False,
            document=_pdf(),
        )
    for which, unit in (("in", cast.commune_a), ("out", cast.commune_b)):
        item = Feedback.objects.filter(unit=unit).order_by("pk").first()
        item.photo.save("anh.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        item.mime_type = "image/png"
        item.save()
        files["feedback_photo"][which] = item
    for which, unit in (("in", cast.commune_a), ("out", commune_c)):
        record = PlanningRecord.objects.create(
            unit=unit,
            title="Quy hoạch chung xã",
            decision_number=f"QĐ {which}/QĐ-UBND",
            decision_date=dt.date(2024, 1, 2),
            issuer="UBND tỉnh",
            created_by=cast.coordinator,
        )
        PlanningMap.objects.create(
            record=record, original_name="ban-do.geojson", features=[], uploaded_by=cast.coordinator
        )
        files["planning"][which] = record
        files["planning_document"][which] = PlanningDocument.objects.create(
            record=record,
            kind="decision",
            file=ContentFile(b"%PDF-1.4", name="qd.pdf"),
            original_name="qd.pdf",
            mime_type="application/pdf",
            uploaded_by=cast.coordinator,
        )
    for which, unit, officer in (
        ("in", cast.commune_a, cast.officer_a),
        ("out", cast.commune_b, cast.officer_b),
    ):
        files["article"][which] = article_save(actor=officer, article=None, data=good_model_data(unit))
    files["published_article"]["in"] = published(
        cast.coordinator, cast.coordinator, good_model_data(cast.province, title="Tin tỉnh")
    )
    programme = TargetPlan.objects.get(code="ke-hoach-202")  # loaded by load_plan() in the world
    for which, unit, officer in (
        ("in", cast.commune_a, cast.officer_a),
        ("out", cast.commune_b, cast.officer_b),
    ):
        plan = annual_plan_create(
            actor=officer, programme=programme, year=2026, unit=unit, title=f"KH 2026 {unit.name}"
        )
        files["annual_plan"][which] = plan
        files["plan_activity"][which] = PlanActivity.objects.create(
            plan=plan, task=programme.tasks.order_by("position").first(), description="Tuyên truyền"
        )
        files["plan_budget"][which] = BudgetLine.objects.create(
            plan=plan, source=BudgetSource.values[0], description="Kinh phí tuyên truyền", planned=100
        )
    cycle, _created = cycle_open(period=cycles.period_for(cycles.ANNUAL, 2026, programme.rules()))
    report = report_start(
        actor=cast.officer_a, cycle=cycle, reporter=Reporter(cast.commune_a.pk, None, cast.commune_a.name)
    )
    files["cycle"]["in"], files["report"]["in"] = cycle, report
    files["report_attachment"]["in"] = report_attachment_add(
        actor=cast.officer_a, report=report, upload=_pdf()
    )
    files["reported"]["in"] = reported_actual_add(
        actor=cast.coordinator,
        target=programme.targets.get(code="KH202-14"),
        as_of=dt.date(2025, 12, 31),
        numerator=9,
        denominator=10,
        evidence=_pdf(),
    )
    for which, evaluation in evaluations.items():
        files["ocop_dossier_file"][which] = DossierFile.objects.create(
            evaluation=evaluation,
            kind="registration_form",
            file=ContentFile(b"%PDF-1.4", name="phieu-dang-ky.pdf"),
            original_name="phieu-dang-ky.pdf",
            mime_type="application/pdf",
            uploaded_by=cast.producer,
        )
    files["product_photo"]["in"] = ProductPhoto.objects.create(
        product=evaluations["in"].product,
        file=ContentFile(PNG, name="anh.png"),
        original_name="anh.png",
        mime_type="image/png",
        uploaded_by=cast.producer,
    )
    for which, evaluation in evaluations.items():
        files["tourism_point"][which] = TourismPoint.objects.create(
            name=f"Điểm du lịch {which}",
            unit=evaluation.product.producer.unit,
            producer=evaluation.product.producer,
            # the certified product in A makes its point a recognised one, whose photos are public
            product=evaluation.product if which == "in" else None,
            address="Ấp 1",
            services="Tham quan vườn",
            capacity=50,
        )
    files["tourism_photo"]["in"] = TourismPointPhoto.objects.create(
        point=files["tourism_point"]["in"],
        file=ContentFile(PNG, name="anh.png"),
        original_name="anh.png",
        mime_type="image/png",
        uploaded_by=cast.producer,
    )
    files["sheet"]["in"] = ScoreSheet.objects.order_by("pk").first()
    files["consolidated"]["in"] = ConsolidatedReport.objects.create(
        cycle=cycle,
        xlsx=ContentFile(b"PK\x03\x04", name="tong-hop.xlsx"),
        generated_by=cast.coordinator,
    )
    for which, article in (*files["article"].items(), ("published", files["published_article"]["in"])):
        image = ArticleImage.objects.create(
            article=article,
            file=ContentFile(PNG, name="anh.png"),
            original_name="anh.png",
            mime_type="image/png",
            uploaded_by=cast.coordinator,
        )
        if which == "published":
            files["published_image"]["in"] = image
        else:
            files["article_image"][which] = image
    for which, unit in (("in", cast.commune_a), ("out", cast.commune_b)):
        files["movement"][which] = Movement.objects.create(
            title=f"Phong trào {which}",
            unit=unit,
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 12, 31),
        )
        files["award_decision"][which] = AwardDecision.objects.create(
            unit=unit,
            number=f"{which}/QĐ-UBND",
            decided_on=dt.date(2025, 12, 1),
            issuing_body=f"UBND {unit.name}",
            place="Đồng Nai",
            reason="Thành tích xây dựng nông thôn mới",
            signer_title="Chủ tịch",
            created_by=cast.coordinator,
        )
    catalogues_load_shipped()
    for which, unit, officer in (
        ("in", cast.commune_a, cast.officer_a),
        ("out", cast.commune_b, cast.officer_b),
    ):
        point = water_point_create(
            actor=officer, unit=unit, code=f"ns-{unit.code}-01", name="Trạm cấp nước", kind="centralised"
        )
        report = LabReport.objects.create(
            file=ContentFile(b"%PDF-1.4", name="phieu.pdf"),
            original_name="phieu.pdf",
            mime_type="application/pdf",
            uploaded_by=officer,
        )
        files["point"][which] = point
        files["sample"][which] = sample_record(
            actor=officer,
            point=point,
            sampled_on=dt.date(2025, 3, 2),
            laboratory="CDC Đồng Nai",
            values={"ph": "7"},
            report=report,
        )
        files["facility"][which] = Facility.objects.create(
            unit=unit, name="Trại heo", kind="livestock", created_by=officer
        )
    for which, dossier in dossiers.items():
        files["dossier_document"][which] = DossierDocument.objects.create(
            dossier=dossier,
            step_code="x",
            code="x",
            name="Tờ trình",
            file=ContentFile(b"%PDF-1.4", name="to-trinh.pdf"),
            original_name="to-trinh.pdf",
            mime_type="application/pdf",
            uploaded_by=cast.coordinator,
        )
        files["posting"][which] = PostingEntry.objects.create(
            dossier=dossier,
            step_code="x",
            posted_on=dt.date(2025, 1, 2),
            place="Nhà văn hóa",
            method="notice_board",
            file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"),
            original_name="bien-ban.pdf",
            mime_type="application/pdf",
            uploaded_by=cast.coordinator,
        )
    for which, unit, officer in (
        ("in", cast.commune_a, cast.officer_a),
        ("out", commune_c, cast.coordinator),
    ):
        value = value_set(
            unit=unit, year=2025, set_code="xa-ntm-2021-2025", indicator_code="3.1", value=85, actor=officer
        )
        files["evidence"][which] = evidence_add(value=value, upload=_pdf("bien-ban.pdf"), actor=officer)
    return files


def _pilot(unit, coordinator):
    """A pilot of ``unit`` with an evidence file and a stored approval decision."""
    pilot = PilotModel.objects.create(kind="outstanding_field", unit=unit, name=f"Mô hình {unit.code}")
    pilot.approval_document.save("qd.pdf", ContentFile(b"%PDF-1.4"), save=True)
    PilotEvidence.objects.create(
        pilot=pilot,
        file=ContentFile(b"%PDF-1.4", name="bien-ban.pdf"),
        original_name="bien-ban.pdf",
        mime_type="application/pdf",
        uploaded_by=coordinator,
    )
    return pilot


def _kwargs(world: World, pattern: URLPattern, rule: Rule, which: str | None) -> dict:
    keys = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    if rule.obj == "unit":
        unit = world.units[which]
        return {"structure": unit.structure, "code": unit.code}
    if rule.obj == "commune":
        return {"unit_id": world.units[which].pk, **dict(rule.kwargs)}
    if rule.obj == "campaign":
        return {"pk": world.campaigns[which].pk}
    if rule.obj == "dossier":
        return {"dossier_id": world.dossiers[which].pk}
    if rule.obj == "target":
        return {"pk": world.target.pk}
    if rule.obj == "plan":
        return {"pk": world.target.plan_id}
    if rule.obj == "account":
        return {"user_id": world.users["officer_a"].pk}
    if rule.obj == "legal":
        return {"document_id": world.legal.pk}
    if rule.obj == "procedure":
        return {"version_id": world.procedure.pk}
    if rule.obj in ("area", "lot"):
        return {"pk": getattr(world, f"{rule.obj}s")[which].pk, **dict(rule.kwargs)}
    if rule.obj == "trace":
        return {"code": world.lots[which].code}
    if rule.obj == "evaluation":
        return {"pk": world.evaluations[which].pk}
    if rule.obj == "product":
        return {"pk": world.evaluations[which].product_id}
    if rule.obj == "feedback":
        return {"pk": world.feedback[which].pk}
    if rule.obj == "hamlet":
        return {"hamlet_id": (world.hamlet if which == "in" else world.hamlet_out).pk}
    if rule.obj == "certificate":
        return {"pk": world.evaluations[which].product.certificates.get().pk, "kind": "docx"}
    if rule.obj == "job":
        return {"job_id": world.jobs[which].pk}
    if rule.obj == "pilot":
        return {"pk": world.pilots[which].pk}
    if rule.obj == "pilot_evidence":
        return {"evidence_id": world.pilot_evidence[which].pk}
    if rule.obj == "registry":
        return {"pk": world.registry[pattern.default_args["kind"]][which].pk}
    if rule.obj == "course":
        return {"pk": world.course.pk}
    if rule.obj == "water_operator":
        return {"organisation_id": world.water_operator.pk}
    if rule.obj in ("minutes", "ocop_decision"):
        evaluation = world.evaluations[which]
        pk = evaluation.pk if rule.obj == "minutes" else evaluation.product.certificates.get().decision_id
        return {"pk": pk, "kind": "docx"}
    if rule.obj == "product_photo":
        photo = world.files["product_photo"][which]
        return {"pk": photo.product_id, "photo_id": photo.pk}
    if rule.obj in ("article_image", "published_image"):
        image = world.files[rule.obj][which]
        return {"pk": image.article_id, "image_id": image.pk}
    if rule.obj in ("plan_activity", "plan_budget"):
        item = world.files[rule.obj][which]
        return {"pk": item.plan_id, ("activity_id" if rule.obj == "plan_activity" else "line_id"): item.pk}
    if rule.obj == "tourism_photo":
        photo = world.files["tourism_photo"][which]
        return {"pk": photo.point_id, "photo_id": photo.pk}
    if rule.obj == "cell":
        version = CriteriaSetVersion.objects.filter(code="xa-ntm-2021-2025").latest("version")
        code = world.units[which].code
        return {"version_id": version.pk, "year": 2025, "code": code, "criterion": "1"}
    if rule.obj == "digital_link":
        lot = world.lots[which]
        return {"gtin": lot.gtin, "lot": lot.code}
    if rule.query:
        return dict(rule.kwargs)
    if rule.obj in FILE_KEYS:
        return {FILE_KEYS[rule.obj]: world.files[rule.obj][which].pk, **dict(rule.kwargs)}
    assert set(dict(rule.kwargs)) == keys, f"{pattern} takes {keys}: give its row an obj, kwargs or a Skip"
    return dict(rule.kwargs)


def _query(world: World, rule: Rule, which: str | None) -> str:
    """``?name=key`` of a route that takes its object in the query string (a commune's code, a department's)."""
    if rule.query is None:
        return ""
    if rule.obj == "entry_unit":
        key = (world.units["in"] if which == "in" else world.commune_c).code
    else:
        key = COMMUNE_OF[rule.obj][which]  # a department's code
    return "?" + urlencode({rule.query: key})


# A GET stores nothing anyone decides on (a link, a prefetch or another site's image tag may send one), only what
# keeps the system running: these tables, and the sessions and sign-in log ``_row_counts`` leaves out.
GET_MAY_STORE = {
    "assessment_evaluationcache": "the evaluation cache (derived from the values, rebuilt at will)",
    "surveys_ratecounter": "rate-limit counters",
    "otp_totp_totpdevice": "the unconfirmed authenticator the set-up page shows (confirmed by its first code)",
}


def _check(client: Client, world: World, route: str, rule: Rule, url_for) -> list[str]:
    """Request the route as every actor (and for each unit of an id route); the mismatches, described, and the
    rows the GETs stored (``GET_MAY_STORE`` aside)."""
    wrong = []
    api = route.startswith("GET /api/") or route.startswith("api-v1:")
    before = _row_counts()
    for which in COMMUNE_OF[rule.obj] if rule.obj else (None,):
        url = url_for(which)
        for actor in ACTORS:
            client.logout()
            if actor != ANONYMOUS:
                client.force_login(world.users[actor])
            status = client.get(url).status_code
            expected = rule.expected(actor, which, api and not rule.public)
            if status != expected:
                wrong.append(f"{actor} {url}: {status}, expected {expected}")
    after = _row_counts()
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t] and t not in GET_MAY_STORE}
    if changed:
        wrong.append(f"a GET stored rows: {changed}")
    return wrong


def _outcome(row, wrong: list[str], route: str) -> None:
    if isinstance(row, Known):
        if wrong:
            pytest.xfail(f"KNOWN {route}: {row.reason}: " + "; ".join(wrong))
        pytest.fail(f"{route} is marked KNOWN ({row.reason}) but now matches the table: remove the mark")
    assert not wrong, f"{route}:\n" + "\n".join(wrong)


# --- the tests -------------------------------------------------------------------------------------------------------


def test_every_route_has_a_row(client, db):
    routes, operations = _page_routes(), _api_operations(client)  # read once: OpenAPI is built per request
    missing_pages = [name for name in routes if name not in PAGES]
    missing_api = [op for op in operations if op.startswith("GET ") and op not in ENDPOINTS]
    stale = [name for name in PAGES if name not in routes]
    stale += [op for op in ENDPOINTS if op not in operations]
    assert not missing_pages + missing_api, (
        f"routes without a row in the permission matrix: {missing_pages + missing_api}"
    )
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_no_get_route_is_left_out():
    """Every page and GET endpoint is checked: a ``Skip`` is only for a route that answers nothing on GET."""
    skipped = [name for name, row in PAGES.items() if isinstance(row, Skip) and row is not POST]
    skipped += [operation for operation, row in ENDPOINTS.items() if isinstance(row, Skip)]
    assert not skipped, f"GET routes left out of the permission matrix: {skipped}"


@pytest.mark.parametrize("route", sorted(PAGES))
def test_page(route, world, db, client):
    row = PAGES[route]
    if row is POST:  # the mark is checked: such a route shows nothing on GET (its refusals: the POST column)
        post_row = POSTS[route]
        url = reverse(route) if isinstance(post_row, Skip) else _post_url(world, route, post_row, "in")
        client.force_login(world.users["coordinator"])
        status = client.get(url).status_code
        assert status == 405, f"{route} is marked POST only, but GET {url} answers {status}"
        return
    if isinstance(row, Skip):
        pytest.skip(f"{route}: {row.reason}")
    rule = row.rule if isinstance(row, Known) else row
    pattern = dict(_url_names())[route]
    wrong = _check(
        client,
        world,
        route,
        rule,
        lambda which: (
            reverse(route, kwargs=_kwargs(world, pattern, rule, which)) + _query(world, rule, which)
        ),
    )
    _outcome(row, wrong, route)


@pytest.mark.parametrize("operation", sorted(ENDPOINTS))
def test_endpoint(operation, world, db, client):
    row = ENDPOINTS[operation]
    if isinstance(row, Skip):
        pytest.skip(f"{operation}: {row.reason}")
    rule = row.rule if isinstance(row, Known) else row
    path = operation.split(" ", 1)[1]

    def url_for(which):
        if rule.obj == "unit":
            unit = world.units[which]
            return path.replace("{structure}", unit.structure).replace("{code}", unit.code)
        if rule.obj == "commune":
            return path.replace("{unit_id}", str(world.units[which].pk))
        if rule.obj == "campaign":
            return path.replace("{campaign_id}", str(world.campaigns[which].pk))
        if rule.obj == "dossier":
            return path.replace("{dossier_id}", str(world.dossiers[which].pk))
        if rule.obj == "target":
            return path.replace("{target_id}", str(world.target.pk))
        if rule.obj == "legal":
            return path.replace("{document_id}", str(world.legal.pk))
        if rule.obj == "area":
            return path.replace("{area_id}", str(world.areas[which].pk))
        if rule.obj == "lot":
            return path.replace("{lot_id}", str(world.lots[which].pk))
        if rule.obj == "trace":
            return path.replace("{code}", world.lots[which].code)
        if rule.obj == "product":
            return path.replace("{product_id}", str(world.evaluations[which].product_id))
        if rule.obj == "job":
            return path.replace("{job_id}", str(world.jobs[which].pk))
        if rule.obj == "point":
            return path.replace("{point_id}", str(world.files["point"][which].pk))
        if rule.obj == "cycle":
            return path.replace("{cycle_id}", str(world.files["cycle"][which].pk))
        if rule.obj == "published_article":
            return path.replace("{article_id}", str(world.files["published_article"][which].pk))
        url = path
        for key, value in rule.kwargs:
            url = url.replace(f"{{{key}}}", value)
        return url

    _outcome(row, _check(client, world, operation, rule, url_for), operation)


@pytest.mark.parametrize("route", ADMIN_PAGES)
def test_admin(route, world, db, client):
    """The Django admin's routes are not in the table one by one: no role of the cast is staff, so a sample of them
    sends everyone (anonymous included) to the admin's sign-in page; the rest are Django's and reported here."""
    wrong = []
    for actor in ACTORS:
        client.logout()
        if actor != ANONYMOUS:
            client.force_login(world.users[actor])
        response = client.get(reverse(route))
        if response.status_code != 302 or reverse("admin:login") not in response["Location"]:
            wrong.append(f"{actor}: {response.status_code} {response.get('Location', '')}")
    assert not wrong, f"{route}:\n" + "\n".join(wrong)


def test_admin_routes_are_reported():
    others = sorted({name for name, _pattern in _url_names() if name.startswith("admin:")} - set(ADMIN_PAGES))
    pytest.skip(f"{len(others)} other Django admin routes: {ADMIN}; sampled by test_admin")


# --- the POST column: every state-changing route refuses, and nothing changes ----------------------------------------
#
# For each route that changes state (the ``POST`` rows above and the API's writes), written by hand:
# - anonymous → 302 to the sign-in page (pages) or 401 (API);
# - an outsider, the producer (design.md §1: it owns its own records and sees no assessment, dossier, survey,
#   programme, register or audit data) → 403 on a route not about one object, 404 on the id of a row that exists
#   (convention above; on an id no row has, 403 or 404: neither tells anything);
# - where the route is about one object of a unit, a role that may change such objects but holds another unit
#   (``out``: actor, and the object it asks for) → 404;
# and after each refusal every table holds the rows it held before and the audit log (every write is audited)
# has no new entry.


@dataclass(frozen=True)
class PostRow:
    obj: str | None = None  # the world object the id names: "campaign", "dossier", "target", "unit", "hamlet"
    out: str | None = None  # the actor of the out-of-scope check (asks for the object outside its scope)
    outsider: bool = (
        True  # False: any signed-in person may use it (their own tokens, notifications, language)
    )
    dummy: tuple[tuple[str, object], ...] = ()  # ids of objects not built here (they answer 404 in any case)
    body: str = "{}"  # the API's JSON body: well formed, so the refusal is about who asks, not the data


NOT_STATE = "changes nothing stored"
PUBLIC_POST = "public by design (the slip's code in the body is the credential); covered in ntm/surveys/tests"
DOSSIER_POST = PostRow(obj="dossier", out="officer_a")
CAMPAIGN_POST = PostRow(obj="campaign", out="front")
UNIT_POST = PostRow(obj="unit", out="officer_a")
ID = 999_999  # an id no row has

POSTS: dict[str, PostRow | Skip] = {
    "site:audit_export": PostRow(),
    "feedback:answer": PostRow(obj="feedback", out="officer_a"),
    "open_data:rebuild": PostRow(),
    "accounts:logout": PostRow(outsider=False),
    "accounts:token_create": PostRow(outsider=False),
    "accounts:token_revoke": PostRow(outsider=False, dummy=(("token_id", ID),)),
    "units:hamlet_update": PostRow(obj="hamlet"),
    "recognition:hamlet_value": PostRow(obj="hamlet"),
    "recognition:hamlet_dossier_create": PostRow(obj="hamlet"),
    "recognition:hamlet_dossier_step": PostRow(dummy=(("dossier_id", ID),)),
    "units:hamlet_create": PostRow(obj="unit"),
    "units:attribute_set": PostRow(obj="unit"),
    "legal:edit": PostRow(dummy=(("document_id", ID),)),
    "recognition:dossier_transition": DOSSIER_POST,
    "recognition:document_add": DOSSIER_POST,
    "recognition:posting_add": DOSSIER_POST,
    "recognition:council_add": DOSSIER_POST,
    "recognition:council_vote": DOSSIER_POST,
    "recognition:decision_details": DOSSIER_POST,
    "recognition:document_generate": DOSSIER_POST,
    "recognition:document_withdraw": PostRow(dummy=(("document_id", ID),)),
    "recognition:return_answer": PostRow(dummy=(("reason_id", ID),)),
    "recognition:survey_attach": DOSSIER_POST,
    "recognition:template_deactivate": PostRow(dummy=(("override_id", ID),)),
    "recognition:procedure_step_settings": PostRow(dummy=(("version_id", ID), ("step_code", "x"))),
    "recognition:revocation_create": PostRow(),
    "notifications:read": PostRow(outsider=False),
    "assessment:criterion_save": PostRow(obj="unit", out="officer_a", dummy=(("criterion", "1"),)),
    "assessment:value_verify": PostRow(dummy=(("value_id", ID),)),
    "assessment:value_return": PostRow(dummy=(("value_id", ID),)),
    "assessment:value_answer": PostRow(dummy=(("value_id", ID),)),
    "assessment:evidence_add": PostRow(dummy=(("value_id", ID),)),
    "programme:target_toggle": PostRow(obj="target"),
    "programme:reported_add": PostRow(obj="target"),
    **{
        name: PostRow(dummy=(("pk", ID),))
        for name in ("programme:pilot_milestone", "programme:pilot_evidence", "programme:pilot_approval")
    },
    "programme:plan_create": PostRow(),
    **{
        name: PostRow(dummy=(("pk", ID), *extra))
        for name, extra in (
            ("programme:plan_indicator_add", ()),
            ("programme:plan_indicator_remove", (("indicator_id", ID),)),
            ("programme:plan_activity_add", ()),
            ("programme:plan_activity", (("activity_id", ID),)),
            ("programme:plan_budget_add", ()),
            ("programme:plan_budget", (("line_id", ID),)),
            ("programme:plan_budget_remove", (("line_id", ID),)),
            ("programme:cycle_consolidate", ()),
            ("programme:cycle_remind", ()),
            ("programme:cycle_close", ()),
            ("programme:cycle_reopen", ()),
            ("programme:report_return", ()),
            ("programme:report_attachment", ()),
        )
    },
    "surveys:open": CAMPAIGN_POST,
    "surveys:close": CAMPAIGN_POST,
    "surveys:import": CAMPAIGN_POST,
    "surveys:reissue": PostRow(obj="campaign", out="front", dummy=(("household_id", ID),)),
    "surveys:purge": CAMPAIGN_POST,
    "surveys:slips": CAMPAIGN_POST,
    "surveys:paper_discard": PostRow(obj="campaign", out="front", dummy=(("draft_id", ID),)),
    "surveys:answer_send": Skip(PUBLIC_POST),
    "set_language": Skip(NOT_STATE + " (a cookie)"),
    # Accounts are the coordinator's (an id no row has: 403 or 404 both tell nothing).
    **{
        f"accounts:{name}": PostRow(dummy=(("user_id", ID), *extra))
        for name, extra in (
            ("role_add", ()),
            ("role_remove", (("role_id", ID),)),
            ("account_deactivate", ()),
            ("account_reactivate", ()),
            ("account_send_link", ()),
            ("account_two_factor_reset", ()),
        )
    },
    "environment:point_status": PostRow(dummy=(("point_id", ID),)),
    "infrastructure:asset_check": PostRow(dummy=(("asset_id", ID),)),
    "infrastructure:document_add": PostRow(dummy=(("record_id", ID),)),
    "infrastructure:map_upload": PostRow(dummy=(("record_id", ID),)),
    **{
        f"programme:{name}": PostRow(dummy=(("pk", ID),))
        for name in ("course_unit_attendance", "course_attendance", "plan_update")
    },
    **{
        f"knowledge:{name}": PostRow(dummy=(("pk", ID),))
        for name in ("article_transition", "participant_add", "award_add", "image_add")
    },
    "knowledge:image_remove": PostRow(dummy=(("pk", ID), ("image_id", ID))),
    "feedback:holiday_remove": PostRow(dummy=(("pk", ID),)),
    **{
        f"traceability:{name}": PostRow(dummy=(("pk", ID), *extra))
        for name, extra in (
            ("code_issue", ()),
            ("code_action", ()),
            ("inspection_add", ()),
            ("lot_create", ()),
            ("event_add", ()),
            ("event_correct", (("event_id", "x"),)),
            ("labels", ()),
            ("lot_image", ()),
            ("lot_process", ()),
        )
    },
    **{
        f"ocop:{name}": PostRow(dummy=(("pk", ID),))
        for name in (
            "evaluation_submit",
            "evaluation_precheck",
            "evaluation_close",
            "evaluation_decide",
            "certificate_revoke",
            "producer_decide",
            "dossier_file_add",
            "product_photo_add",
            "tourism_point_photo_add",
            "reevaluation_open",
        )
    },
    # The API's writes, by "METHOD path".
    "POST /api/v1/accounts/tokens": PostRow(outsider=False),
    "POST /api/v1/accounts/tokens/{token_id}/revoke": PostRow(outsider=False, dummy=(("token_id", ID),)),
    "PUT /api/v1/units/{structure}/{code}/assessment/{indicator}": PostRow(
        obj="unit", out="officer_a", dummy=(("indicator", "1.1"),), body='{"value": 1}'
    ),
    "POST /api/v1/evaluate": Skip(NOT_STATE + " (a self-assessment evaluated and answered, never stored)"),
    "POST /api/v1/surveys/answers/form": Skip(PUBLIC_POST),
    "POST /api/v1/surveys/answers": Skip(PUBLIC_POST),
    "POST /api/v1/feedback/status": Skip(
        NOT_STATE + " (public by design: the tracking code in the body is the credential; ntm/feedback/tests)"
    ),
    "POST /api/v1/dossiers/{dossier_id}/transitions": PostRow(
        obj="dossier", out="officer_a", body='{"action": "submit", "expected_state": "draft"}'
    ),
}

# The object each ``out`` actor asks for: the one of its kind in a unit outside its scope.
OUT_OBJECT = {"dossier": "out", "campaign": "out", "unit": "out", "feedback": "out"}


def _row_counts() -> dict[str, int]:
    """Every table's row count in one query (PostgreSQL and SQLite), sessions and the sign-in log left out (signing
    in writes them)."""
    from django.db import connection

    signing_in = {"django_session", "axes_accesslog"}
    tables = [t for t in connection.introspection.table_names() if t not in signing_in]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608 (table names from introspection)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _write_routes(client: Client) -> list[str]:
    """Routes that must have a POST row: POST-only pages and the API's writes (a page that shows a form on GET
    and writes on POST may have one too)."""
    pages = [name for name in _page_routes() if PAGES.get(name) is POST]
    api = [op for op in _api_operations(client) if not op.startswith("GET ")]
    return pages + api


def _post_url(world: World, route: str, row: PostRow, which: str) -> str:
    dummy = dict(row.dummy)
    if row.obj == "unit":
        unit = world.units[which]
        ids = {"structure": unit.structure, "code": unit.code}
    elif row.obj == "dossier":
        ids = {"dossier_id": world.dossiers[which].pk}
    elif row.obj == "campaign":
        ids = {"pk": world.campaigns[which].pk}
    elif row.obj == "target":
        ids = {"pk": world.target.pk}
    elif row.obj == "feedback":
        ids = {"pk": world.feedback[which].pk}
    elif row.obj == "hamlet":
        ids = {"hamlet_id": world.hamlet.pk}
    else:
        ids = {}
    ids |= dummy
    if route.startswith(("POST ", "PUT ")):
        path = route.split(" ", 1)[1]
        for key, value in ids.items():
            path = path.replace(f"{{{key}}}", str(value))
        return path
    return reverse(route, kwargs=ids)


def test_every_write_route_has_a_post_row(client, db):
    routes = _write_routes(client)
    missing = [route for route in routes if route not in POSTS]
    stale = [route for route in POSTS if route not in routes and not isinstance(PAGES.get(route), Rule)]
    assert not missing, f"state-changing routes without a row in POSTS: {missing}"
    assert not stale, f"POSTS rows for routes that no longer exist or no longer write: {stale}"


@pytest.mark.parametrize("route", sorted(POSTS))
def test_post_refusal(route, world, db, client):
    row = POSTS[route]
    if isinstance(row, Skip):
        pytest.skip(f"{route}: {row.reason}")
    api = route.startswith(("POST ", "PUT "))
    method = route.split(" ", 1)[0].lower() if api else "post"
    checks = [(ANONYMOUS, "in", {401 if api else 302})]
    if row.outsider:
        checks.append(("producer", "in", {404} if row.obj else {403, 404} if row.dummy else {403}))
    if row.out:
        checks.append((row.out, OUT_OBJECT[row.obj], {404}))
    wrong = []
    for actor, which, expected in checks:
        client.logout()
        if actor != ANONYMOUS:
            client.force_login(world.users[actor])
        url = _post_url(world, route, row, which)
        before = _row_counts()
        if api:
            response = getattr(client, method)(url, data=row.body, content_type="application/json")
        else:
            response = client.post(url, {})
        status = response.status_code
        if status not in expected:
            wrong.append(
                f"{actor} {method.upper()} {url}: {status}, expected {' or '.join(map(str, expected))}"
            )
        elif status == 302 and not response["Location"].startswith(reverse("accounts:login")):
            wrong.append(f"{actor} {url}: redirected to {response['Location']}, not to the sign-in page")
        after = _row_counts()
        changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
        if changed:
            wrong.append(f"{actor} {url}: rows changed {changed}")
    assert not wrong, f"{route}:\n" + "\n".join(wrong)


# --- and a POST to every page: a page may show a form on GET and write on POST ---------------------------------------

REFUSALS = frozenset({302, 403, 404})


@pytest.mark.parametrize(
    "route", sorted(name for name, row in PAGES.items() if isinstance(row, Rule) and not row.public)
)
def test_page_post_refusal(route, world, db, client):
    """Whoever the table refuses a page on GET (anonymous: to the sign-in page; a role or a scope: 403 or 404) is
    refused a POST to it the same way, or answered 405, and nothing is stored: a form's write is guarded like its
    page."""
    rule = PAGES[route]
    pattern = dict(_url_names())[route]
    before = _row_counts()
    wrong = []
    for which in COMMUNE_OF[rule.obj] if rule.obj else (None,):
        url = reverse(route, kwargs=_kwargs(world, pattern, rule, which)) + _query(world, rule, which)
        for actor in ACTORS:
            expected = rule.expected(actor, which, api=False)
            if expected not in REFUSALS or (expected == 302 and actor != ANONYMOUS):
                continue  # admitted: what it may write is the app's own tests' (ntm/*/tests/test_roles.py)
            client.logout()
            if actor != ANONYMOUS:
                client.force_login(world.users[actor])
            response = client.post(url, {})
            if response.status_code not in {expected, 405}:
                wrong.append(f"{actor} POST {url}: {response.status_code}, expected {expected} (or 405)")
            elif response.status_code == 302 and not response["Location"].startswith(
                reverse("accounts:login")
            ):
                wrong.append(
                    f"{actor} POST {url}: redirected to {response['Location']}, not to the sign-in page"
                )
    after = _row_counts()
    changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
    assert not wrong and not changed, (
        f"{route}:\n" + "\n".join(wrong) + (f"\nrows changed {changed}" if changed else "")
    )
