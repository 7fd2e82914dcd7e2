"""What a reporter's form shows: the system's figure for each target, prefilled for the reporter (a department sees
the province-wide actual; a commune or ward sees its own facts), and the form built from the cycle's form data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.core.vocabulary import is_rural_commune
from ntm.criteria.models import SetSubject
from ntm.programme.actuals import STATUS_TEXT
from ntm.programme.consolidated import actual_text
from ntm.programme.measure import Measurer
from ntm.programme.models import (
    Attendance,
    Cooperative,
    LinkageModel,
    Manager,
    OnlineService,
    PilotModel,
    PlanTask,
    Report,
    Target,
    TargetMethod,
)
from ntm.programme.reporters import Reporter, reporter_targets
from ntm.surveys.models import Campaign, CampaignStatus, Purpose
from ntm.units.models import AdministrativeUnit, UnitLineage


def _unit_fact(target: Target, unit: AdministrativeUnit, measurer: Measurer) -> str:
    method = target.method
    if method == TargetMethod.INDICATOR_SHARE:
        version = measurer.version(target.set_code)
        if version is None or version.subject != SetSubject.COMMUNE:
            return _("Not applicable to a commune-level unit")
        if not is_rural_commune(unit.unit_type):
            return _("Not assessed (wards are not assessed against commune sets)")
        statuses = measurer.indicator_statuses(version, target.year, [unit], target.indicator_code)
        status = statuses.get(unit.pk)
        return _("Indicator %(code)s (%(year)s): %(status)s") % {
            "code": target.indicator_code,
            "year": target.year,
            "status": _(STATUS_TEXT.get(status, STATUS_TEXT["missing"])),
        }
    if method == TargetMethod.COOPERATIVE_SHARE:
        count = Cooperative.objects.filter(unit=unit, dissolved_on__isnull=True).count()
        return _("%(count)s cooperative(s) operating") % {"count": count}
    if method == TargetMethod.ONLINE_SERVICE_SHARE:
        services = OnlineService.objects.filter(unit=unit, ended_on__isnull=True).count()
        surveys = sum(
            1
            for campaign in Campaign.objects.filter(
                unit=unit,
                purpose=Purpose.RECOGNITION,
                status=CampaignStatus.CLOSED,
                frozen_results__isnull=False,
            )
            if any(group.get("online", 0) > 0 for group in campaign.frozen_results.get("hamlets", []))
        )
        return _("%(count)s online service(s); %(surveys)s closed online survey(s) on NTM results") % {
            "count": services,
            "surveys": surveys,
        }
    if method == TargetMethod.MANAGERS_TRAINED:
        managers = Manager.objects.filter(unit=unit, is_active=True)
        trained = (
            Attendance.objects.filter(manager__in=managers, completed=True)
            .values("manager")
            .distinct()
            .count()
        )
        return _("%(trained)s of %(count)s managers trained") % {
            "trained": trained,
            "count": managers.count(),
        }
    if method in (TargetMethod.LINKAGE_DISTRICT_SHARE, TargetMethod.LINKAGE_DIGITAL_SHARE):
        models = LinkageModel.objects.filter(unit=unit, ended_on__isnull=True)
        digital = sum(1 for m in models if m.uses_digital_area)
        return _("%(count)s linkage model(s), %(digital)s tied to a digital raw-material area") % {
            "count": len(models),
            "digital": digital,
        }
    if method == TargetMethod.PILOTS_COMPLETED:
        predecessors = UnitLineage.objects.filter(new_unit=unit).values("old_unit")
        pilots = PilotModel.objects.filter(
            Q(unit=unit) | Q(unit__in=predecessors), kind=target.params.get("kind", "")
        )
        if not pilots:
            return "—"
        return "; ".join(f"{p.name}: {p.get_status_display()}" for p in pilots)
    return ""


def system_figures(reporter: Reporter, targets: Iterable[Target], measurer: Measurer) -> dict[str, str]:
    """``{target code: text}``: the figure the system has for this reporter, per target."""
    targets = list(targets)
    if reporter.is_department:
        return {t.code: actual_text(measurer.result(t, with_trend=False)) for t in targets}
    unit = AdministrativeUnit.objects.get(pk=reporter.unit_id)
    return {t.code: _unit_fact(t, unit, measurer) for t in targets}


@dataclass
class TargetRow:
    target: Target
    system: str
    entered: bool  # the reporter enters a numerator and denominator for it
    numerator: Any = None
    denominator: Any = None
    comment: Any = None


class ReportForm(forms.Form):
    """The report form built from the cycle's form data: a numerator, denominator and comment for each reported
    target the reporter enters, one text per section IV task, and the text sections."""

    def __init__(
        self,
        *args,
        report: Report,
        reporter: Reporter,
        targets: list[Target],
        tasks: list[PlanTask],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.report, self.targets, self.tasks = report, targets, tasks
        self.sections = report.cycle.form.content.get("sections", [])
        content = report.content or {}
        self.entered_targets = reporter_targets(reporter, targets)
        stored_targets = content.get("targets") or {}
        for target in self.entered_targets:
            stored = stored_targets.get(target.code) or {}
            self.fields[f"t{target.pk}_numerator"] = forms.IntegerField(
                label=gettext_lazy("Numerator"), required=False, min_value=0, initial=stored.get("numerator")
            )
            self.fields[f"t{target.pk}_denominator"] = forms.IntegerField(
                label=gettext_lazy("Denominator"),
                required=False,
                min_value=1,
                initial=stored.get("denominator"),
            )
            self.fields[f"t{target.pk}_comment"] = forms.CharField(
                label=gettext_lazy("Comment"),
                required=False,
                max_length=500,
                initial=stored.get("comment", ""),
            )
        stored_tasks = content.get("tasks") or {}
        for task in tasks:
            self.fields[f"task_{task.pk}"] = forms.CharField(
                label=f"{task.code}. {task.title}",
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=stored_tasks.get(task.code, ""),
            )
        for section in self.sections:
            if section["kind"] == "text":
                self.fields[f"text_{section['key']}"] = forms.CharField(
                    label=section["title"],
                    required=False,
                    max_length=10000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=content.get(section["key"], ""),
                )

    def clean(self):
        cleaned = super().clean()
        for target in self.entered_targets:
            numerator = cleaned.get(f"t{target.pk}_numerator")
            denominator = cleaned.get(f"t{target.pk}_denominator")
            if (numerator is None) != (denominator is None):
                self.add_error(
                    f"t{target.pk}_denominator",
                    _("Enter both the numerator and the denominator (or neither)."),
                )
            elif numerator is not None and numerator > denominator:
                self.add_error(
                    f"t{target.pk}_numerator",
                    _("The numerator (%(n)s) is larger than the denominator (%(d)s).")
                    % {"n": numerator, "d": denominator},
                )
        return cleaned

    def target_rows(self, figures: dict[str, str]) -> list[TargetRow]:
        entered = {t.pk for t in self.entered_targets}
        rows = []
        for target in self.targets:
            row = TargetRow(target, figures.get(target.code, ""), target.pk in entered)
            if row.entered:
                row.numerator = self[f"t{target.pk}_numerator"]
                row.denominator = self[f"t{target.pk}_denominator"]
                row.comment = self[f"t{target.pk}_comment"]
            rows.append(row)
        return rows

    def task_fields(self):
        return [self[f"task_{task.pk}"] for task in self.tasks]

    def task_groups(self) -> list[tuple[str, list]]:
        """The task fields under the plan's subsection headings ("1. Tăng cường công tác thông tin …")."""
        groups: list[tuple[str, list]] = []
        for task in self.tasks:
            if not groups or groups[-1][0] != task.pillar:
                groups.append((task.pillar, []))
            groups[-1][1].append(self[f"task_{task.pk}"])
        return groups

    def text_fields(self):
        return [self[f"text_{s['key']}"] for s in self.sections if s["kind"] == "text"]

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        targets = {}
        for target in self.entered_targets:
            numerator = data.get(f"t{target.pk}_numerator")
            if numerator is None and not data.get(f"t{target.pk}_comment"):
                continue
            targets[target.code] = {
                "numerator": numerator,
                "denominator": data.get(f"t{target.pk}_denominator"),
                "comment": data.get(f"t{target.pk}_comment", ""),
            }
        content: dict[str, Any] = {
            "targets": targets,
            "tasks": {task.code: data.get(f"task_{task.pk}", "").strip() for task in self.tasks},
        }
        for section in self.sections:
            if section["kind"] == "text":
                content[section["key"]] = data.get(f"text_{section['key']}", "").strip()
        return content
