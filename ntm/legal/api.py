from datetime import date

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination
from ntm.legal import selectors

router = Router(tags=["legal documents"])


class LegalDocumentOut(Schema):
    id: int
    symbol: str
    kind: str
    number: str
    issued_on: date | None
    issuer: str
    title: str
    url: str
    effective_from: date | None
    effective_to: date | None
    note: str
    source: str
    provenance: str


class CitedSourceOut(Schema):
    """One item of a ``source``: a registry record (``document_id``, symbol, date, issuer, public URL) with the
    part cited, or a further public page (``page_url``); ``text`` holds text stored before sources were checked."""

    document_id: int | None = None
    symbol: str = ""
    issued_on: date | None = None
    issuer: str = ""
    url: str = ""
    part: str = ""
    page_url: str = ""
    text: str = ""


def cited_sources_out(text: str) -> list[dict]:
    """``text`` as a list of ``CitedSourceOut`` rows."""
    rows = []
    for item in selectors.cited_sources(text):
        doc = item.document
        if doc is not None:
            rows.append(
                {
                    "document_id": doc.pk,
                    "symbol": doc.symbol,
                    "issued_on": doc.issued_on,
                    "issuer": doc.issuer,
                    "url": doc.url,
                    "part": item.part,
                }
            )
        else:
            rows.append({"page_url": item.page_url, "text": "" if item.page_url else item.text})
    return rows


class LegalDocumentQuery(Schema):
    q: str | None = None
    issuer: str | None = None
    kind: str | None = None


@router.get("", response=list[LegalDocumentOut], auth=None, summary="List legal documents (public)")
@paginate(BoundedPagination)
def list_documents(request, filters: Query[LegalDocumentQuery]):
    documents, _filter = selectors.legal_documents_filtered(filters.dict(exclude_none=True))
    return documents


@router.get(
    "/{document_id}",
    response=LegalDocumentOut,
    auth=None,
    summary="One legal document (public; 404 if unknown)",
)
def get_document(request, document_id: int):
    return selectors.legal_document(document_id)
