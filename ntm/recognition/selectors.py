"""Reads of recognition and revocation dossiers, scoped by unit, and who may do what to them.

Reading a dossier: anyone whose role the recognition area admits and whose scope covers its unit
(``Dossier.objects.restrict(user, area=RECOGNITION)``, ``ntm.core.permissions.AREA_ROLES``). Acting on it:
a role the current step names for the action (and the recognition area admits for CHANGE), held with a CHANGE
scope over the dossier's unit (``may_act``); out-of-scope dossiers answer 404, in-scope dossiers the role may not act on answer 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import User
from ntm.accounts.selectors import people_acting_for
from ntm.assessment.selectors.assessments import assess_units
from ntm.assessment.selectors.dashboards import ladder_codes
from ntm.core.choices import Role
from ntm.core.params import YEAR_MAX, YEAR_MIN
from ntm.core.permissions import RECOGNITION, require_area
from ntm.core.scoping import CHANGE, VIEW, path_q, unit_paths
from ntm.core.text import fold
from ntm.core.vocabulary import COMMUNE_SET_UNIT_TYPES, DISTRICT_SET_UNIT_TYPES, LEVEL_RANK
from ntm.councils import selectors as councils
from ntm.councils.models import CouncilKind, CouncilMember
from ntm.councils.tally import AT_LEAST, Tally
from ntm.criteria.engine import Evaluation, UnitContext
from ntm.criteria.evaluation import evaluate_version
from ntm.criteria.inputs import show_value
from ntm.criteria.models import CriteriaSetVersion, SetSubject
from ntm.recognition import procedure as procedure_file
from ntm.recognition.models import (
    Dossier,
    DossierDocument,
    DossierKind,
    HamletDossier,
    HamletIndicatorValue,
    HamletModelRecognition,
    ProcedureStepSetting,
    ProcedureVersion,
    TemplateOverride,
)
from ntm.recognition.services.procedures import council_quorum, council_threshold, effective_procedure
from ntm.recognition.snapshots import dossier_evaluation
from ntm.status.models import StatusRecord
from ntm.status.selectors import official_status_of
from ntm.units.models import AdministrativeUnit, Hamlet, Level

COORDINATOR_ROLES = (Role.PROVINCE_COORDINATOR,)
OTHER_DOCUMENT = "khac"


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Unit name"), method="filter_name")
    unit = django_filters.CharFilter(label=_("Unit code"), field_name="unit__code")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DossierKind.choices)
    year = django_filters.NumberFilter(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    state = django_filters.CharFilter(label=_("Step code"))
    is_open = django_filters.BooleanFilter(label=_("Still open"))
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Dossier
        fields = ["q", "unit", "kind", "year", "state", "is_open", "overdue"]

    def filter_name(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(unit__name_folded__contains=folded) if folded else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(is_open=True, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


def dossiers_for(user, params=None):
    """Dossiers ``user`` may read, filtered by ``params``, newest first (403 for a role without dossiers)."""
    require_area(user, RECOGNITION)
    base = (
        Dossier.objects.restrict(user, area=RECOGNITION)
        .select_related("unit", "procedure", "criteria_version", "status_record")
        .defer("snapshot", "criteria_version__content", "procedure__content", "procedure__source_text")
    )
    dossier_filter = DossierFilter(params or {}, queryset=base)
    return dossier_filter.qs.order_by("-created_at", "-id"), dossier_filter


def dossier_scope(user):
    return Dossier.objects.restrict(user, area=RECOGNITION)


def dossier_for_view(user, dossier_id: int) -> Dossier:
    return get_object_or_404(
        Dossier.objects.restrict(user, area=RECOGNITION).select_related(
            "unit", "procedure", "criteria_version", "status_record", "revokes", "created_by"
        ),
        pk=dossier_id,
    )


def may_act(user, unit_id: int, roles: Iterable[str]) -> bool:
    """Does ``user`` hold one of ``roles`` with a CHANGE scope over the unit (auditors never act)?"""
    roles = tuple(roles)
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return (
        AdministrativeUnit.objects.restrict(user, CHANGE, roles=roles, area=RECOGNITION)
        .filter(pk=unit_id)
        .exists()
    )


def acting_roles(user, unit_id: int, roles: Iterable[str]) -> set[str]:
    """Which of ``roles`` the user holds with a CHANGE scope over the unit."""
    return {role for role in roles if may_act(user, unit_id, [role])}


def user_actions(user, dossier: Dossier, procedure: procedure_file.Procedure) -> tuple[str, ...]:
    if not dossier.is_open or not procedure.has_step(dossier.state):
        return ()
    step = procedure.step(dossier.state)
    held = acting_roles(user, dossier.unit_id, step.all_roles)
    return procedure_file.actions_for(procedure, dossier.state, held)


def may_act_on_dossier(user, dossier: Dossier) -> bool:
    """Does the user hold any role that acts somewhere in the dossier's procedure (over its unit)?"""
    procedure = effective_procedure(dossier.procedure)
    return may_act(
        user, dossier.unit_id, {role for step in procedure.working_steps() for role in step.all_roles}
    )


