"""Knowledge API. Public: the published library (news, guidance, training materials, legal texts, videos, good
models; drafts and items in review never leave it) and the awards of the recorded award decisions by year (units,
and people by name and position only, as the decision names them). Scoped: the emulation movements the caller's
units launched or joined (area ``knowledge``, like the pages)."""

from datetime import date, datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ntm.core.api import BoundedPagination, ErrorOut, QueryYear
from ntm.knowledge import selectors
from ntm.knowledge.models import Article, Award, Movement

router = Router(tags=["knowledge"])


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    unit_code: str
    unit_name: str
    field: str
    tags: list[str]
    video_url: str
    legal_document: str | None
    published_at: datetime | None

    @staticmethod
    def resolve_unit_code(article: Article) -> str:
        return article.unit.code

    @staticmethod
    def resolve_unit_name(article: Article) -> str:
        return article.unit.name

    @staticmethod
    def resolve_tags(article: Article) -> list[str]:
        return [tag.name for tag in article.tags.all()]

    @staticmethod
    def resolve_legal_document(article: Article) -> str | None:
        return article.legal_document.symbol if article.legal_document_id else None


class ArticleDetailOut(ArticleOut):
    body: str
    images: list[str]

    @staticmethod
    def resolve_images(article: Article) -> list[str]:
        return selectors.public_image_urls(article)


class ArticleFilterIn(Schema):
    q: str | None = None
    kind: str | None = None
    tag: str | None = None
    field: str | None = None
    unit: int | None = None


@router.get(
    "/articles",
    response={200: list[ArticleOut], 422: ErrorOut},
    auth=None,
    summary="Published library items (public); q searches without diacritics, every word must appear",
)
@paginate(BoundedPagination)
def list_articles(request, filters: Query[ArticleFilterIn]):
    rows, _query = selectors.public_articles(filters.dict(exclude_none=True))
    return rows


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetailOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="One published library item with its text (plain text with the library's few marks) and images",
)
def get_article(request, article_id: int):
    return selectors.public_article(article_id)


class AwardOut(Schema):
    decision_number: str
    decided_on: date
    issuing_body: str
    movement: str | None
    form: str
    recipient_kind: str
    recipient: str
    position: str
    achievement: str

    @staticmethod
    def resolve_decision_number(award: Award) -> str:
        return award.decision.number

    @staticmethod
    def resolve_decided_on(award: Award) -> date:
        return award.decision.decided_on

    @staticmethod
    def resolve_issuing_body(award: Award) -> str:
        return award.decision.issuing_body

    @staticmethod
    def resolve_movement(award: Award) -> str | None:
        return award.decision.movement.title if award.decision.movement_id else None

    @staticmethod
    def resolve_recipient_kind(award: Award) -> str:
        return "unit" if award.recipient_unit_id else "person"

    @staticmethod
    def resolve_recipient(award: Award) -> str:
        return award.recipient_unit.name if award.recipient_unit_id else award.person_name

    @staticmethod
    def resolve_position(award: Award) -> str:
        return "" if award.recipient_unit_id else award.person_position


class AwardYearIn(Schema):
    year: QueryYear | None = None


@router.get(
    "/awards",
    response={200: list[AwardOut], 422: ErrorOut},
    auth=None,
    summary="Awards of the recorded award decisions of a year (public; default: the latest year with awards)",
)
@paginate(BoundedPagination)
def list_awards(request, filters: Query[AwardYearIn]):
    year = filters.year
    if year is None:
        years = selectors.public_award_years()
        if not years:
            return []
        year = years[0]
    return selectors.public_awards(year)


class MovementOut(Schema):
    id: int
    title: str
    unit_code: str
    unit_name: str
    starts_on: date
    ends_on: date
    launch_document: str
    participants: int

    @staticmethod
    def resolve_unit_code(movement: Movement) -> str:
        return movement.unit.code

    @staticmethod
    def resolve_unit_name(movement: Movement) -> str:
        return movement.unit.name

    @staticmethod
    def resolve_participants(movement: Movement) -> int:
        return movement.n


@router.get(
    "/movements",
    response={200: list[MovementOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Emulation movements the caller's units launched or joined; year: those running in that year",
)
@paginate(BoundedPagination)
def list_movements(request, filters: Query[AwardYearIn]):
    return selectors.movements_for(request.auth, filters.year).order_by("-starts_on", "title")
