"""The knowledge library: who writes, reviews and publishes; search without diacritics; tags; RSS; public pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.tests.factories import load_shipped
from ntm.knowledge import selectors, services
from ntm.knowledge.models import Article, ArticleKind, ArticleState
from ntm.knowledge.tests.factories import good_model_data, published
from ntm.knowledge.worklist import knowledge_work
from ntm.legal.models import LegalDocument
from ntm.legal.services import legal_documents_load

pytestmark = pytest.mark.django_db


def test_commune_drafts_its_good_model_and_the_coordinator_publishes(cast):
    article = services.article_save(
        actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a), tags=["Môi trường"]
    )
    assert article.state == ArticleState.DRAFT and article.created_by == cast.officer_a
    with pytest.raises(PermissionDenied):
        services.article_transition(actor=cast.officer_a, article=article, action="publish")
    services.article_transition(actor=cast.officer_a, article=article, action="submit")
    assert [(i.key, i.count) for i in knowledge_work(cast.department)] == [("knowledge.review", 1)]
    assert knowledge_work(cast.officer_b) == []
    with pytest.raises(StateConflict):  # in review: the writer waits for the reviewer
        services.article_save(actor=cast.officer_a, article=article, data=good_model_data(cast.commune_a))
    done = services.article_transition(actor=cast.coordinator, article=article, action="publish")
    assert done.state == ArticleState.PUBLISHED and done.published_by == cast.coordinator
    assert done.published_at is not None


def test_commune_writes_only_good_models_of_its_own_commune(cast):
    with pytest.raises(PermissionDenied):
        services.article_save(
            actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a, kind=ArticleKind.NEWS)
        )
    with pytest.raises(PermissionDenied):
        services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_b))
    with pytest.raises(PermissionDenied):
        services.article_save(actor=cast.auditor, article=None, data=good_model_data(cast.province))


def test_return_needs_a_note_and_brings_the_draft_back(cast):
    article = services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a))
    services.article_transition(actor=cast.officer_a, article=article, action="submit")
    with pytest.raises(ServiceError):
        services.article_transition(actor=cast.department, article=article, action="return", note=" ")
    back = services.article_transition(
        actor=cast.department, article=article, action="return", note="Thêm ảnh"
    )
    assert back.state == ArticleState.DRAFT and back.review_note == "Thêm ảnh"
    assert [(i.key, i.count) for i in knowledge_work(cast.officer_a)] == [("knowledge.returned", 1)]


def test_search_without_diacritics_finds_the_published_item_only(cast):
    published(cast.officer_a, cast.coordinator, good_model_data(cast.commune_a), tags=["Cảnh quan"])
    services.article_save(
        actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a, title="Mô hình nháp")
    )
    rows, _query = selectors.public_articles({"q": "mo hinh"})
    assert [a.title for a in rows] == ["Mô hình tuyến đường hoa"]
    assert not selectors.public_articles({"q": "mo hinh xe dap"})[0].exists()  # every word must be found
    assert [a.title for a in selectors.public_articles({"q": "CANH QUAN"})[0]] == ["Mô hình tuyến đường hoa"]
    assert [a.title for a in selectors.public_articles({"tag": "cảnh quan"})[0]] == [
        "Mô hình tuyến đường hoa"
    ]


def test_tags_are_one_per_folded_name(cast):
    assert services.parse_tags("Chuyển đổi số, chuyen doi so , , OCOP") == ["Chuyển đổi số", "OCOP"]
    with pytest.raises(ServiceError):
        services.parse_tags(",".join(f"t{i}" for i in range(11)))


def test_public_pages_show_published_items_only_and_escape_the_text(cast, client):
    item = published(
        cast.coordinator,
        cast.coordinator,
        good_model_data(cast.commune_a, body="<script>alert(1)</script>\n\n**đậm**"),
    )
    draft = services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a))
    page = client.get(reverse("knowledge:public_detail", args=[item.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "<script>alert(1)</script>" not in text
        and "&lt;script&gt;" in text
        and "<strong>đậm</strong>" in text
    )
    assert client.get(reverse("knowledge:public_detail", args=[draft.pk])).status_code == 404
    showcase = client.get(reverse("knowledge:showcase")).content.decode()
    assert item.title in showcase and "Môi trường và cảnh quan" in showcase


def test_rss_lists_published_items(cast, client):
    item = published(cast.coordinator, cast.coordinator, good_model_data(cast.commune_a))
    services.article_save(
        actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a, title="Bản nháp riêng")
    )
    response = client.get(reverse("knowledge:feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert item.title in body and "Bản nháp riêng" not in body
    assert reverse("knowledge:public_detail", args=[item.pk]) in body


def test_internal_library_scope(cast, client_as):
    draft_a = services.article_save(actor=cast.officer_a, article=None, data=good_model_data(cast.commune_a))
    assert (
        client_as(cast.officer_b).get(reverse("knowledge:manage_detail", args=[draft_a.pk])).status_code
        == 404
    )
    assert (
        client_as(cast.auditor).get(reverse("knowledge:manage_detail", args=[draft_a.pk])).status_code == 200
    )
    assert client_as(cast.auditor).get(reverse("knowledge:article_create")).status_code == 403
    assert (
        client_as(cast.officer_b)
        .post(reverse("knowledge:article_transition", args=[draft_a.pk]), {"action": "submit"})
        .status_code
        == 404
    )
    assert Article.objects.get(pk=draft_a.pk).state == ArticleState.DRAFT


def test_a_legal_text_shows_effective_dates_and_the_criteria_sets_it_defines(cast, client):
    legal_documents_load()
    load_shipped()
    document = LegalDocument.objects.get(symbol="QĐ 318/QĐ-TTg")
    item = published(
        cast.coordinator,
        cast.coordinator,
        good_model_data(
            cast.province, kind=ArticleKind.LEGAL, title="Bộ tiêu chí xã", legal_document=document
        ),
    )
    links = selectors.legal_links(item)
    assert links is not None
    assert "xa-ntm-2021-2025" in {version.code for version in links.criteria_versions}
    page = client.get(reverse("knowledge:public_detail", args=[item.pk])).content.decode()
    assert reverse("criteria:detail", args=[links.criteria_versions[0].ref]) in page


def test_a_legal_text_needs_its_registry_document_and_a_video_a_https_link(cast):
    with pytest.raises(ServiceError):
        services.article_save(
            actor=cast.coordinator, article=None, data=good_model_data(cast.province, kind=ArticleKind.LEGAL)
        )
    with pytest.raises(ServiceError):
        services.article_save(
            actor=cast.coordinator,
            article=None,
            data=good_model_data(cast.province, kind=ArticleKind.VIDEO, video_url="http://e.org/v"),
        )


def test_the_demo_loads_labelled_items(cast):
    from ntm.knowledge.demo import load_knowledge_demo
    from ntm.testing.factories import UnitFactory
    from ntm.units.models import Level

    UnitFactory(code="26500", name="Xã Xuân Lộc", parent=cast.province, level=Level.COMMUNE)
    User = type(cast.coordinator)
    User.objects.filter(pk__in=[cast.coordinator.pk, cast.department.pk, cast.officer_a.pk]).update(
        is_demo=True
    )
    legal_documents_load()
    load_knowledge_demo(cast.province)
    titles = list(Article.objects.values_list("title", flat=True))
    assert len(titles) == 6 and all("minh họa" in title for title in titles)
    assert Article.objects.filter(state=ArticleState.DRAFT).count() == 1
    assert selectors.public_articles({"q": "duong hoa"})[0].count() == 1