def may_work_on_step(user, dossier: Dossier, procedure: procedure_file.Procedure) -> bool:
    """May the user add documents, postings, answers to the dossier's current step?"""
    if not dossier.is_open or not procedure.has_step(dossier.state):
        return False
    return may_act(user, dossier.unit_id, procedure.step(dossier.state).all_roles)


def creatable_units(user):
    """Units the user may open a recognition dossier for: commune officers their commune, coordinators any."""
    roles = (Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)
    return (
        AdministrativeUnit.objects.restrict(user, CHANGE, roles=roles, area=RECOGNITION)
        .filter(unit_type__in=COMMUNE_SET_UNIT_TYPES | DISTRICT_SET_UNIT_TYPES)
        .order_by("structure", "name")
    )


def can_create_dossier(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user.has_role(Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)
    )


def is_coordinator(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user.has_role(*COORDINATOR_ROLES)
    )


def procedures_for_new_dossiers(kind: str | None = None, *, subject: str = "commune"):
    """The latest version of every procedure (of ``kind``) for units of ``subject``, for the creation form: commune
    dossiers never offer the ấp procedure, and the ấp page offers only it."""
    latest = {}
    for version in ProcedureVersion.objects.defer("source_text").order_by("code", "-version"):
        if version.code in latest or (kind is not None and version.kind != kind):
            continue
        latest[version.code] = version
    return [v for v in latest.values() if (v.content or {}).get("subject", "commune") == subject]


def procedure_versions():
    return ProcedureVersion.objects.defer("source_text", "content").order_by("code", "-version")


def procedure_version(version_id: int) -> ProcedureVersion:
    return get_object_or_404(ProcedureVersion, pk=version_id)


@dataclass(frozen=True)
class RequiredDocument:
    spec: procedure_file.DocumentSpec
    documents: tuple[DossierDocument, ...]

    @property
    def present(self) -> bool:
        return bool(self.documents)


def active_documents(dossier: Dossier):
    return dossier.documents.filter(is_active=True).select_related("uploaded_by")


def required_documents(dossier: Dossier, step: procedure_file.Step) -> list[RequiredDocument]:
    by_code: dict[str, list[DossierDocument]] = {}
    for document in active_documents(dossier):
        by_code.setdefault(document.code, []).append(document)
    return [RequiredDocument(spec, tuple(by_code.get(spec.code, ()))) for spec in step.required_documents]


def missing_documents(dossier: Dossier, step: procedure_file.Step) -> list[procedure_file.DocumentSpec]:
    present = set(dossier.documents.filter(is_active=True).values_list("code", flat=True))
    return [spec for spec in step.required_documents if spec.code not in present]


def document_choices(procedure: procedure_file.Procedure, state: str) -> list[tuple[str, str]]:
    """Documents that may be added while the dossier is in ``state``: those of this step and the earlier ones
    (a returned dossier may replace them), the survey report where a step accepts one, and "other"."""
    if not procedure.has_step(state):
        return []
    choices: dict[str, str] = {}
    upto = procedure.index(state)
    for step in procedure.steps[: upto + 1]:
        for spec in step.required_documents:
            choices.setdefault(spec.code, spec.name)
        if step.survey and step.survey.document:
            choices.setdefault(
                step.survey.document, _("Report on the residents' satisfaction survey results")
            )
    choices[OTHER_DOCUMENT] = _("Other document")
    return list(choices.items())


