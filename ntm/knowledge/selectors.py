"""Reads of the knowledge library and of emulation and awards.

Who reads what (``ntm.core.permissions`` area ``knowledge``): published items are public; drafts and items in review
are read by the roles of the area within their unit scope. Who writes: the coordinator and the department officers
write any kind of item for the units of their scope, review and publish; a commune officer writes only good models
of its own commune and sends them to review (``PUBLISHER_ROLES`` / ``DRAFTER_ROLES``). Emulation movements and award
decisions are kept by the publishers and read by the area's roles.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.choices import Role
from ntm.core.permissions import KNOWLEDGE, may_use_area, require_area
from ntm.core.scoping import CHANGE, VIEW
from ntm.core.text import fold, sort_key
from ntm.criteria.models import CriteriaSetVersion
from ntm.knowledge import markup
from ntm.knowledge.models import (
    Article,
    ArticleImage,
    ArticleKind,
    ArticleState,
    Award,
    AwardDecision,
    ModelField,
    Movement,
    MovementParticipant,
    Tag,
)
from ntm.recognition.models import ProcedureVersion
from ntm.units.models import AdministrativeUnit

PUBLISHER_ROLES = (Role.PROVINCE_COORDINATOR, Role.DEPARTMENT_OFFICER)
DRAFTER_ROLES = (Role.COMMUNE_OFFICER,)


def is_publisher(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.has_role(*PUBLISHER_ROLES)
    )


def may_write(user) -> bool:
    return may_use_area(user, KNOWLEDGE, CHANGE)


def writable_units(user) -> QuerySet[AdministrativeUnit]:
    """Units the user may write items for: the publishers' whole scope, a commune officer's own commune."""
    units = AdministrativeUnit.objects.restrict(user, CHANGE, area=KNOWLEDGE)
    return units.filter(structure="2025").order_by("tree_path")


def writable_kinds(user) -> list[tuple[str, str]]:
    if is_publisher(user):
        return list(ArticleKind.choices)
    return [(ArticleKind.GOOD_MODEL, ArticleKind.GOOD_MODEL.label)]


# --- Search ----------------------------------------------------------------------------------------------------------


def search(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """Items whose folded text holds every word of ``text`` without diacritics ("mo hinh" finds "mô hình");
    a plain ``contains`` on an ASCII column, the same on SQLite and PostgreSQL."""
    for word in markup.search_words(text, fold):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


@dataclass(frozen=True)
class LibraryQuery:
    q: str = ""
    kind: str = ""
    tag: str = ""
    field: str = ""
    unit: int | None = None

    @classmethod
    def from_params(cls, params) -> LibraryQuery:
        unit = params.get("unit") or ""
        return cls(
            q=(params.get("q") or "").strip()[:200],
            kind=params.get("kind") if params.get("kind") in ArticleKind.values else "",
            tag=fold(params.get("tag") or "")[:60],
            field=params.get("field") if params.get("field") in ModelField.values else "",
            unit=int(unit) if str(unit).isdigit() else None,
        )

    def apply(self, queryset: QuerySet[Article]) -> QuerySet[Article]:
        queryset = search(queryset, self.q)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.tag:
            queryset = queryset.filter(tags__key=self.tag)
        if self.field:
            queryset = queryset.filter(field=self.field)
        if self.unit:
            queryset = queryset.filter(unit_id=self.unit)
        return queryset


def _with_related(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("unit", "legal_document").prefetch_related("tags")


def public_articles(params=None) -> tuple[QuerySet[Article], LibraryQuery]:
    query = LibraryQuery.from_params(params or {})
    rows = query.apply(Article.objects.published())
    return _with_related(rows).order_by("-published_at", "-pk").distinct(), query


def public_article(pk: int) -> Article:
    return get_object_or_404(_with_related(Article.objects.published()), pk=pk)


def public_image(article_pk: int, image_pk: int) -> ArticleImage:
    """An image of a published item (404 for a draft's, a withdrawn item's or an unknown one)."""
    return get_object_or_404(
        ArticleImage.objects.filter(article__state=ArticleState.PUBLISHED, article_id=article_pk), pk=image_pk
    )


def public_image_urls(article: Article) -> list[str]:
    """The public addresses of a published item's images (none for an item that is not published)."""
    if not article.is_public:
        return []
    return [reverse("knowledge:public_image", args=[article.pk, image.pk]) for image in article.images.all()]


