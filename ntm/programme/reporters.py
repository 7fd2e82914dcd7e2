"""Who reports in a report cycle, and who has not submitted yet (reads; no writes).

Who reports is data of the plan, per period (``ReportingRules.reporters``): the plan's own text (Plan 202 VI.6:
the departments and the People's Committees of the districts and Long Khánh city, until 30/6/2025) or, after the
two-tier reform, the province's instruction for that period, entered with its citation. The rule covering the
cycle's due date names the reporters; a period no rule covers has no expected reporter (the cycle page says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.core.choices import Role
from ntm.programme.models import Report, ReportCycle, ReportState, Target, TargetMethod
from ntm.programme.planfile import ReporterRule, reporter_rule_for
from ntm.units.models import AdministrativeUnit, Level, Structure

STRUCTURES = {"legacy": Structure.LEGACY, "2025": Structure.REFORM_2025}


@dataclass(frozen=True)
class Reporter:
    """Who reports: a department (``organisation_id``; its unit is the province) or a locality (a district-level
    or commune-level unit, ``level``)."""

    unit_id: int
    organisation_id: int | None
    name: str
    level: str = Level.COMMUNE

    @property
    def is_department(self) -> bool:
        return self.organisation_id is not None

    @property
    def key(self) -> str:
        return f"org:{self.organisation_id}" if self.organisation_id else f"unit:{self.unit_id}"


def installation_province(structure: str = Structure.REFORM_2025) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(
        structure=structure, code=settings.NTM_PROVINCE_CODE, level=Level.PROVINCE
    ).first()


def reporter_rule(cycle: ReportCycle) -> ReporterRule | None:
    """The plan's rule of who reports for the cycle's due date (None: none recorded for that period)."""
    return reporter_rule_for(cycle.plan.rules().reporters, cycle.due_on)


def expected_reporters(cycle: ReportCycle) -> list[Reporter]:
    """The departments (when the rule names them), then the localities it names, by name."""
    rule = reporter_rule(cycle)
    province = installation_province()
    if rule is None or province is None:
        return []
    found: list[Reporter] = []
    if rule.departments:
        departments = (
            Organisation.objects.filter(is_active=True, unit=province, kind=OrganisationKind.DEPARTMENT)
            .prefetch_related("former_names")
            .order_by("name")
        )
        # Named as they were at the due date (the 3/2025 mergers renamed departments).
        found += [Reporter(o.unit_id, o.pk, o.name_on(cycle.due_on), Level.PROVINCE) for o in departments]
    structure = STRUCTURES.get(rule.unit_structure, Structure.REFORM_2025)
    units = AdministrativeUnit.objects.none()
    if rule.unit_codes:
        units = AdministrativeUnit.objects.filter(structure=structure, code__in=rule.unit_codes)
    elif rule.unit_level:
        root = installation_province(structure)
        if root is not None:
            units = AdministrativeUnit.objects.subtree(root).filter(level=rule.unit_level)
    found += [Reporter(u.pk, None, u.name, u.level) for u in units.order_by("name")]
    return found


def reporter_of(report: Report) -> Reporter:
    level = Level.PROVINCE if report.organisation_id else report.unit.level
    return Reporter(report.unit_id, report.organisation_id, report.reporter_name, level)


def reporters_of(user, cycle: ReportCycle | None = None) -> list[Reporter]:
    """The reporter identities a user fills reports for: their department(s), their district (before 1/7/2025)
    and their commune(s); with ``cycle``, only those the cycle expects."""
    found: dict[str, Reporter] = {}
    for assignment in user.active_roles():
        if assignment.role == Role.DEPARTMENT_OFFICER and assignment.organisation_id:
            org = assignment.organisation
            found.setdefault(f"org:{org.pk}", Reporter(org.unit_id, org.pk, org.name, Level.PROVINCE))
        elif assignment.role in (Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER):
            unit = assignment.unit
            found.setdefault(f"unit:{unit.pk}", Reporter(unit.pk, None, unit.name, unit.level))
    if cycle is not None:
        expected = {r.key for r in expected_reporters(cycle)}
        return [r for r in found.values() if r.key in expected]
    return list(found.values())


def reporter_targets(reporter: Reporter, targets: Iterable[Target]) -> list[Target]:
    """Reported targets whose figures this reporter enters (``params.reporter_level``)."""
    if reporter.is_department:
        wanted = {"province", "all"}
    elif reporter.level == Level.DISTRICT:
        wanted = {"district", "all"}
    else:
        wanted = {"commune", "all"}
    return [
        t for t in targets if t.method == TargetMethod.REPORTED and t.params.get("reporter_level") in wanted
    ]


def missing_reporters(cycle: ReportCycle) -> list[Reporter]:
    submitted = {
        reporter_of(r).key
        for r in Report.objects.filter(cycle=cycle, state=ReportState.SUBMITTED).select_related(
            "unit", "organisation"
        )
    }
    return [r for r in expected_reporters(cycle) if r.key not in submitted]
