"""Writes of plans and targets: loading the shipped plan and report-form files, adding and editing targets on the
page, and entering reported figures with evidence. Every write is one transaction with an audit entry.

Loading is idempotent by content hash. Once a plan is loaded the database is the source of truth: a changed file
only adds the tasks, targets and pilots whose codes are new; nothing typed on the pages is overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.core.tomlfile import content_hash
from ntm.core.uploads import attach
from ntm.core.vocabulary import UNCONFIRMED
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.setfile import SetFileError
from ntm.criteria.setload import load_path as load_set_path
from ntm.criteria.setload import shipped_set_paths
from ntm.legal.selectors import registry_source_problems
from ntm.programme import formfile, planfile
from ntm.programme.models import (
    PilotModel,
    PlanTask,
    ReportCycle,
    ReportedActual,
    ReportFormVersion,
    Target,
    TargetMethod,
    TargetOrigin,
    TargetPlan,
)
from ntm.units.models import AdministrativeUnit, Structure


@dataclass(frozen=True)
class LoadResult:
    file: str
    code: str
    status: str  # created | unchanged | updated
    added: int = 0


def known_indicators(set_codes: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Indicator codes of the latest version of each criteria set in the database, and of the shipped set files
    for sets not loaded yet. A shipped set file that does not load is refused (``ServiceError`` naming the file and
    its problems), never passed over: its indicators would otherwise be reported as unknown."""
    known: dict[str, set[str]] = {}
    versions = CriteriaSetVersion.objects.order_by("code", "-version")
    if set_codes is not None:
        versions = versions.filter(code__in=list(set_codes))
    for version in versions:
        if version.code not in known:
            known[version.code] = {ind.code for _group, ind in version.criteria_set().iter_indicators()}
    for path in shipped_set_paths():
        if path.stem in known or (set_codes is not None and path.stem not in set_codes):
            continue
        try:
            criteria_set = load_set_path(path)
        except SetFileError as exc:
            raise ServiceError(
                _("The shipped criteria set file %(file)s is not valid, so its indicators cannot be checked.")
                % {"file": path.name},
                detail=exc.errors,
            ) from None
        known.setdefault(criteria_set.code, {ind.code for _group, ind in criteria_set.iter_indicators()})
    return known


def _target_fields(spec: planfile.TargetSpec) -> dict[str, Any]:
    return {
        "section": spec.section,
        "quote": spec.quote,
        "text": spec.text,
        "measure": spec.measure,
        "measure_unit": spec.measure_unit,
        "target_value": spec.target_value,
        "comparison": spec.comparison,
        "deadline": spec.deadline,
        "year": spec.year,
        "basis_structure": spec.basis.structure,
        "basis_province": spec.basis.province,
        "basis_level": spec.basis.level,
        "basis_unit_types": list(spec.basis.unit_types),
        "basis_as_of": spec.basis.as_of,
        "basis_note": spec.basis.why,
        "method": spec.method,
        "params": spec.params,
        "provenance": spec.provenance,
        "source": spec.source[:500],
        "reference": spec.reference[:500],
        "note": spec.note,
    }


def _parse_plan(path: Path) -> tuple[planfile.PlanSpec, str]:
    data = path.read_bytes()
    try:
        spec = planfile.load_bytes(data)
    except planfile.PlanFileError as exc:
        raise ServiceError(
            _("The plan file %(file)s is not valid; nothing was loaded.") % {"file": path.name},
            detail=exc.errors,
        ) from None
    refs = spec.indicator_refs()
    problems = planfile.check_indicators(refs, known_indicators({set_code for _t, set_code, _i in refs}))
    if problems:
        raise ServiceError(
            _("The plan file %(file)s names unknown indicators; nothing was loaded.") % {"file": path.name},
            detail=problems,
        )
    return spec, content_hash(data)


def _seed_pilots(plan: TargetPlan, spec: planfile.PlanSpec, actor) -> int:
    """Create the pilots the plan names whose unit exists and that are not in the registry yet."""
    created = 0
    existing = set(
        PilotModel.objects.filter(plan_code__in=[p.code for p in spec.pilots]).values_list(
            "plan_code", flat=True
        )
    )
    for pilot in spec.pilots:
        if pilot.code in existing:
            continue
        unit = AdministrativeUnit.objects.filter(structure=pilot.unit_structure, code=pilot.unit_code).first()
        if unit is None:
            continue
        row = PilotModel.objects.create(
            kind=pilot.kind,
            plan_code=pilot.code,
            unit=unit,
            name=pilot.name,
            provenance=pilot.provenance,
            source=pilot.source[:500],
            note=pilot.note,
        )
        audit_record(
            action="programme.pilot_seed",
            instance=row,
            after=snapshot(row),
            actor=actor,
            extra={"plan": plan.code},
        )
        created += 1
    return created