def document_for_view(user, document_id: int) -> DossierDocument:
    return get_object_or_404(
        DossierDocument.objects.filter(dossier__in=dossier_scope(user)).select_related("dossier"),
        pk=document_id,
    )


# A council share exactly at the configured threshold passes (QĐ 18/2022 gives no stricter wording).
VOTE_RULE = AT_LEAST


def council_of(dossier: Dossier):
    """The sitting members of the dossier's appraisal council."""
    return councils.members_of(dossier.council)


def votes_of(dossier: Dossier):
    """The council's votes on the dossier in its current round."""
    return councils.votes_on(dossier.council, dossier, dossier.council_round)


def council_membership(user, dossier: Dossier) -> CouncilMember | None:
    return councils.membership(user, dossier.council)


def eligible_council_members(dossier: Dossier):
    """Users holding the council-member role with a scope over the dossier's unit, not yet appointed."""
    return councils.eligible_members(kind=CouncilKind.APPRAISAL, unit=dossier.unit, council=dossier.council)


def council_vote_step(procedure: procedure_file.Procedure) -> procedure_file.Step | None:
    return next((step for step in procedure.steps if step.council_vote), None)


def council_tally(dossier: Dossier, procedure: procedure_file.Procedure) -> Tally | None:
    """The tally of the current council round, or None without a council step or a configured threshold."""
    step = council_vote_step(procedure)
    if step is None:
        return None
    threshold = council_threshold(dossier.procedure, step.code)
    if threshold is None:
        return None
    return councils.tally_of(
        dossier.council,
        dossier,
        dossier.council_round,
        threshold=threshold,
        basis=step.council_vote.basis,
        rule=VOTE_RULE,
    )


IRREVERSIBLE_EFFECTS = frozenset({"snapshot", "decision", "announce"})


def needs_override(dossier: Dossier, effects: Iterable[str], evaluation: dict) -> bool:
    """A recognition that records the decision while the evaluation does not reach the set's level needs an
    explicit, recorded override with a reason."""
    return (
        "decision" in effects
        and dossier.kind == DossierKind.RECOGNITION
        and not (evaluation or {}).get("level_reached")
    )


def action_plan(dossier: Dossier, procedure: procedure_file.Procedure, name: str, evaluation: dict) -> dict:
    """One action the user may take, with what it will do: the step it leads to, its effects in words, whether it
    cannot be undone (then the page asks for confirmation) and whether it needs an override."""
    step = procedure.step(dossier.state)
    target = procedure.step(step.target(name))
    effects = step.effects_of(name)
    consequences = [_("The dossier moves to the step “%(step)s”.") % {"step": target.name}]
    if "snapshot" in effects:
        consequences.append(
            _(
                "The values, evidence and evaluation are frozen as the dossier's record; later changes to the values do not alter it."
            )
        )
    if "decision" in effects:
        consequences.append(_("The decision is recorded in the official register of NTM status."))
    if "announce" in effects:
        consequences.append(_("The result is announced: the register and the public map show it."))
    if target.terminal:
        consequences.append(_("The dossier is closed and cannot be reopened."))
    return {
        "name": name,
        "kind": procedure_file.action_kind(name),
        "target": target.name,
        "consequences": consequences,
        "irreversible": bool(IRREVERSIBLE_EFFECTS & set(effects)) or target.terminal,
        "needs_override": needs_override(dossier, effects, evaluation),
        "criteria_met": (evaluation or {}).get("criteria_met"),
        "criteria_total": (evaluation or {}).get("criteria_total"),
    }


def _step_name(procedure: procedure_file.Procedure, code: str) -> str:
    return procedure.step(code).name if code and procedure.has_step(code) else code


def _with_step_names(
    rows: Iterable, procedure: procedure_file.Procedure, code_field: str, name_field: str
) -> list:
    items = list(rows)
    for item in items:
        setattr(item, name_field, _step_name(procedure, getattr(item, code_field)))
    return items


