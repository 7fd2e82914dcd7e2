"""Template tags of core: the unread-notification count for the home page."""

from django import template

from ntm.core.notifications import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    return unread_count(user)