def image_for_view(user, article_pk: int, image_pk: int) -> ArticleImage:
    """An image of an item the user reads in the internal library (drafts' images stay in the area's scope)."""
    article = article_for_view(user, article_pk)
    return get_object_or_404(ArticleImage.objects.filter(article=article), pk=image_pk)


def latest_published(limit: int = 20) -> list[Article]:
    return list(_with_related(Article.objects.published()).order_by("-published_at", "-pk")[:limit])


def tags_in_use() -> list[Tag]:
    return list(
        Tag.objects.filter(articles__state=ArticleState.PUBLISHED)
        .annotate(n=Count("articles", distinct=True))
        .order_by("key")
    )


def good_model_showcase(params=None) -> tuple[list[tuple[str, list[Article]]], LibraryQuery]:
    """Published good models grouped by field, each group by unit name (Vietnamese order)."""
    query = LibraryQuery.from_params(params or {})
    rows = query.apply(Article.objects.published().filter(kind=ArticleKind.GOOD_MODEL))
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in _with_related(rows).distinct():
        groups[article.field or ModelField.OTHER].append(article)
    ordered = []
    for value, label in ModelField.choices:
        if value in groups:
            items = sorted(groups[value], key=lambda a: (sort_key(a.unit.name), sort_key(a.title)))
            ordered.append((label, items))
    return ordered, query


def showcase_units() -> list[AdministrativeUnit]:
    ids = Article.objects.published().filter(kind=ArticleKind.GOOD_MODEL).values("unit_id")
    return sorted(AdministrativeUnit.objects.filter(pk__in=ids), key=lambda u: sort_key(u.name))


# --- The internal library ----------------------------------------------------------------------------------------


def library_for(user, params=None) -> tuple[QuerySet[Article], LibraryQuery]:
    """Items the user reads in the internal library: every state within the scope, and every published item."""
    require_area(user, KNOWLEDGE)
    query = LibraryQuery.from_params(params or {})
    rows = Article.objects.restrict(user, VIEW, area=KNOWLEDGE) | Article.objects.published()
    state = (params or {}).get("state")
    if state in ArticleState.values:
        rows = rows.filter(state=state)
    return _with_related(query.apply(rows)).order_by("-updated_at", "-pk").distinct(), query


def article_for_view(user, pk: int) -> Article:
    require_area(user, KNOWLEDGE)
    rows = Article.objects.restrict(user, VIEW, area=KNOWLEDGE) | Article.objects.published()
    return get_object_or_404(_with_related(rows).distinct(), pk=pk)


def _changeable(user) -> QuerySet[Article]:
    if is_publisher(user):
        return Article.objects.restrict(user, CHANGE, roles=PUBLISHER_ROLES, area=KNOWLEDGE)
    return Article.objects.restrict(user, CHANGE, roles=DRAFTER_ROLES, area=KNOWLEDGE).filter(
        kind=ArticleKind.GOOD_MODEL
    )


def article_for_change(user, pk: int) -> Article:
    """An item the user may edit or move on: 403 for a role that never writes, 404 outside the scope."""
    require_area(user, KNOWLEDGE, CHANGE)
    return get_object_or_404(_with_related(_changeable(user)), pk=pk)


def may_change(user, article: Article) -> bool:
    return may_write(user) and _changeable(user).filter(pk=article.pk).exists()


def review_queue(user) -> QuerySet[Article]:
    """Items waiting for review in the publisher's scope (the "my work" list)."""
    if not is_publisher(user):
        return Article.objects.none()
    return _changeable(user).filter(state=ArticleState.REVIEW).select_related("unit").order_by("updated_at")


@dataclass(frozen=True)
class LegalLinks:
    """What a legal text defines, found from the registry symbol: the criteria-set versions and the recognition
    procedures whose legal basis cites it, and whether it is in force today."""

    criteria_versions: list[CriteriaSetVersion]
    procedures: list[ProcedureVersion]
    in_force: bool | None


def legal_links(article: Article, today: dt.date | None = None) -> LegalLinks | None:
    document = article.legal_document
    if document is None:
        return None
    symbol = fold(document.symbol)
    versions = [
        version
        for version in CriteriaSetVersion.objects.order_by("code", "-version")
        if symbol in fold(version.legal_source)
    ]
    procedures = [
        procedure
        for procedure in ProcedureVersion.objects.order_by("code", "-version")
        if symbol in fold(str((procedure.content or {}).get("legal_source", "")))
    ]
    today = today or dt.date.today()
    in_force = None
    if document.effective_from is not None:
        in_force = document.effective_from <= today and (
            document.effective_to is None or today <= document.effective_to
        )
    return LegalLinks(versions, procedures, in_force)