def dossier_page(user: User, dossier: Dossier) -> dict[str, Any]:
    """What the dossier page shows and who may do what on it: the procedure and its steps, the actions the user
    may take, documents, postings and their verdict, the council, the evaluation and the history. The ``may_*``
    keys decide which forms the page offers."""
    procedure = effective_procedure(dossier.procedure)
    step = procedure.step(dossier.state)
    can_work = may_work_on_step(user, dossier, procedure)
    council_step = council_vote_step(procedure)
    membership = council_membership(user, dossier)
    current_index = procedure.index(dossier.state)
    evaluation, frozen = dossier_evaluation(dossier)
    return {
        "dossier": dossier,
        "procedure": procedure,
        "step": step,
        "steps": [
            {"step": s, "done": index < current_index, "current": index == current_index}
            for index, s in enumerate(procedure.steps)
            if not s.terminal or s.code == dossier.state
        ],
        "overdue": bool(dossier.is_open and dossier.due_at and dossier.due_at < timezone.now()),
        "actions": [
            action_plan(dossier, procedure, name, evaluation)
            for name in user_actions(user, dossier, procedure)
        ],
        "can_work": can_work,
        "required": required_documents(dossier, step) if not step.terminal else [],
        "document_choices": document_choices(procedure, dossier.state) if can_work else [],
        "documents": _with_step_names(
            dossier.documents.select_related("uploaded_by").order_by("uploaded_at", "id"),
            procedure,
            "step_code",
            "step_name",
        ),
        "postings": dossier.postings.select_related("uploaded_by").order_by("step_code", "posted_on", "id"),
        "posting_verdict": procedure_file.check_posting(
            dossier.postings.filter(step_code=step.code).values_list("posted_on", flat=True),
            step.posting_rule,
        )
        if step.posting_rule
        else None,
        "may_post": can_work and bool(step.posting_rule),
        "council_step": council_step,
        "council": _council_rows(dossier) if council_step else [],
        "tally": council_tally(dossier, procedure) if council_step else None,
        "quorum": council_quorum(dossier.procedure, council_step.code) if council_step else None,
        "votes_cast": votes_of(dossier).count() if council_step else 0,
        "may_appoint": bool(
            council_step
            and dossier.is_open
            and current_index <= procedure.index(council_step.code)
            and may_act(user, dossier.unit_id, [Role.PROVINCE_COORDINATOR])
        ),
        "membership": membership,
        "may_vote": bool(membership and step.council_vote and dossier.is_open),
        "may_decide": can_work and any("decision" in names for _a, names in step.effects),
        "reasons": dossier.return_reasons.select_related("event__actor", "answered_by").order_by("id"),
        "evaluation": evaluation,
        "frozen": frozen,
        "criteria_codes": [(group["code"], group["name"]) for group in evaluation.get("criteria", [])],
        "events": _with_step_names(
            dossier.events.select_related("actor").order_by("at", "id"), procedure, "to_state", "to_step_name"
        ),
    }


def _council_rows(dossier: Dossier) -> list[dict]:
    votes = {vote.member_id: vote for vote in votes_of(dossier)}
    return [{"member": member, "vote": votes.get(member.pk)} for member in council_of(dossier)]


def step_settings_of(version: ProcedureVersion) -> dict[str, ProcedureStepSetting]:
    """The coordinator's settings of a procedure version, by step code."""
    return {s.step_code: s for s in version.step_settings.select_related("updated_by")}


def users_who_act(dossier: Dossier, roles: Iterable[str]):
    """Active users holding one of ``roles`` bound to the dossier's unit or one of its ancestors."""
    return people_acting_for(dossier.unit, roles)


