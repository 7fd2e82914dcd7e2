"""Reads of the programme targets (Plan 202) and their plans; who may read them is in ``access``."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ntm.programme.models import Target, TargetPlan
from ntm.programme.selectors.access import can_read_targets, is_coordinator


def current_plan() -> TargetPlan | None:
    """The plan whose period is the latest (the one the pages and new cycles use)."""
    return TargetPlan.objects.order_by("-year_to", "-year_from", "code").first()


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


def target_for_change(user, target_id: int) -> Target:
    if not is_coordinator(user):
        raise Http404
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id)