def programme_load_shipped(*, paths: Iterable[Path] | None = None, actor=None) -> list[LoadResult]:
    """Load the shipped plan files (idempotent; see the module docstring). One invalid file loads nothing."""
    files = [Path(p) for p in (paths if paths is not None else planfile.shipped_plan_paths())]
    parsed = [(path, *_parse_plan(path)) for path in files]
    results = []
    with transaction.atomic():
        for path, spec, digest in parsed:
            plan = TargetPlan.objects.filter(code=spec.code).first()
            if plan is not None and plan.content_hash == digest:
                _seed_pilots(plan, spec, actor)
                results.append(LoadResult(path.name, spec.code, "unchanged"))
                continue
            created = plan is None
            if created:
                plan = TargetPlan.objects.create(
                    code=spec.code,
                    name=spec.name,
                    short_name=spec.short_name,
                    legal_source=spec.legal_source[:300],
                    year_from=spec.year_from,
                    year_to=spec.year_to,
                    provenance=spec.provenance,
                    source=spec.source[:500],
                    note=spec.note,
                    reporting=spec.reporting.to_dict(),
                    scope=spec.scope.to_dict() if spec.scope else {},
                    file_name=path.name,
                    content_hash=digest,
                )
            else:
                plan.content_hash = digest
                plan.reporting = _with_page_rules(spec.reporting.to_dict(), plan.reporting)
                fields = ["content_hash", "reporting", "updated_at"]
                if not plan.scope and spec.scope is not None:
                    plan.scope = spec.scope.to_dict()  # a plan loaded before scopes existed gets the file's
                    fields.append("scope")
                plan.save(update_fields=fields)
            added = 0
            task_codes = set(plan.tasks.values_list("code", flat=True))
            for position, task in enumerate(spec.tasks, start=1):
                if task.code not in task_codes:
                    PlanTask.objects.create(
                        plan=plan, position=position, **{k: v for k, v in asdict(task).items()}
                    )
                    added += 1
            target_codes = set(plan.targets.values_list("code", flat=True))
            for position, target in enumerate(spec.targets, start=1):
                if target.code not in target_codes:
                    Target.objects.create(
                        plan=plan,
                        code=target.code,
                        position=position,
                        origin=TargetOrigin.FILE,
                        **_target_fields(target),
                    )
                    added += 1
            added += _seed_pilots(plan, spec, actor)
            audit_record(
                action="programme.plan_load",
                instance=plan,
                after=snapshot(plan, ("code", "name", "content_hash", "file_name")),
                extra={"file": path.name, "added": added, "created": created},
                actor=actor,
            )
            results.append(LoadResult(path.name, spec.code, "created" if created else "updated", added))
    return results


def report_forms_load_shipped(*, paths: Iterable[Path] | None = None) -> list[LoadResult]:
    """Load the shipped report-form files as versions (a new version number per changed file)."""
    results = []
    for path in [Path(p) for p in (paths if paths is not None else formfile.shipped_form_paths())]:
        data = path.read_bytes()
        try:
            spec = formfile.load_bytes(data)
        except formfile.FormFileError as exc:
            raise ServiceError(
                _("The report form file %(file)s is not valid.") % {"file": path.name}, detail=exc.errors
            ) from None
        digest = content_hash(data)
        with transaction.atomic():
            if ReportFormVersion.objects.filter(code=spec.code, content_hash=digest).exists():
                results.append(LoadResult(path.name, spec.code, "unchanged"))
                continue
            latest = ReportFormVersion.objects.filter(code=spec.code).aggregate(n=Max("version"))["n"] or 0
            form = ReportFormVersion.objects.create(
                code=spec.code,
                version=max(spec.version, latest + 1),
                title=spec.title,
                content=spec.to_dict(),
                content_hash=digest,
            )
            audit_record(
                action="programme.report_form_load", instance=form, after=snapshot(form, ("code", "version"))
            )
            results.append(LoadResult(path.name, spec.code, "created"))
    return results


