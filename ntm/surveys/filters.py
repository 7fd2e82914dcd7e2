"""One filter definition per list, shared by the HTML pages, the Excel exports and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm.core.text import fold
from ntm.surveys.models import Campaign, CampaignStatus, Household, Purpose
from ntm.units.models import Hamlet
from ntm.units.selectors import hamlets_within


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Commune or title"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices)
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=Purpose.choices)
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Campaign
        fields = ["q", "status", "purpose", "year"]

    def filter_text(self, queryset, name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(Q(unit__name_folded__contains=folded) | Q(title__icontains=value.strip()))


ANSWERED_CHOICES = (("yes", _("Answered")), ("no", _("Not yet answered")))


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Household code or name"), method="filter_text")
    hamlet = django_filters.ModelChoiceFilter(label=_("Hamlet"), queryset=Hamlet.objects.none())
    answered = django_filters.ChoiceFilter(
        label=_("Answer"), choices=ANSWERED_CHOICES, method="filter_answered"
    )

    class Meta:
        model = Household
        fields = ["q", "hamlet", "answered"]

    def __init__(self, *args, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.filters["hamlet"].queryset = hamlets_within(campaign.unit).order_by("name")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(head_name__icontains=value))

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(receipt__isnull=False)
        if value == "no":
            return queryset.filter(receipt__isnull=True)
        return queryset
