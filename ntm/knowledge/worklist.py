"""The knowledge app's line on "my work": items waiting for the publisher's review; a commune officer's drafts
returned with a note."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.worklist import WorkItem
from ntm.knowledge import selectors
from ntm.knowledge.models import Article, ArticleState


def knowledge_work(user) -> list[WorkItem]:
    items = []
    waiting = list(selectors.review_queue(user)[:50])
    if waiting:
        items.append(
            WorkItem(
                key="knowledge.review",
                label=_("Library items waiting for review"),
                count=len(waiting),
                url=f"{reverse('knowledge:manage_list')}?state={ArticleState.REVIEW}",
                details=tuple(
                    (f"{a.title} — {a.unit.name}", reverse("knowledge:manage_detail", args=[a.pk]))
                    for a in waiting[:3]
                ),
            )
        )
    returned = list(
        Article.objects.filter(created_by=user, state=ArticleState.DRAFT)
        .exclude(review_note="")
        .order_by("-updated_at")[:20]
    )
    if returned:
        items.append(
            WorkItem(
                key="knowledge.returned",
                label=_("Library items returned to you"),
                count=len(returned),
                url=f"{reverse('knowledge:manage_list')}?state={ArticleState.DRAFT}",
                details=tuple(
                    (f"{a.title}: {a.review_note}", reverse("knowledge:manage_detail", args=[a.pk]))
                    for a in returned[:3]
                ),
            )
        )
    return items
