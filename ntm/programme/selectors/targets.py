"""Reads of the programme targets (Plan 202) and their plans; who may read them is in ``access``."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from ntm.programme.models import Target, TargetPlan
from ntm.programme.selectors.access import require_coordinator, require_progress_reader


def current_plan() -> TargetPlan | None:
    """The plan whose period is the latest (the one the pages and new cycles use)."""
    return TargetPlan.objects.order_by("-year_to", "-year_from", "code").first()


def plans() -> list[TargetPlan]:
    return list(TargetPlan.objects.order_by("-year_to", "code"))


def targets_of(plan: TargetPlan, *, include_inactive: bool = False):
    targets = plan.targets.all() if include_inactive else plan.targets.active()
    return targets.order_by("position", "code")


def target_for_view(user, target_id: int) -> Target:
    require_progress_reader(user)
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)


def target_for_change(user, target_id: int) -> Target:
    require_coordinator(user)
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)
