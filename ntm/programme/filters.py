"""One filter definition per list, shared by the HTML lists, the Excel exports and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm.core.params import YEAR_MAX, YEAR_MIN
from ntm.core.text import fold
from ntm.programme.models import (
    AnnualPlan,
    Cooperative,
    CourseAudience,
    LinkageModel,
    Manager,
    OnlineService,
    PilotKind,
    PilotModel,
    PilotStatus,
    ServiceField,
    TrainingCourse,
)


def _search_unit_or_name(queryset, name_field: str, value: str):
    folded = fold(value)
    if not folded:
        return queryset
    return queryset.filter(
        Q(unit__name_folded__contains=folded) | Q(**{f"{name_field}__icontains": value.strip()})
    )


class _RegistryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = django_filters.CharFilter(label=_("Unit code"), field_name="unit__code")
    name_field = "name"

    def search(self, queryset, _name, value):
        return _search_unit_or_name(queryset, self.name_field, value)


class CooperativeFilter(_RegistryFilter):
    active = django_filters.BooleanFilter(
        label=_("Still operating"), field_name="dissolved_on", lookup_expr="isnull"
    )
    uses_digital = django_filters.BooleanFilter(label=_("Applies digital technology"))

    class Meta:
        model = Cooperative
        fields = ["q", "unit", "active", "uses_digital"]


class LinkageModelFilter(_RegistryFilter):
    key_product = django_filters.CharFilter(label=_("Key product"), lookup_expr="icontains")
    digital = django_filters.BooleanFilter(label=_("Digital raw-material area"), method="filter_digital")

    class Meta:
        model = LinkageModel
        fields = ["q", "unit", "key_product", "digital"]

    def filter_digital(self, queryset, _name, value):
        return queryset.filter(digital_raw_material_area=value)


class OnlineServiceFilter(_RegistryFilter):
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ServiceField.choices)
    has_feedback = django_filters.BooleanFilter(
        label=_("Has a feedback campaign"), field_name="feedback_campaign", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = OnlineService
        fields = ["q", "unit", "field", "has_feedback"]


class ManagerFilter(_RegistryFilter):
    name_field = "full_name"
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        field_name="unit__level",
        choices=[("province", _("Province")), ("district", _("District")), ("commune", _("Commune"))],
    )
    is_active = django_filters.BooleanFilter(label=_("In office"))
    trained = django_filters.BooleanFilter(label=_("Trained"), method="filter_trained")

    class Meta:
        model = Manager
        fields = ["q", "unit", "level", "is_active", "trained"]

    def filter_trained(self, queryset, _name, value):
        trained = Q(attendances__completed=True)
        ids = Manager.objects.filter(trained).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class TrainingCourseFilter(_RegistryFilter):
    name_field = "title"
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=CourseAudience.choices)

    class Meta:
        model = TrainingCourse
        fields = ["q", "year", "audience"]


class PilotFilter(_RegistryFilter):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PilotKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PilotStatus.choices)

    class Meta:
        model = PilotModel
        fields = ["q", "kind", "status"]


class AnnualPlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = AnnualPlan
        fields = ["year", "q"]

    def search(self, queryset, _name, value):
        folded = fold(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(unit__name_folded__contains=folded)
            | Q(organisation__name__icontains=value.strip())
            | Q(title__icontains=value.strip())
        )


FILTERS = {
    Cooperative: CooperativeFilter,
    LinkageModel: LinkageModelFilter,
    OnlineService: OnlineServiceFilter,
    Manager: ManagerFilter,
    TrainingCourse: TrainingCourseFilter,
    PilotModel: PilotFilter,
}
