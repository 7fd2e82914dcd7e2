"""One filter definition for the audit log, shared by the HTML page, the Excel export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ntm.audit.models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="istartswith")
    object_type = django_filters.CharFilter(label=_("Object type"), lookup_expr="icontains")
    actor = django_filters.CharFilter(label=_("Actor"), field_name="actor_label", lookup_expr="icontains")
    request_id = django_filters.CharFilter(label=_("Request id"))
    unit = django_filters.CharFilter(label=_("Unit code"), field_name="unit__code")
    date_from = django_filters.DateFilter(
        label=_("From date"), field_name="timestamp", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(label=_("To date"), field_name="timestamp", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["action", "object_type", "actor", "request_id", "unit", "date_from", "date_to"]
