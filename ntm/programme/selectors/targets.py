"""Reads of the programme targets (Plan 202) and their plans; who may read them is in ``access``."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone

from ntm.programme.models import Target, TargetPlan
from ntm.programme.planfile import PLAN_IN_FORCE
from ntm.programme.selectors.access import require_coordinator, require_progress_reader


def current_plan(today: dt.date | None = None) -> TargetPlan | None:
    """The plan in force today (the one the pages open on); when none is, the latest plan (shown as closed or
    upcoming)."""
    today = today or timezone.localdate()
    ordered = list(TargetPlan.objects.order_by("-year_to", "-year_from", "code"))
    in_force = [plan for plan in ordered if plan.state(today) == PLAN_IN_FORCE]
    return (in_force or ordered or [None])[0]


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
