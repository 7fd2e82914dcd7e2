"""Helpers for knowledge tests: items written through the services."""

from __future__ import annotations

from ntm.knowledge import services
from ntm.knowledge.models import ArticleKind, ModelField


def good_model_data(unit, **extra) -> dict:
    return {
        "kind": ArticleKind.GOOD_MODEL,
        "title": "Mô hình tuyến đường hoa",
        "summary": "Người dân góp cây, góp công",
        "body": "## Cách làm\n\n- Chi hội nhận chăm sóc từng đoạn",
        "unit": unit,
        "field": ModelField.ENVIRONMENT,
        "legal_document": None,
        "video_url": "",
        **extra,
    }


def published(author, publisher, data: dict, tags=()):
    article = services.article_save(actor=author, article=None, data=data, tags=list(tags))
    services.article_transition(actor=author, article=article, action="submit")
    return services.article_transition(actor=publisher, article=article, action="publish")
