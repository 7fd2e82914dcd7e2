"""Loading the product taxonomy and score sheets (versioned data files) into the database."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.ocop.models import Category, ScoreSheet
from ntm.ocop.sheetfile import TAXONOMY_FILE, SheetFileError, read_sheet, read_taxonomy, shipped_sheet_paths


@transaction.atomic
def taxonomy_load(*, path: Path = TAXONOMY_FILE, actor=None) -> int:
    """Create or update the categories of the taxonomy file (idempotent); returns how many rows changed."""
    legal, categories = read_taxonomy(path.read_bytes())
    by_code: dict[str, Category] = {}
    changed = 0
    for entry in categories:
        parent = by_code.get(entry.parent)
        row, created = Category.objects.get_or_create(
            legal_symbol=legal,
            code=entry.code,
            defaults={
                "name": entry.name,
                "parent": parent,
                "provenance": entry.provenance,
                "source": entry.source,
            },
        )
        before = None if created else snapshot(row)
        fields = {
            "name": entry.name,
            "parent": parent,
            "provenance": entry.provenance,
            "source": entry.source,
        }
        if created or any(getattr(row, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
            audit_record(
                action="ocop.category.load", instance=row, before=before, after=snapshot(row), actor=actor
            )
            changed += 1
        by_code[entry.code] = row
    return changed


@transaction.atomic
def sheet_load(*, data: bytes | str, actor=None) -> ScoreSheet:
    """Load one sheet version. The same version with the same content is left as it is; a changed version that
    an evaluation already used is refused (it is frozen: give the file a new ``version``)."""
    try:
        parsed = read_sheet(data)
    except SheetFileError as exc:
        raise ServiceError(str(exc), detail=exc.errors) from exc
    fields = {
        "title": parsed.sheet.title,
        "legal_symbol": parsed.legal_document,
        "categories": list(parsed.categories),
        "text": parsed.text,
        "content_hash": parsed.content_hash,
        "provenance": parsed.provenance,
        "source": parsed.source,
        "note": parsed.note,
    }
    existing = (
        ScoreSheet.objects.select_for_update()
        .filter(code=parsed.sheet.code, version=parsed.sheet.version)
        .first()
    )
    if existing is not None:
        if existing.content_hash == parsed.content_hash:
            return existing
        if existing.evaluations.exists():
            raise ServiceError(
                _(
                    "Version %(version)s of score sheet %(code)s is already used by an evaluation and cannot change: give the file a new version."
                )
                % {"version": parsed.sheet.version, "code": parsed.sheet.code}
            )
        before = snapshot(existing)
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.save()
        audit_record(
            action="ocop.sheet.update",
            instance=existing,
            before=before,
            after=snapshot(existing),
            actor=actor,
        )
        return existing
    sheet = ScoreSheet.objects.create(code=parsed.sheet.code, version=parsed.sheet.version, **fields)
    audit_record(action="ocop.sheet.load", instance=sheet, after=snapshot(sheet), actor=actor)
    return sheet


def shipped_load(*, actor=None) -> list[ScoreSheet]:
    """The taxonomy and every shipped sheet (idempotent)."""
    taxonomy_load(actor=actor)
    return [sheet_load(data=path.read_bytes(), actor=actor) for path in shipped_sheet_paths()]
