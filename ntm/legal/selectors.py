"""Reads of the legal-document registry. The registry is public: every list and detail is open to anyone; only
the province coordinator corrects a row (``may_edit``)."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import Role
from ntm.core.scoping import CHANGE, unit_paths
from ntm.core.text import fold
from ntm.legal.models import LegalDocument, LegalKind


def _issuer_choices() -> list[tuple[str, str]]:
    issuers = LegalDocument.objects.exclude(issuer="").order_by("issuer").values_list("issuer", flat=True)
    return [(issuer, issuer) for issuer in issuers.distinct()]


class LegalDocumentFilter(django_filters.FilterSet):
    """One filter for the list page and the API: text without diacritics, issuer, kind."""

    q = django_filters.CharFilter(label=_("Symbol, title or issuer"), method="filter_text")
    issuer = django_filters.ChoiceFilter(label=_("Issuer"), choices=_issuer_choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LegalKind.choices)

    class Meta:
        model = LegalDocument
        fields = ["q", "issuer", "kind"]

    def filter_text(self, queryset, name, value):
        text = fold(value)
        return queryset.filter(search_text__contains=text) if text else queryset


def legal_documents_filtered(params) -> tuple:
    """The documents matching ``params`` (a QueryDict or dict) and the bound filter (for the page's form)."""
    filterset = LegalDocumentFilter(params or None, queryset=LegalDocument.objects.order_by("symbol"))
    return filterset.qs, filterset


def legal_document(document_id: int) -> LegalDocument:
    return get_object_or_404(LegalDocument, pk=document_id)


def legal_document_by_symbol(symbol: str) -> LegalDocument | None:
    """The registry row cited as ``symbol`` ("QĐ 318/QĐ-TTg"), matched exactly or, failing that, ignoring case,
    diacritics and punctuation ("qd 318/qd-ttg"); None when the registry does not hold it."""
    symbol = (symbol or "").strip()
    if not symbol:
        return None
    exact = LegalDocument.objects.filter(symbol=symbol).first()
    if exact is not None:
        return exact
    wanted = fold(symbol)
    return next((doc for doc in LegalDocument.objects.all() if fold(doc.symbol) == wanted), None)


def may_edit(user) -> bool:
    """The province coordinator (a change scope over a province) corrects registry rows."""
    paths = unit_paths(user, CHANGE, roles=[Role.PROVINCE_COORDINATOR])
    return paths is None or bool(paths)
