"""``{{ unit|unit_url }}``: a unit's public page, the ``{% url 'maps:unit' unit.structure unit.code %}`` the map's
table writes for every row and every lineage link, without resolving the URL pattern each time."""

from django import template

from ntm.maps.presenters import public_url

register = template.Library()


@register.filter
def unit_url(unit) -> str:
    return public_url(unit)
