"""One filter definition for the criteria-set list, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm.core.params import YEAR_MAX, YEAR_MIN
from ntm.criteria.models import CriteriaSetVersion, SetSubject


class CriteriaSetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or name contains"), method="filter_text")
    subject = django_filters.ChoiceFilter(
        label=_("Assessed unit"), choices=SetSubject.choices, empty_label=_("All")
    )
    year = django_filters.NumberFilter(
        label=_("In force in year"), method="filter_year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = CriteriaSetVersion
        fields = ["q", "subject", "year"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(year_from__lte=value, year_to__gte=value) if value is not None else queryset
