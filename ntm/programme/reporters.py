"""Who reports in a report cycle, and who has not submitted yet (reads; no writes).

Reporters are every active department (its unit is the province) and every commune-level unit (xã, phường) of the
province in the 2025 structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from ntm.accounts.models import Organisation
from ntm.core.choices import Role
from ntm.programme.models import Report, ReportCycle, ReportState, Target, TargetMethod
from ntm.units.models import AdministrativeUnit, Level, Structure


@dataclass(frozen=True)
class Reporter:
    """Who reports: a department (``organisation_id``; its unit is the province) or a locality (a commune-level
    unit of the 2025 structure)."""

    unit_id: int
    organisation_id: int | None
    name: str

    @property
    def is_department(self) -> bool:
        return self.organisation_id is not None

    @property
    def key(self) -> str:
        return f"org:{self.organisation_id}" if self.organisation_id else f"unit:{self.unit_id}"


def installation_province() -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, code=settings.NTM_PROVINCE_CODE, level=Level.PROVINCE
    ).first()


def expected_reporters() -> list[Reporter]:
    """Every department, then every commune-level unit of the province (2025 structure), by name."""
    province = installation_province()
    if province is None:
        return []
    departments = Organisation.objects.filter(is_active=True, unit=province).order_by("name")
    localities = AdministrativeUnit.objects.subtree(province).filter(level=Level.COMMUNE).order_by("name")
    return [Reporter(o.unit_id, o.pk, o.name) for o in departments] + [
        Reporter(u.pk, None, u.name) for u in localities
    ]


def reporter_of(report: Report) -> Reporter:
    return Reporter(report.unit_id, report.organisation_id, report.reporter_name)


def reporters_of(user) -> list[Reporter]:
    """The reporter identities a user fills reports for: their commune(s) and their department(s)."""
    found: dict[str, Reporter] = {}
    for assignment in user.active_roles():
        if assignment.role == Role.DEPARTMENT_OFFICER and assignment.organisation_id:
            org = assignment.organisation
            found.setdefault(f"org:{org.pk}", Reporter(org.unit_id, org.pk, org.name))
        elif assignment.role == Role.COMMUNE_OFFICER and assignment.unit.structure == Structure.REFORM_2025:
            found.setdefault(
                f"unit:{assignment.unit_id}", Reporter(assignment.unit_id, None, assignment.unit.name)
            )
    return list(found.values())


def reporter_targets(reporter: Reporter, targets: Iterable[Target]) -> list[Target]:
    """Reported targets whose figures this reporter enters (``params.reporter_level``)."""
    wanted = {"province", "all"} if reporter.is_department else {"commune", "all"}
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
    return [r for r in expected_reporters() if r.key not in submitted]
