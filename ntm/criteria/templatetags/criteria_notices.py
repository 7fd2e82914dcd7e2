"""``{% threshold_notice version %}``: the one notice every page that uses a criteria set shows when some of its
indicators have no threshold yet (placeholders or no rule): the gap page, the dashboards, a commune's values page
and the map. Results on such indicators read "no threshold", never "met" or "not met", so a count of 0 unmet
indicators must not look like a perfect year. The coordinator (who can edit sets) is told how to enter the
thresholds (the Excel round trip); the set's page is linked for signed-in users only (it needs a sign-in)."""

from __future__ import annotations

from django import template

from ntm.criteria.selectors import can_edit_criteria_sets

register = template.Library()


@register.inclusion_tag("criteria/_threshold_notice.html", takes_context=True)
def threshold_notice(context, version) -> dict:
    """``version``: a ``CriteriaSetVersion`` or ``None`` (nothing shown, like a set whose thresholds are all in)."""
    user = getattr(context.get("request"), "user", None) or context.get("user")
    stats = (getattr(version, "stats", None) or {}) if version is not None else {}
    return {
        "set_version": version if stats.get("missing") else None,
        "missing": stats.get("missing", 0),
        "total": stats.get("indicators", 0),
        "can_edit": can_edit_criteria_sets(user),
        "signed_in": bool(user is not None and user.is_authenticated),
    }