# --- Emulation and awards ----------------------------------------------------------------------------------------


def movements_for(user, year: int | None = None) -> QuerySet[Movement]:
    require_area(user, KNOWLEDGE)
    rows = Movement.objects.restrict(user, VIEW, area=KNOWLEDGE) | Movement.objects.filter(
        participations__unit__in=AdministrativeUnit.objects.restrict(user, VIEW, area=KNOWLEDGE)
    )
    if year:
        rows = rows.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return rows.select_related("unit").annotate(n=Count("participations", distinct=True)).distinct()


def movement_for_view(user, pk: int) -> Movement:
    return get_object_or_404(
        movements_for(user).prefetch_related(
            Prefetch("participations", queryset=MovementParticipant.objects.select_related("unit")),
            "decisions",
        ),
        pk=pk,
    )


def keeps_emulation_of(user, unit_id: int) -> bool:
    """Does ``user`` keep the movements and award decisions of the unit (a publisher whose scope holds it)?"""
    return is_publisher(user) and writable_units(user).filter(pk=unit_id).exists()


def require_publisher(user) -> None:
    """403 for a role that never keeps emulation (the commune officer writes good models only)."""
    require_area(user, KNOWLEDGE, CHANGE)
    if not is_publisher(user):
        raise PermissionDenied(
            _("Only the coordination office and the departments keep emulation and awards.")
        )


def movement_for_change(user, pk: int) -> Movement:
    require_publisher(user)
    rows = Movement.objects.restrict(user, CHANGE, roles=PUBLISHER_ROLES, area=KNOWLEDGE)
    return get_object_or_404(rows.select_related("unit"), pk=pk)


def decisions_for(user, year: int | None = None) -> QuerySet[AwardDecision]:
    require_area(user, KNOWLEDGE)
    rows = AwardDecision.objects.restrict(user, VIEW, area=KNOWLEDGE)
    if year:
        rows = rows.filter(decided_on__year=year)
    return rows.select_related("unit", "movement").annotate(n=Count("awards"))


def decision_for_view(user, pk: int) -> AwardDecision:
    return get_object_or_404(
        decisions_for(user).prefetch_related(
            Prefetch("awards", queryset=Award.objects.select_related("recipient_unit"))
        ),
        pk=pk,
    )


def decision_for_change(user, pk: int) -> AwardDecision:
    require_publisher(user)
    rows = AwardDecision.objects.restrict(user, CHANGE, roles=PUBLISHER_ROLES, area=KNOWLEDGE)
    return get_object_or_404(rows.select_related("unit", "movement"), pk=pk)


def awards_by_year(user, year: int) -> list[Award]:
    """The awards of the decisions of ``year`` in the user's scope, units first then people."""
    rows = Award.objects.restrict(user, VIEW, area=KNOWLEDGE).filter(decision__decided_on__year=year)
    return list(
        rows.select_related("decision", "recipient_unit").order_by(
            "decision__decided_on", "decision__number", F("recipient_unit").asc(nulls_last=True), "id"
        )
    )


def award_years(user) -> list[int]:
    rows = AwardDecision.objects.restrict(user, VIEW, area=KNOWLEDGE).dates("decided_on", "year")
    movement_rows = Movement.objects.restrict(user, VIEW, area=KNOWLEDGE).dates("starts_on", "year")
    years = {d.year for d in rows} | {d.year for d in movement_rows}
    return sorted(years, reverse=True)


# --- Public awards -----------------------------------------------------------------------------------------------


def _public_decisions(today: dt.date | None = None) -> QuerySet[AwardDecision]:
    """Award decisions the public reads: every recorded decision dated today or before (a decision is a public
    administrative document; its list names units, and people by name and position only, as the decision does)."""
    return AwardDecision.objects.filter(decided_on__lte=today or dt.date.today())


def public_award_years(today: dt.date | None = None) -> list[int]:
    rows = _public_decisions(today).filter(awards__isnull=False).dates("decided_on", "year")
    return sorted({d.year for d in rows}, reverse=True)


def public_awards(year: int, today: dt.date | None = None) -> list[Award]:
    """The awards of the public decisions of ``year``: by decision date and number, units before people."""
    rows = Award.objects.filter(decision__in=_public_decisions(today), decision__decided_on__year=year)
    return list(
        rows.select_related("decision", "decision__unit", "decision__movement", "recipient_unit").order_by(
            "decision__decided_on", "decision__number", F("recipient_unit").asc(nulls_last=True), "id"
        )
    )
