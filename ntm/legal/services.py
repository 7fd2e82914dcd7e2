"""Writes of the legal-document registry: loading the shipped data file and the coordinator's corrections. Each
one transaction, audited.

Loading is idempotent. Each row remembers the hash of the file entry it was last loaded from: an unchanged entry
leaves the row alone (so a coordinator's correction survives every start-up), a changed entry rewrites the row
from the file and the audit entry records the difference. Rows the file no longer lists are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.legal.datafile import DEFAULT_PATH, read_documents
from ntm.legal.models import LegalDocument
from ntm.legal.selectors import forget_registry, legal_document_by_symbol, may_edit

EDITABLE_FIELDS = (
    "kind",
    "number",
    "issued_on",
    "issuer",
    "title",
    "url",
    "effective_from",
    "effective_to",
    "note",
    "source",
    "provenance",
)


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def legal_documents_load(*, path: Path | str = DEFAULT_PATH, actor=None) -> LoadResult:
    """Load the data file at ``path``. A file with any problem raises ``LegalFileError`` before anything is
    written."""
    entries = read_documents(path)
    result = LoadResult()
    with transaction.atomic():
        existing = {doc.symbol: doc for doc in LegalDocument.objects.select_for_update()}
        for entry in entries:
            values = entry.fields()
            document = existing.get(entry.symbol)
            if document is None:
                document = LegalDocument.objects.create(**values, file_hash=entry.content_hash)
                audit_record(
                    action="legal_document.load", instance=document, after=snapshot(document), actor=actor
                )
                result.created.append(entry.symbol)
                continue
            if document.file_hash == entry.content_hash:
                result.unchanged.append(entry.symbol)
                continue
            before = snapshot(document)
            for name, value in values.items():
                setattr(document, name, value)
            document.file_hash = entry.content_hash
            document.updated_by = None
            document.save()
            audit_record(
                action="legal_document.reload",
                instance=document,
                before=before,
                after=snapshot(document),
                extra={"file": Path(path).name},
                actor=actor,
            )
            result.updated.append(entry.symbol)
    forget_registry()
    return result


def legal_document_create(*, data: dict, actor) -> LegalDocument:
    """A record the coordinator adds (``data`` holds the symbol and ``EDITABLE_FIELDS``): a later plan, the
    province's instruction on who reports after the two-tier reform, a new standard. The symbol is unique however
    it is spelt (case, diacritics)."""
    if not may_edit(actor):
        raise PermissionDenied(_("Only the province coordinator corrects the legal-document registry."))
    symbol = " ".join((data.get("symbol") or "").split())
    if not symbol:
        raise ServiceError(_("Write the document's symbol, e.g. “KH 202/KH-UBND”."))
    start, end = data.get("effective_from"), data.get("effective_to")
    if start and end and end < start:
        raise ServiceError(_("The end of validity is before its start; nothing changed."))
    with transaction.atomic():
        existing = legal_document_by_symbol(symbol)
        if existing is not None:
            raise ServiceError(
                _("The registry already holds “%(symbol)s”; correct that record instead.")
                % {"symbol": existing.symbol}
            )
        document = LegalDocument(symbol=symbol, updated_by=actor)
        for name in EDITABLE_FIELDS:
            value = data.get(name)
            setattr(document, name, value.strip() if isinstance(value, str) else value)
        document.save()
        audit_record(action="legal_document.create", instance=document, after=snapshot(document), actor=actor)
    forget_registry()
    return document


def legal_document_update(*, document: LegalDocument, data: dict, actor) -> LegalDocument:
    """The coordinator's correction of a row (``data`` holds ``EDITABLE_FIELDS``; the symbol never changes)."""
    if not may_edit(actor):
        raise PermissionDenied(_("Only the province coordinator corrects the legal-document registry."))
    start, end = data.get("effective_from"), data.get("effective_to")
    if start and end and end < start:
        raise ServiceError(_("The end of validity is before its start; nothing changed."))
    with transaction.atomic():
        document = LegalDocument.objects.select_for_update().get(pk=document.pk)
        before = snapshot(document)
        for name in EDITABLE_FIELDS:
            value = data.get(name)
            setattr(document, name, value.strip() if isinstance(value, str) else value)
        document.updated_by = actor
        document.save()
        audit_record(
            action="legal_document.update",
            instance=document,
            before=before,
            after=snapshot(document),
            actor=actor,
        )
    forget_registry()
    return document
