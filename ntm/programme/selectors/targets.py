"""Reads of the programme targets (Plan 202) and their plans; who may read them is in ``access``."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ntm.programme.models import Target, TargetPlan
from ntm.programme.planfile import PLAN_IN_FORCE
from ntm.programme.selectors.access import (
    can_read_targets,
    can_see_progress,
    is_coordinator,
)


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
    """A province target, with the units and records behind its number: for the province-wide readers only. An
    id asked for by anyone else (a commune officer, whose scope is one commune, or a role outside the programme
    area) is a 404, as every id outside a scope."""
    if not can_read_targets(user):
        raise Http404
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)


def plan_for_view(user, plan_id: int) -> TargetPlan:
    """A programme plan, for every role of the programme area; any other role's id is a 404."""
    if not can_see_progress(user):
        raise Http404
    return get_object_or_404(TargetPlan, pk=plan_id)


def target_for_change(user, target_id: int) -> Target:
    if not is_coordinator(user):
        raise Http404
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)
