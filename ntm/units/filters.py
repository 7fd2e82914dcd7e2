"""One filter definition for unit lists, shared by the browser page, its Excel export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ntm.core.text import fold
from ntm.units.models import AdministrativeUnit, Level, Structure


class UnitFilter(django_filters.FilterSet):
    structure = django_filters.ChoiceFilter(label=_("Structure"), choices=Structure.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    parent = django_filters.CharFilter(label=_("Parent code"), field_name="parent__code")
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_text")

    class Meta:
        model = AdministrativeUnit
        fields = ["structure", "level", "parent", "q"]

    def filter_text(self, queryset, name, value):
        text = value.strip()
        if text.isdigit():
            return queryset.filter(code__startswith=text)
        return queryset.filter(name_folded__contains=fold(text)) if fold(text) else queryset
