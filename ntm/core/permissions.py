"""What each role may read and change, by area: the one table, written from design.md §1 (who uses it).

``AREA_ROLES[area][action]`` is the set of roles whose assignments count in ``area`` for ``action`` (``VIEW`` or
``CHANGE``). ``ntm.core.scoping.ScopedQuerySet.restrict(user, action, area=...)`` applies it: a role missing from
the area's set gives an empty queryset (an id falls through to a 404; a page that is not about one unit answers 403
through the app's own check). A finer rule of an app (e.g. only commune officers enter values) narrows within
this table through ``roles=``, never widens it (in recognition, the roles a procedure step names: a procedure file
may name only a role of the area's CHANGE set). The superuser is not bound by it. ``require_area`` gives the
403 of a page or endpoint that is not about one unit (a list, a dashboard) to a role the area never admits.

=================  ==========================================================  ======================================
Area               VIEW (read, within the role's unit scope)                   CHANGE
=================  ==========================================================  ======================================
assessment         coordinator, department, commune, district, appraisal       coordinator, department (verifies),
                   council, auditor                                            commune (enters values, evidence)
recognition        coordinator, department, commune, district, Front,          coordinator, commune, district, Front,
                   appraisal council, auditor                                  appraisal council
surveys            Front, commune, coordinator, auditor                        Front
programme          coordinator, department, commune, auditor                   coordinator, department, commune
audit              coordinator, auditor                                        (nobody: the log is append-only)
status             coordinator, department, commune, district, appraisal       coordinator (keeps the register)
                   council, auditor
environment        coordinator, department, commune, water-supply operator     coordinator, department (lab results,
                   (the points it runs only), auditor                          inspections), commune (its points,
                                                                               coverage, waste, facilities),
                                                                               water-supply operator (lab results
                                                                               of the points it runs)
accounts           coordinator, auditor                                        coordinator (creates accounts, assigns
                                                                               roles, deactivates)
traceability       coordinator, department, commune, producer (its own         coordinator, department (issue codes),
                   records only), auditor; citizens read public trace pages    commune (inspections), producer (own)
ocop               coordinator, OCOP council, commune, producer (its own       coordinator, OCOP council (scores),
                   records only), auditor                                      commune (pre-check, approves
                                                                               producers), producer (its dossiers)
infrastructure     coordinator, department, commune, auditor                   coordinator, commune (its own wifi,
                                                                               internet, radio and loudspeaker
                                                                               inventory, mobile coverage by ấp,
                                                                               planning records)
feedback           coordinator, commune, auditor; anyone sends feedback and     coordinator (answers escalated items),
                   reads the answer with its tracking code                     commune (answers its own)
knowledge          coordinator, department, commune, auditor (drafts and       coordinator, department (write, review,
                   reviews); everyone reads published items on the public      publish; keep emulation and awards),
                   site                                                        commune (drafts its own unit's good
                                                                               models, sends them to review)
=================  ==========================================================  ======================================

Why, from design.md §1: the coordinator sees everything and runs appraisal; a department officer verifies
indicators (reads and checks assessment, reads dossiers, programme and status); a commune officer enters values,
prepares the dossier, reports; a district officer verifies commune dossiers in historical data; a Front officer
runs surveys and records the Front's comments on a dossier (no assessment data, no programme); an appraisal-council
member reviews and votes on dossiers (reads the assessment behind them); the auditor reads everything and changes
nothing; accounts are the coordinator's to manage (design.md §1: the coordinator administers), the auditor reads
them. In traceability a producer owns its records (growing areas, lots, labels) and sees no one else's: the app
narrows the producer's unit scope to the rows it owns; the department and the coordinator issue, suspend and cancel
growing-area codes; a commune officer follows the areas of its commune and records inspections. An OCOP council
member scores OCOP products and a producer owns its own records: neither sees any assessment, dossier, survey,
programme, audit or register data. In ``ocop`` the commune officer pre-checks the registration dossiers of its
commune's producers and approves their account requests; a producer's scope there is narrowed by
``ntm.ocop.selectors`` to the producer records it owns. In ``environment`` a water-supply operator's account (đơn vị cấp nước; its assignment names the operator, an
organisation of that kind) enters and reads the lab results of the water points the operator runs and nothing
else of the area: ``ntm.environment.selectors`` narrows its scope to those points (no coverage, waste, facility,
commune page or report). In ``infrastructure`` a commune officer keeps its own
commune's digital-infrastructure inventory and planning records; the departments read every commune's, the
coordinator reads and corrects them.
In ``knowledge`` (news, guidance, training materials,
legal texts, videos, good models; emulation and awards) the province publishes: the coordinator and the department
officers write, review and publish; a commune officer drafts the good models of its own commune and sends them to
review (``ntm.knowledge.selectors`` narrows that); the auditor reads drafts; published items are public.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ntm.core.choices import Role

VIEW = "view"
CHANGE = "change"
ACTIONS = frozenset({VIEW, CHANGE})

ASSESSMENT = "assessment"
RECOGNITION = "recognition"
SURVEYS = "surveys"
PROGRAMME = "programme"
AUDIT = "audit"
STATUS = "status"
ENVIRONMENT = "environment"
ACCOUNTS = "accounts"
TRACEABILITY = "traceability"
OCOP = "ocop"
INFRASTRUCTURE = "infrastructure"
FEEDBACK = "feedback"
KNOWLEDGE = "knowledge"

AREA_ROLES: dict[str, dict[str, frozenset[str]]] = {
    ASSESSMENT: {
        VIEW: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.DEPARTMENT_OFFICER,
                Role.COMMUNE_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.COUNCIL_MEMBER,
                Role.AUDITOR,
            }
        ),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER}),
    },
    RECOGNITION: {
        VIEW: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.DEPARTMENT_OFFICER,
                Role.COMMUNE_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.FRONT_OFFICER,
                Role.COUNCIL_MEMBER,
                Role.AUDITOR,
            }
        ),
        CHANGE: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.COMMUNE_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.FRONT_OFFICER,
                Role.COUNCIL_MEMBER,
            }
        ),
    },
    SURVEYS: {
        VIEW: frozenset({Role.FRONT_OFFICER, Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR, Role.AUDITOR}),
        CHANGE: frozenset({Role.FRONT_OFFICER}),
    },
    PROGRAMME: {
        VIEW: frozenset(
            {Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR}
        ),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER}),
    },
    AUDIT: {
        VIEW: frozenset({Role.PROVINCE_COORDINATOR, Role.AUDITOR}),
        CHANGE: frozenset(),
    },
    STATUS: {
        VIEW: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.DEPARTMENT_OFFICER,
                Role.COMMUNE_OFFICER,
                Role.DISTRICT_OFFICER,
                Role.COUNCIL_MEMBER,
                Role.AUDITOR,
            }
        ),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR}),
    },
    ENVIRONMENT: {
        VIEW: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.DEPARTMENT_OFFICER,
                Role.COMMUNE_OFFICER,
                Role.WATER_OPERATOR,
                Role.AUDITOR,
            }
        ),
        CHANGE: frozenset(
            {Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.WATER_OPERATOR}
        ),
    },
    ACCOUNTS: {
        VIEW: frozenset({Role.PROVINCE_COORDINATOR, Role.AUDITOR}),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR}),
    },
    TRACEABILITY: {
        VIEW: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.DEPARTMENT_OFFICER,
                Role.COMMUNE_OFFICER,
                Role.PRODUCER,
                Role.AUDITOR,
            }
        ),
        CHANGE: frozenset(
            {Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.PRODUCER}
        ),
    },
    OCOP: {
        VIEW: frozenset(
            {
                Role.PROVINCE_COORDINATOR,
                Role.OCOP_COUNCIL_MEMBER,
                Role.COMMUNE_OFFICER,
                Role.PRODUCER,
                Role.AUDITOR,
            }
        ),
        CHANGE: frozenset(
            {Role.PROVINCE_COORDINATOR, Role.OCOP_COUNCIL_MEMBER, Role.COMMUNE_OFFICER, Role.PRODUCER}
        ),
    },
    INFRASTRUCTURE: {
        VIEW: frozenset(
            {Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR}
        ),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER}),
    },
    FEEDBACK: {
        VIEW: frozenset({Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER, Role.AUDITOR}),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR, Role.COMMUNE_OFFICER}),
    },
    KNOWLEDGE: {
        VIEW: frozenset(
            {Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.AUDITOR}
        ),
        CHANGE: frozenset({Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER}),
    },
}


def area_roles(area: str, action: str) -> frozenset[str]:
    """The roles that count in ``area`` for ``action``; an unknown area or action is a programming error."""
    try:
        return AREA_ROLES[area][action]
    except KeyError:
        raise ValueError(f"Unknown area or action {area!r}/{action!r}") from None


def may_use_area(user, area: str, action: str = VIEW) -> bool:
    """Does ``user`` hold, anywhere, a role that ``area`` admits for ``action`` (the superuser always does)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_role(*area_roles(area, action))


def require_area(user, area: str, action: str = VIEW) -> None:
    """Refuse (403) a page or endpoint that is not about one unit to a role that may never use ``area``."""
    if not may_use_area(user, area, action):
        raise PermissionDenied(_("Your role does not give access to this part of the system."))