def dossiers_waiting_on(user):
    """Open dossiers whose current step the user may act on (one query per procedure version in use)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    conditions = []
    in_use = ProcedureVersion.objects.filter(dossiers__is_open=True).distinct()
    for version in in_use:
        procedure = effective_procedure(version)
        by_role: dict[str, list[str]] = {}
        for step in procedure.working_steps():
            for role in step.all_roles:
                by_role.setdefault(role, []).append(step.code)
        for role, states in by_role.items():
            paths = unit_paths(user, CHANGE, roles=[role], area=RECOGNITION)
            if paths is not None and not paths:
                continue
            condition = Q(procedure=version, state__in=states)
            if paths is not None:
                condition &= path_q("unit__tree_path", paths)
            conditions.append(condition)
    if not conditions:
        return Dossier.objects.none()
    return (
        Dossier.objects.open()
        .filter(reduce(or_, conditions))
        .select_related("unit", "procedure")
        .defer("snapshot", "procedure__content", "procedure__source_text")
        .order_by("due_at", "created_at")
    )


def templates_in_use() -> dict[str, TemplateOverride]:
    found: dict[str, TemplateOverride] = {}
    for override in TemplateOverride.objects.filter(is_active=True).select_related("uploaded_by"):
        found.setdefault(override.kind, override)
    return found


@dataclass(frozen=True)
class RevocationCandidate:
    unit: AdministrativeUnit
    level: str
    record_id: int
    version: CriteriaSetVersion
    reason: str
    conclusive: bool
    open_dossier: int | None


def revocation_candidates(user, year: int) -> list[RevocationCandidate]:
    """Recognised communes in scope whose evaluation for ``year`` meets the revocation-risk rule (QĐ 18/2022
    Art. 4, the engine's ``Evaluation.revocation.at_risk``), each against the latest version of the ladder's set
    of its level (``ladder_codes``: the sets the self-assessed levels and dashboards use, whose values the
    communes enter; not another set loaded for the same years, such as the province's 2024-2025 set)."""
    unit_ids = (
        StatusRecord.objects.restrict(user, VIEW, area=RECOGNITION)
        .filter(superseded_by__isnull=True, level__in=list(LEVEL_RANK))
        .values_list("unit_id", flat=True)
        .distinct()
    )
    units = list(
        AdministrativeUnit.objects.filter(pk__in=unit_ids, unit_type__in=COMMUNE_SET_UNIT_TYPES).order_by(
            "name"
        )
    )
    statuses = official_status_of(units)
    versions: dict[str, CriteriaSetVersion | None] = {}
    by_version: dict[int, list[AdministrativeUnit]] = {}
    for unit in units:
        level = statuses[unit.pk].level
        if level not in LEVEL_RANK:
            continue
        if level not in versions:
            versions[level] = (
                CriteriaSetVersion.objects.summaries()
                .filter(
                    code__in=ladder_codes(year),
                    subject="commune",
                    grants_level=level,
                    year_from__lte=year,
                    year_to__gte=year,
                )
                .order_by("-year_from", "-version")
                .first()
            )
        version = versions[level]
        if version is not None:
            by_version.setdefault(version.pk, []).append(unit)
    open_dossiers = dict(
        Dossier.objects.open()
        .filter(kind=DossierKind.REVOCATION, unit__in=units)
        .values_list("unit_id", "pk")
    )
    candidates = []
    for version_id, members in by_version.items():
        version = CriteriaSetVersion.objects.get(pk=version_id)
        for assessment in assess_units(members, year, version):
            revocation = assessment.evaluation.revocation
            if revocation is None or not revocation.at_risk:
                continue
            current = statuses[assessment.unit.pk]
            candidates.append(
                RevocationCandidate(
                    unit=assessment.unit,
                    level=current.level,
                    record_id=current.record.pk,
                    version=version,
                    reason=revocation.reason,
                    conclusive=revocation.conclusive,
                    open_dossier=open_dossiers.get(assessment.unit.pk),
                )
            )
    return sorted(candidates, key=lambda c: c.unit.name)


def hamlet_models_of(unit) -> list[HamletModelRecognition]:
    """The commune's recognised hamlet models, oldest first (public: recognition decisions are public acts)."""
    return list(
        HamletModelRecognition.objects.filter(hamlet__unit=unit)
        .select_related("hamlet")
        .order_by("decision_date", "id")
    )


def hamlet_models_by_unit(units) -> dict[int, list[HamletModelRecognition]]:
    """The recognised hamlet models of each commune of ``units`` (one query; public acts, as above)."""
    found: dict[int, list[HamletModelRecognition]] = {}
    records = (
        HamletModelRecognition.objects.filter(hamlet__unit__in=units)
        .select_related("hamlet")
        .order_by("hamlet__name", "decision_date", "id")
    )
    for record in records:
        found.setdefault(record.hamlet.unit_id, []).append(record)
    return found


# --- Ấp (hamlet) models ------------------------------------------------------------------------------------------

HAMLET_MODEL_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)


def hamlet_models_for(user):
    """Recognised ấp models in the user's recognition scope, latest decision first."""
    return (
        HamletModelRecognition.objects.restrict(user, area=RECOGNITION)
        .select_related("hamlet__unit", "recorded_by")
        .order_by("-decision_date", "-id")
    )


def hamlets_for_model_recognition(user):
    """Active ấp of rural communes where ``user`` records model decisions: a commune officer its commune's, the
    coordinator the province's."""
    units = AdministrativeUnit.objects.restrict(
        user, CHANGE, roles=HAMLET_MODEL_ROLES, area=RECOGNITION
    ).filter(unit_type__in=COMMUNE_SET_UNIT_TYPES)
    return (
        Hamlet.objects.filter(unit__in=units, is_active=True)
        .select_related("unit")
        .order_by("unit__name", "name")
    )


def may_record_hamlet_models(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user.has_role(*HAMLET_MODEL_ROLES)
    )


# --- Ấp: values, evaluation against the hamlet sets, the commune-level procedure ---------------------------------


def hamlet_for(user, hamlet_id: int) -> Hamlet:
    """An ấp of a commune in the user's recognition scope (404 otherwise)."""
    return get_object_or_404(
        Hamlet.objects.restrict(user, area=RECOGNITION).select_related("unit"), pk=hamlet_id
    )


def commune_for_hamlets(user, unit_id: int) -> AdministrativeUnit:
    """A commune-level unit in the user's recognition scope (404 otherwise); the page says when it is not a rural
    commune (a ward's khu phố are not ấp models)."""
    return get_object_or_404(
        AdministrativeUnit.objects.restrict(user, area=RECOGNITION).filter(level=Level.COMMUNE), pk=unit_id
    )


def communes_with_hamlets(user, limit: int = 60) -> list[AdministrativeUnit]:
    """Rural communes in the user's recognition scope that have active ấp (for links; the first ``limit``)."""
    units = AdministrativeUnit.objects.restrict(user, area=RECOGNITION).filter(
        unit_type__in=COMMUNE_SET_UNIT_TYPES, hamlets__is_active=True
    )
    return list(units.distinct().order_by("name")[:limit])


def may_edit_hamlet(user, hamlet: Hamlet) -> bool:
    """May ``user`` enter values and run the procedure for this ấp (its commune's officer, the coordinator)?"""
    return hamlets_for_model_recognition(user).filter(pk=hamlet.pk).exists()


def hamlet_set_versions(year: int | None = None) -> list[CriteriaSetVersion]:
    """The latest version of each hamlet criteria set (covering ``year`` when given), by code."""
    versions = list(
        CriteriaSetVersion.objects.filter(subject=SetSubject.HAMLET).latest_per_code().order_by("code")
    )
    if year is not None:
        versions = [v for v in versions if v.year_from <= year <= v.year_to]
    return versions


def hamlet_set_for_model(kind: str, year: int) -> CriteriaSetVersion | None:
    """The hamlet set whose level is the model ``kind`` (ap_kieu_mau / ap_thong_minh) for ``year``."""
    return next((v for v in hamlet_set_versions(year) if v.grants_level == kind), None)


def hamlet_year(requested: int | None, versions: list[CriteriaSetVersion] | None = None) -> int:
    """The year a hamlet page shows: the one asked for, else this year, kept inside the sets' periods."""
    versions = hamlet_set_versions() if versions is None else versions
    year = requested or timezone.localdate().year
    if versions and not any(v.year_from <= year <= v.year_to for v in versions):
        ends = [v.year_to for v in versions if v.year_to < year] or [min(v.year_from for v in versions)]
        year = max(ends)
    return year


@dataclass(frozen=True)
class HamletIndicatorRow:
    indicator: Any
    group: Any
    result: Any
    stored: HamletIndicatorValue | None

    @property
    def requirement(self) -> str:
        """The threshold applied, in words; "" when the set has none yet (a placeholder)."""
        threshold = self.result.threshold
        return threshold.describe(self.indicator.measure_unit) if threshold is not None else ""

    @property
    def value_text(self) -> str:
        if self.stored is None or self.stored.value is None:
            return ""
        if isinstance(self.stored.value, bool):
            return str(_("Yes") if self.stored.value else _("No"))
        return show_value(self.stored.value)


@dataclass(frozen=True)
class HamletSetResult:
    version: CriteriaSetVersion
    year: int
    evaluation: Evaluation
    rows: tuple[HamletIndicatorRow, ...]

    @property
    def reached(self) -> bool:
        return self.evaluation.level_reached is not None

    @property
    def values_entered(self) -> int:
        return sum(1 for row in self.rows if row.stored is not None)


def hamlet_values(hamlet: Hamlet, set_code: str, year: int) -> dict[str, HamletIndicatorValue]:
    return {
        value.indicator_code: value
        for value in HamletIndicatorValue.objects.filter(hamlet=hamlet, set_code=set_code, year=year)
    }


def hamlet_evaluation(
    hamlet: Hamlet,
    version: CriteriaSetVersion,
    year: int,
    stored: dict[str, HamletIndicatorValue] | None = None,
) -> HamletSetResult:
    """The ấp evaluated by the criteria engine against ``version`` for ``year`` with the values entered for it
    (``stored``, when the caller has read them already)."""
    stored = hamlet_values(hamlet, version.code, year) if stored is None else stored
    criteria_set = version.criteria_set()
    values = {
        code: value.value
        for code, value in stored.items()
        if value.value is not None and criteria_set.find_indicator(code) is not None
    }
    _set, evaluation = evaluate_version(version, year=year, unit=UnitContext(), values=values)
    rows = []
    for group in (*evaluation.conditions, *evaluation.criteria):
        for result in group.indicators:
            indicator = criteria_set.find_indicator(result.code)
            rows.append(HamletIndicatorRow(indicator, group, result, stored.get(result.code)))
    return HamletSetResult(version, year, evaluation, tuple(rows))


def hamlet_evaluations(hamlet: Hamlet, year: int) -> list[HamletSetResult]:
    return [hamlet_evaluation(hamlet, version, year) for version in hamlet_set_versions(year)]


@dataclass(frozen=True)
class CommuneHamletRow:
    hamlet: Hamlet
    results: tuple[HamletSetResult, ...]
    recognitions: tuple[HamletModelRecognition, ...]


def commune_hamlet_rows(unit: AdministrativeUnit, year: int) -> list[CommuneHamletRow]:
    """Each active ấp of the commune with its evaluation against every hamlet set and its recognised models."""
    versions = hamlet_set_versions(year)
    recognised: dict[int, list[HamletModelRecognition]] = {}
    for record in HamletModelRecognition.objects.filter(hamlet__unit=unit).order_by("decision_date", "id"):
        recognised.setdefault(record.hamlet_id, []).append(record)
    # every value of the commune's ấp in one query, not one per ấp and set
    values: dict[tuple[int, str], dict[str, HamletIndicatorValue]] = {}
    for value in HamletIndicatorValue.objects.filter(
        hamlet__unit=unit, year=year, set_code__in=[version.code for version in versions]
    ):
        values.setdefault((value.hamlet_id, value.set_code), {})[value.indicator_code] = value
    return [
        CommuneHamletRow(
            hamlet,
            tuple(
                hamlet_evaluation(hamlet, version, year, values.get((hamlet.pk, version.code), {}))
                for version in versions
            ),
            tuple(recognised.get(hamlet.pk, ())),
        )
        for hamlet in Hamlet.objects.filter(unit=unit, is_active=True).order_by("name")
    ]


def hamlet_dossiers(hamlet: Hamlet) -> list[HamletDossier]:
    return list(
        hamlet.model_dossiers.select_related("procedure", "recognition").order_by("-created_at", "-id")
    )


def hamlet_procedure() -> ProcedureVersion | None:
    """The latest version of the ấp procedure file (subject "hamlet")."""
    found = procedures_for_new_dossiers("recognition", subject="hamlet")
    return found[0] if found else None


def hamlet_dossier_for(user, dossier_id: int) -> HamletDossier:
    return get_object_or_404(
        HamletDossier.objects.restrict(user, area=RECOGNITION).select_related("hamlet__unit", "procedure"),
        pk=dossier_id,
    )


def hamlet_dossier_actions(user, dossier: HamletDossier) -> tuple[str, ...]:
    procedure = dossier.parsed()
    if not dossier.is_open or not procedure.has_step(dossier.state):
        return ()
    step = procedure.step(dossier.state)
    held = acting_roles(user, dossier.hamlet.unit_id, step.all_roles)
    return procedure_file.actions_for(procedure, dossier.state, held)
