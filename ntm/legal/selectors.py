"""Reads of the legal-document registry. The registry is public: every list and detail is open to anyone; only
the province coordinator corrects a row (``may_edit``)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import Role
from ntm.core.scoping import CHANGE, unit_paths
from ntm.core.text import fold
from ntm.legal.citations import parse_source, shipped_registry, source_problems
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


# --- Sources as registry records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedSource:
    """One item of a ``source``: a registry record with the part cited, a public page, or (text stored before
    sources were checked) the text as it is."""

    text: str
    part: str = ""
    document: LegalDocument | None = None
    page_url: str = ""

    @property
    def label(self) -> str:
        """ "KH 202/KH-UBND ngày 18/8/2023 của Ủy ban nhân dân tỉnh Đồng Nai, mục II.2.a" (plain text)."""
        if self.document is None:
            return self.page_url or self.text
        doc = self.document
        words = [doc.symbol]
        if doc.issued_on:
            words.append(f"ngày {doc.issued_on.day:02d}/{doc.issued_on.month}/{doc.issued_on.year}")
        if doc.issuer:
            words.append(f"của {doc.issuer}")
        label = " ".join(words)
        return f"{label}, {self.part}" if self.part else label


_REGISTRY: dict[str, object] = {"at": 0.0, "documents": {}}
_REGISTRY_SECONDS = 30.0


def forget_registry() -> None:
    """Drop the remembered registry (after a load or a correction in this process)."""
    _REGISTRY["at"] = 0.0


def _registry() -> dict[str, LegalDocument]:
    """Symbol → record, remembered for a few seconds (a criteria page cites the registry hundreds of times)."""
    now = time.monotonic()
    if now - float(_REGISTRY["at"]) > _REGISTRY_SECONDS:
        _REGISTRY["documents"] = {doc.symbol: doc for doc in LegalDocument.objects.all()}
        _REGISTRY["at"] = now
    return _REGISTRY["documents"]  # type: ignore[return-value]


def registry_source_problems(text: str) -> list[str]:
    """Problems with ``text`` as a ``source`` against the shipped registry file and the records in the database
    (those the coordinator added count): each item names a record, with its right date, or is a public page."""
    registry = shipped_registry() | {symbol: doc.issued_on for symbol, doc in _registry().items()}
    return source_problems(text, registry)


def cited_sources(text: str) -> list[CitedSource]:
    """The items of a ``source`` resolved against the registry (``ntm.legal.citations`` format)."""
    documents = _registry()
    citations, _problems = parse_source(text or "", documents)
    if _problems:
        return [CitedSource(text=text)] if text else []
    items = []
    for citation in citations:
        if citation.is_page:
            items.append(CitedSource(text=citation.url, page_url=citation.url))
        else:
            items.append(
                CitedSource(text=citation.symbol, part=citation.part, document=documents[citation.symbol])
            )
    return items


def source_text(text: str, *, pages: bool = False) -> str:
    """A ``source`` as plain text for documents and exports: each registry record with its date, issuer and the
    part cited, then its public URL when the registry has one; further pages only with ``pages``."""
    parts = []
    for item in cited_sources(text):
        if item.page_url and not pages:
            continue
        label = item.label
        if item.document is not None and item.document.url:
            label = f"{label} ({item.document.url})"
        parts.append(label)
    return "; ".join(parts) or (text or "")