def _with_page_rules(reporting: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """The file's reporting regime, keeping the reporter rules the coordinator added on the page."""
    kept = [rule for rule in (previous or {}).get("reporters") or () if rule.get("added_on_page")]
    return {**reporting, "reporters": [*reporting.get("reporters", []), *kept]}


def reporter_rule_add(*, actor, plan: TargetPlan, rule: planfile.ReporterRule) -> TargetPlan:
    """Who reports for a period the plan's text does not cover (after the two-tier reform, the province's
    instruction for that period), entered with its citation. Periods never overlap: one rule per due date."""
    if rule.valid_to < rule.valid_from:
        raise ServiceError(_("The period ends before it starts."))
    problems = registry_source_problems(rule.source)
    if problems:
        raise ServiceError(
            _("The source does not cite the legal registry: %(problems)s") % {"problems": "; ".join(problems)}
        )
    if not rule.departments and not rule.unit_codes and not rule.unit_level:
        raise ServiceError(_("Say who reports: the departments, a level of units, or a list of unit codes."))
    if rule.unit_codes:
        structure = Structure.LEGACY if rule.unit_structure == "legacy" else Structure.REFORM_2025
        known = set(
            AdministrativeUnit.objects.filter(structure=structure, code__in=rule.unit_codes).values_list(
                "code", flat=True
            )
        )
        unknown = [code for code in rule.unit_codes if code not in known]
        if unknown:
            raise ServiceError(_("Unknown unit codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    with transaction.atomic():
        plan = TargetPlan.objects.select_for_update().get(pk=plan.pk)
        before = snapshot(plan, ("reporting",))
        overlapping = [
            other
            for other in plan.rules().reporters
            if other.valid_from <= rule.valid_to and rule.valid_from <= other.valid_to
        ]
        if overlapping:
            other = overlapping[0]
            raise ServiceError(
                _("The period overlaps the rule from %(start)s to %(end)s (%(who)s).")
                % {
                    "start": f"{other.valid_from:%d/%m/%Y}",
                    "end": f"{other.valid_to:%d/%m/%Y}",
                    "who": other.who,
                }
            )
        reporting = dict(plan.reporting or {})
        rules = [*(reporting.get("reporters") or ()), {**rule.to_dict(), "added_on_page": True}]
        reporting["reporters"] = sorted(rules, key=lambda item: item["valid_from"])
        plan.reporting = reporting
        plan.save(update_fields=["reporting", "updated_at"])
        audit_record(
            action="programme.reporter_rule_add",
            instance=plan,
            before=before,
            after=snapshot(plan, ("reporting",)),
            actor=actor,
        )
    return plan


def target_plan_create(
    *,
    actor,
    code: str,
    name: str,
    short_name: str,
    legal_source: str,
    year_from: int,
    year_to: int,
    provenance: str,
    source: str,
    note: str = "",
    scope: planfile.Scope | None = None,
) -> TargetPlan:
    """A new programme plan typed on the page (the next plan after Plan 202, or another province's), with its own
    scope (the units it covers) when given. Its reporting regime and its section IV tasks start as copies of the
    latest plan's, marked as copied, for the coordinator to correct."""
    code = code.strip()
    if not planfile._PLAN_CODE.match(code):
        raise ServiceError(_("The plan code may hold lower-case letters, digits, dots and dashes only."))
    if year_to < year_from:
        raise ServiceError(_("The plan ends before it starts."))
    with transaction.atomic():
        if TargetPlan.objects.filter(code=code).exists():
            raise ServiceError(_("A plan with code %(code)s exists already.") % {"code": code})
        previous = TargetPlan.objects.order_by("-year_to", "code").first()
        plan = TargetPlan.objects.create(
            code=code,
            name=name.strip(),
            short_name=short_name.strip() or code,
            legal_source=legal_source.strip()[:300],
            year_from=year_from,
            year_to=year_to,
            provenance=provenance,
            source=source.strip()[:500],
            note=note,
            reporting=dict(previous.reporting) if previous else planfile.ReportingRules().to_dict(),
            scope=scope.to_dict() if scope else {},
        )
        if previous is not None:
            for task in previous.tasks.order_by("position"):
                PlanTask.objects.create(
                    plan=plan,
                    code=task.code,
                    title=task.title,
                    pillar=task.pillar,
                    position=task.position,
                    provenance=UNCONFIRMED,
                    source=_("Copied from %(plan)s") % {"plan": previous.short_name},
                    note=task.note,
                )
        audit_record(action="programme.plan_create", instance=plan, after=snapshot(plan), actor=actor)
    return plan


# --- Targets on the page --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetData:
    """What the target form gives (the same fields as a [[targets]] row of the plan file)."""

    code: str
    section: str
    text: str
    measure: str
    measure_unit: str
    target_value: Decimal
    comparison: str
    deadline: dt.date
    year: int
    method: str
    params: Mapping[str, Any]
    basis_structure: str
    basis_province: str
    basis_level: str
    basis_unit_types: tuple[str, ...]
    basis_as_of: dt.date
    provenance: str
    source: str
    reference: str = ""
    note: str = ""
    quote: str = ""
    basis_note: str = ""

    def as_row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "section": self.section,
            "quote": self.quote,
            "text": self.text,
            "measure": self.measure,
            "measure_unit": self.measure_unit,
            "target_value": float(self.target_value),
            "comparison": self.comparison,
            "deadline": self.deadline,
            "year": self.year,
            "method": self.method,
            "params": dict(self.params),
            "basis": {
                "structure": self.basis_structure,
                "province": self.basis_province,
                "level": self.basis_level,
                "unit_types": list(self.basis_unit_types),
                "as_of": self.basis_as_of,
                "why": self.basis_note,
            },
            "provenance": self.provenance,
            "source": self.source,
            "reference": self.reference,
            "note": self.note or "",
        }


def _validated(data: TargetData) -> planfile.TargetSpec:
    errors: list[str] = []
    row = {key: value for key, value in data.as_row().items() if value != "" or key in ("code", "text")}
    # Typed on the page: the registry has no page to add a document yet, so the source is not checked against it.
    spec = planfile.read_target(row, _("Target %(code)s") % {"code": data.code or "?"}, errors, cite=False)
    if not errors and spec.method == TargetMethod.INDICATOR_SHARE:
        errors.extend(
            planfile.check_indicators(
                [(spec.code, spec.params["set_code"], spec.params["indicator_code"])],
                known_indicators([spec.params["set_code"]]),
            )
        )
    if errors:
        raise ServiceError(
            _("The target was not saved: %(problems)s") % {"problems": " ".join(errors)}, detail=errors
        )
    return spec


def target_create(*, actor, plan: TargetPlan, data: TargetData) -> Target:
    spec = _validated(data)
    with transaction.atomic():
        if plan.targets.filter(code=spec.code).exists():
            raise ServiceError(_("The plan already has a target with code %(code)s.") % {"code": spec.code})
        position = (plan.targets.aggregate(n=Max("position"))["n"] or 0) + 1
        target = Target.objects.create(
            plan=plan,
            code=spec.code,
            position=position,
            origin=TargetOrigin.UI,
            created_by=actor,
            **_target_fields(spec),
        )
        audit_record(action="programme.target_create", instance=target, after=snapshot(target), actor=actor)
    return target


def target_update(*, actor, target: Target, data: TargetData) -> Target:
    spec = _validated(data)
    with transaction.atomic():
        locked = Target.objects.select_for_update().get(pk=target.pk)
        if spec.code != locked.code and locked.plan.targets.filter(code=spec.code).exists():
            raise ServiceError(_("The plan already has a target with code %(code)s.") % {"code": spec.code})
        before = snapshot(locked)
        locked.code = spec.code
        for name, value in _target_fields(spec).items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            action="programme.target_update",
            instance=locked,
            before=before,
            after=snapshot(locked),
            actor=actor,
        )
    return locked


def target_set_active(*, actor, target: Target, active: bool) -> Target:
    with transaction.atomic():
        before = snapshot(target, ("is_active",))
        target.is_active = active
        target.save(update_fields=["is_active"])
        audit_record(
            action="programme.target_activate" if active else "programme.target_deactivate",
            instance=target,
            before=before,
            after=snapshot(target, ("is_active",)),
            actor=actor,
        )
    return target


def reported_actual_add(
    *,
    actor,
    target: Target,
    as_of: dt.date,
    numerator: int,
    denominator: int,
    evidence: UploadedFile | None,
    note: str = "",
    cycle: ReportCycle | None = None,
) -> ReportedActual:
    """Record a reported figure (numerator over denominator, never a typed percentage) with its evidence."""
    if target.method != TargetMethod.REPORTED:
        raise ServiceError(_("This target is computed from the system; its figures cannot be typed in."))
    problems = planfile.check_fraction(numerator, denominator)
    if problems:
        raise ServiceError(" ".join(problems), detail=problems)
    if evidence is None:
        raise ServiceError(
            _("Attach the evidence for the reported figures (a PDF, Word, Excel file or image).")
        )
    with transaction.atomic():
        row = ReportedActual(
            target=target,
            as_of=as_of,
            numerator=numerator,
            denominator=denominator,
            note=note[:500],
            cycle=cycle,
            uploaded_by=actor,
        )
        attach(row, evidence)
        row.save()
        audit_record(
            action="programme.reported_actual_add",
            instance=row,
            after=snapshot(row, ("target", "as_of", "numerator", "denominator", "original_name", "note")),
            actor=actor,
        )
    return row
