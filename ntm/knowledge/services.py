"""Writes of the knowledge library and of emulation and awards: one function per use case, in a transaction, audited.

The workflow of an item: draft → review (``submit``) → published (``publish``), or back to draft with the
reviewer's note (``return``); a published item is withdrawn (``withdraw``), a withdrawn one may be redrafted
(``redraft``). Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.text import fold
from ntm.core.uploads import IMAGE_TYPES, attach, check_size
from ntm.knowledge import selectors
from ntm.knowledge.models import (
    Article,
    ArticleImage,
    ArticleKind,
    ArticleState,
    Award,
    AwardDecision,
    AwardForm,
    Movement,
    MovementParticipant,
    Tag,
)
from ntm.units.models import AdministrativeUnit

ARTICLE_FIELDS = ("kind", "title", "summary", "body", "unit", "field", "legal_document", "video_url")
EDITABLE_STATES = (ArticleState.DRAFT, ArticleState.REVIEW)
MAX_TAGS = 10
IMAGE_BYTES = 2 * 1024 * 1024  # an image of an article: at most 2 MB
MAX_IMAGES = 10

# action → (states it starts from, state it leads to, publishers only)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "submit": ((ArticleState.DRAFT,), ArticleState.REVIEW, False),
    "publish": ((ArticleState.REVIEW,), ArticleState.PUBLISHED, True),
    "return": ((ArticleState.REVIEW,), ArticleState.DRAFT, True),
    "withdraw": ((ArticleState.PUBLISHED,), ArticleState.WITHDRAWN, True),
    "redraft": ((ArticleState.WITHDRAWN,), ArticleState.DRAFT, True),
}


def parse_tags(text: str) -> list[str]:
    """Tag names from a comma-separated text, each once (compared without diacritics), at most ``MAX_TAGS``."""
    names: dict[str, str] = {}
    for raw in (text or "").split(","):
        name = " ".join(raw.split())[:60]
        if name and fold(name) not in names:
            names[fold(name)] = name
    if len(names) > MAX_TAGS:
        raise ServiceError(_("At most %(n)s tags.") % {"n": MAX_TAGS})
    return list(names.values())


def _check_article(actor, data: Mapping[str, Any]) -> None:
    kind = data["kind"]
    if kind not in dict(selectors.writable_kinds(actor)):
        raise PermissionDenied(_("Your role may write only good models of your own commune."))
    if not selectors.writable_units(actor).filter(pk=data["unit"].pk).exists():
        raise PermissionDenied(_("You may not write items for %(unit)s.") % {"unit": data["unit"].name})
    if not (data.get("title") or "").strip():
        raise ServiceError(_("Enter a title."))
    if kind == ArticleKind.LEGAL and data.get("legal_document") is None:
        raise ServiceError(_("A legal text names its document in the legal registry."))
    if kind == ArticleKind.VIDEO:
        url = data.get("video_url") or ""
        if not url.startswith("https://"):
            raise ServiceError(_("A video is a link to a page starting with https:// (it is not embedded)."))
    if kind == ArticleKind.GOOD_MODEL and not data.get("field"):
        raise ServiceError(_("Choose the field of the good model."))


def _set_tags(article: Article, names: Sequence[str]) -> None:
    tags = []
    for name in names:
        tag = Tag.objects.filter(key=fold(name)[:60]).first() or Tag.objects.create(name=name)
        tags.append(tag)
    article.tags.set(tags)


def _reindex(article: Article) -> None:
    article.search_text = article.index_text()
    Article.objects.filter(pk=article.pk).update(search_text=article.search_text)


def _require_editable(actor, row: Article) -> None:
    """An item is changed (text or images) in draft, or in review by a publisher."""
    if row.state not in EDITABLE_STATES:
        raise StateConflict(
            _("A published or withdrawn item is not edited: redraft it first."),
            expected_state="draft",
            actual_state=row.state,
        )
    if not selectors.is_publisher(actor) and row.state != ArticleState.DRAFT:
        raise StateConflict(
            _("The item is in review; the reviewer returns it if it needs changes."),
            expected_state="draft",
            actual_state=row.state,
        )


@transaction.atomic
def article_save(
    *, actor, article: Article | None, data: Mapping[str, Any], tags: Sequence[str] = ()
) -> Article:
    """Create an item (a draft) or edit one still in draft or review."""
    _check_article(actor, data)
    if article is None:
        row = Article(created_by=actor, state=ArticleState.DRAFT)
        before = None
    else:
        row = Article.objects.select_for_update().get(pk=article.pk)
        _require_editable(actor, row)
        before = snapshot(row)
    for name in ARTICLE_FIELDS:
        value = data.get(name)
        setattr(row, name, value if value is not None or name == "legal_document" else "")
    if row.kind != ArticleKind.LEGAL:
        row.legal_document = None
    if row.kind != ArticleKind.VIDEO:
        row.video_url = ""
    if row.kind != ArticleKind.GOOD_MODEL and not data.get("field"):
        row.field = ""
    row.save()
    _set_tags(row, list(tags))
    _reindex(row)
    audit_record(
        action="knowledge.article_save",
        instance=row,
        before=before,
        after=snapshot(row),
        extra={"tags": list(tags)},
        actor=actor,
    )
    return row


@transaction.atomic
def article_transition(*, actor, article: Article, action: str, note: str = "") -> Article:
    """Move an item along the workflow; the publishers publish, return, withdraw and redraft."""
    if action not in TRANSITIONS:
        raise ServiceError(_("Unknown action."))
    sources, target, publishers_only = TRANSITIONS[action]
    if publishers_only and not selectors.is_publisher(actor):
        raise PermissionDenied(_("Only the coordination office and the departments review and publish."))
    row = Article.objects.select_for_update().get(pk=article.pk)
    if row.state not in sources:
        raise StateConflict(
            _("This item is “%(state)s”: that action does not apply.") % {"state": row.get_state_display()},
            expected_state=sources[0],
            actual_state=row.state,
        )
    if action == "return" and not note.strip():
        raise ServiceError(_("Say what needs changing before returning the item."))
    before = snapshot(row)
    row.state = target
    if action in ("return", "submit"):
        row.review_note = note.strip()[:500] if action == "return" else ""
    if action == "publish":
        row.published_at, row.published_by = timezone.now(), actor
    row.save()
    audit_record(
        action=f"knowledge.article_{action}",
        instance=row,
        before=before,
        after=snapshot(row),
        actor=actor,
    )
    return row


@transaction.atomic
def article_image_add(*, actor, article: Article, upload: UploadedFile, caption: str = "") -> ArticleImage:
    """Add an image (JPEG/PNG by content, at most ``IMAGE_BYTES``) to an item the actor may change and edit."""
    row = selectors.article_for_change(actor, article.pk)
    row = Article.objects.select_for_update().get(pk=row.pk)
    _require_editable(actor, row)
    if row.images.count() >= MAX_IMAGES:
        raise ServiceError(_("At most %(n)s images per item.") % {"n": MAX_IMAGES})
    check_size(upload.size, name=upload.name, limit=IMAGE_BYTES)
    image = attach(ArticleImage(article=row, uploaded_by=actor), upload, allowed=IMAGE_TYPES)
    image.caption = " ".join((caption or "").split())[:200]
    image.save()
    audit_record(
        action="knowledge.article_image_add",
        instance=row,
        extra={"image": image.pk, "mime_type": image.mime_type, "size": image.size},
        actor=actor,
    )
    return image


@transaction.atomic
def article_image_remove(*, actor, article: Article, image_id: int) -> None:
    """Remove an image from an item the actor may change and edit (the row and its stored file)."""
    row = selectors.article_for_change(actor, article.pk)
    row = Article.objects.select_for_update().get(pk=row.pk)
    _require_editable(actor, row)
    image = row.images.filter(pk=image_id).first()
    if image is None:
        raise ServiceError(_("This item has no such image."))
    name = image.original_name
    image.delete()
    transaction.on_commit(lambda: image.file.delete(save=False))
    audit_record(
        action="knowledge.article_image_remove",
        instance=row,
        extra={"image": image_id, "name": name},
        actor=actor,
    )


# --- Emulation and awards ----------------------------------------------------------------------------------------


def _require_publisher_unit(actor, unit: AdministrativeUnit) -> None:
    if not selectors.keeps_emulation_of(actor, unit.pk):
        raise PermissionDenied(
            _("Only the coordination office and the departments keep emulation and awards.")
        )


@transaction.atomic
def movement_save(*, actor, movement: Movement | None, data: Mapping[str, Any]) -> Movement:
    _require_publisher_unit(actor, data["unit"])
    if data["ends_on"] < data["starts_on"]:
        raise ServiceError(_("The movement ends before it starts."))
    row = movement or Movement()
    before = None if movement is None else snapshot(row)
    for name in ("title", "unit", "starts_on", "ends_on", "description", "launch_document"):
        setattr(row, name, data.get(name) or ("" if name in ("description", "launch_document") else None))
    row.save()
    audit_record(
        action="knowledge.movement_save", instance=row, before=before, after=snapshot(row), actor=actor
    )
    return row


@transaction.atomic
def movement_participant_add(
    *, actor, movement: Movement, unit: AdministrativeUnit, registered_on: dt.date, commitment: str = ""
) -> MovementParticipant:
    _require_publisher_unit(actor, movement.unit)
    if not unit.tree_path.startswith(movement.unit.tree_path):
        raise ServiceError(
            _("%(unit)s is outside the unit that launched the movement.") % {"unit": unit.name}
        )
    if MovementParticipant.objects.filter(movement=movement, unit=unit).exists():
        raise ServiceError(_("%(unit)s already takes part.") % {"unit": unit.name})
    row = MovementParticipant.objects.create(
        movement=movement, unit=unit, registered_on=registered_on, commitment=commitment.strip()[:500]
    )
    audit_record(
        action="knowledge.movement_participant_add", instance=row, after=snapshot(row), actor=actor, unit=unit
    )
    return row


DECISION_FIELDS = (
    "unit",
    "movement",
    "number",
    "decided_on",
    "issuing_body",
    "parent_body",
    "place",
    "reason",
    "basis",
    "signer_title",
    "signer_name",
)


@transaction.atomic
def award_decision_create(*, actor, data: Mapping[str, Any]) -> AwardDecision:
    _require_publisher_unit(actor, data["unit"])
    if data["decided_on"] > dt.date.today():
        raise ServiceError(_("The decision date is in the future."))
    movement = data.get("movement")
    if movement is not None and not selectors.writable_units(actor).filter(pk=movement.unit_id).exists():
        raise PermissionDenied(_("The movement is outside your scope."))
    row = AwardDecision(created_by=actor)
    for name in DECISION_FIELDS:
        value = data.get(name)
        setattr(row, name, value if value is not None or name == "movement" else "")
    row.save()
    audit_record(action="knowledge.award_decision_create", instance=row, after=snapshot(row), actor=actor)
    return row


@transaction.atomic
def award_add(
    *,
    actor,
    decision: AwardDecision,
    form: str,
    recipient_unit: AdministrativeUnit | None = None,
    person_name: str = "",
    person_position: str = "",
    achievement: str = "",
) -> Award:
    _require_publisher_unit(actor, decision.unit)
    if form not in AwardForm.values:
        raise ServiceError(_("Choose the form of award."))
    person_name = " ".join((person_name or "").split())
    if bool(recipient_unit) == bool(person_name):
        raise ServiceError(_("An award goes either to a unit or to a person: fill in one of the two."))
    if recipient_unit is not None and not recipient_unit.tree_path.startswith(decision.unit.tree_path):
        raise ServiceError(_("%(unit)s is outside the issuing unit.") % {"unit": recipient_unit.name})
    row = Award.objects.create(
        decision=decision,
        form=form,
        recipient_unit=recipient_unit,
        person_name=person_name[:150],
        person_position=(person_position or "").strip()[:200] if person_name else "",
        achievement=(achievement or "").strip()[:500],
    )
    audit_record(
        action="knowledge.award_add", instance=row, after=snapshot(row), actor=actor, unit=decision.unit
    )
    return row
