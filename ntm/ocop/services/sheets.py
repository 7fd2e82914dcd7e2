"""Loading the product taxonomy and score sheets (versioned data files) into the database."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.ocop.models import Category, ScoreSheet
from ntm.ocop.sheetbook import LABEL_NEW, SHEET_GUIDE, read_workbook
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


@transaction.atomic
def sheet_import(*, actor, base: ScoreSheet, data: bytes) -> ScoreSheet:
    """A new version of ``base`` from an edited workbook (``ntm.ocop.sheetbook``), all or nothing. The file must
    come from ``base`` and ``base`` must be the newest version of its sheet; the new version's name must be new.
    Versions already loaded, and the evaluations scored on them, are not touched."""
    upload = read_workbook(data)
    place = _("Sheet %(sheet)s") % {"sheet": SHEET_GUIDE}
    problems = []
    if upload.code != base.code or upload.base_version != base.version:
        problems.append(
            _("%(where)s: the file was exported from %(file)s, not from %(base)s; export this sheet again.")
            % {
                "where": place,
                "file": f"{upload.code} {upload.base_version}",
                "base": f"{base.code} {base.version}",
            }
        )
    newest = (
        ScoreSheet.objects.select_for_update().filter(code=base.code).order_by("-loaded_at", "-pk").first()
    )
    if newest is not None and newest.pk != base.pk:
        problems.append(
            _(
                "%(where)s: version %(version)s is no longer the newest; export version %(newest)s and edit that."
            )
            % {"where": place, "version": base.version, "newest": newest.version}
        )
    if ScoreSheet.objects.filter(code=base.code, version=upload.version).exists():
        problems.append(
            _("%(where)s: version “%(version)s” already exists; write a new name in “%(label)s”.")
            % {"where": place, "version": upload.version, "label": LABEL_NEW}
        )
    if problems:
        raise ExcelImportError(problems)
    sheet = sheet_load(data=upload.text, actor=actor)
    audit_record(
        action="ocop.sheet.import",
        instance=sheet,
        after=snapshot(sheet),
        actor=actor,
        extra={"base_version": base.version},
    )
    return sheet
