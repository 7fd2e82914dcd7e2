"""Writes of criteria sets: loading the shipped files, saving a new version (page or Excel), freezing a version.

Every write is one transaction with an audit entry. A version is never changed: an edit, an Excel import or a
changed shipped file becomes the next version, with a change note and a summary of what changed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.selectors import require_criteria_editor
from ntm.criteria.setfile import CriteriaSet, SetFileError
from ntm.criteria.setload import from_dict, load_bytes, shipped_set_paths
from ntm.criteria.versioning import content_changes, content_digest, threshold_stats
from ntm.criteria.workbook_import import apply_workbook, open_workbook

_SNAPSHOT_FIELDS = ("code", "version", "name", "content_hash", "source", "change_note", "frozen_at")
UI_SOURCE = "ui"
EXCEL_SOURCE = "excel"


@dataclass(frozen=True)
class LoadResult:
    """What loading one shipped file did: created | new_version | unchanged | kept (edited in the database)."""

    file: str
    code: str
    status: str
    version: int | None


def _create_version(
    *,
    criteria_set: CriteriaSet,
    number: int,
    source: str,
    change_note: str,
    actor,
    base: CriteriaSetVersion | None,
) -> CriteriaSetVersion:
    """Insert version ``number`` (inside the caller's transaction) and audit it."""
    content = {**criteria_set.to_dict(), "version": number}
    digest = content_digest(content)
    changes = content_changes(base.content, content) if base is not None else []
    if base is not None and not changes:
        changes = [{"item": "set", "code": criteria_set.code, "change": "reordered", "fields": {}}]
    version = CriteriaSetVersion(
        code=criteria_set.code,
        version=number,
        name=criteria_set.name,
        subject=criteria_set.subject,
        grants_level=criteria_set.grants_level,
        year_from=criteria_set.year_from,
        year_to=criteria_set.year_to,
        legal_source=criteria_set.legal_source[:300],
        content=content,
        content_hash=digest,
        stats=threshold_stats(criteria_set),
        changes=changes,
        source=source,
        change_note=change_note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise StateConflict(
            _(
                "Another version of this set was saved at the same moment; open the latest version and try again."
            ),
            expected_state=f"v{number - 1}",
            actual_state="newer",
        ) from None
    audit_record(
        action="criteria_set.version_create",
        instance=version,
        after=snapshot(version, _SNAPSHOT_FIELDS),
        extra={
            "base": base.ref if base is not None else None,
            "source": source,
            "changes": changes,
        },
        actor=actor,
    )
    return version


def criteria_sets_load_shipped(
    *, paths: Iterable[Path] | None = None, force: bool = False, actor=None
) -> list[LoadResult]:
    """Load the set files shipped with the code (or ``paths``) into the database; idempotent.

    A file whose content is already a version of its set does nothing. A new set becomes version 1. A changed
    file becomes the next version, unless the latest version was made in the database (page or Excel): then the
    database stays the source of truth and the file is reported as ``kept`` (``force`` loads it anyway). Every
    file is validated first; one invalid file loads nothing."""
    files = [Path(path) for path in (paths if paths is not None else shipped_set_paths())]
    parsed: list[tuple[Path, CriteriaSet]] = []
    problems: list[str] = []
    for path in files:
        try:
            parsed.append((path, load_bytes(path.read_bytes())))
        except SetFileError as exc:
            problems.extend(f"{path.name}: {error}" for error in exc.errors)
    if problems:
        raise ServiceError(_("A criteria-set file is not valid; nothing was loaded."), detail=problems)
    results = []
    with transaction.atomic():
        for path, criteria_set in parsed:
            results.append(_load_one(path, criteria_set, force=force, actor=actor))
    return results


def _load_one(path: Path, criteria_set: CriteriaSet, *, force: bool, actor) -> LoadResult:
    versions = CriteriaSetVersion.objects.filter(code=criteria_set.code)
    digest = content_digest(criteria_set.to_dict())
    known = versions.filter(content_hash=digest).values_list("version", flat=True).first()
    if known is not None:
        return LoadResult(path.name, criteria_set.code, "unchanged", known)
    latest = versions.select_for_update().order_by("-version").first()
    if latest is not None and latest.source_kind != "file" and not force:
        return LoadResult(path.name, criteria_set.code, "kept", latest.version)
    # A change note is data kept with the version (like the notes coordinators write), not an interface text.
    if latest is None:
        note = _("Loaded from the bundled criteria set file %(file)s.") % {"file": path.name}
    else:
        note = _("The bundled criteria set file %(file)s has changed; loaded as a new version.") % {
            "file": path.name
        }
    version = _create_version(
        criteria_set=criteria_set,
        number=(latest.version + 1) if latest else 1,
        source=f"file:{path.name}",
        change_note=note,
        actor=actor,
        base=latest,
    )
    return LoadResult(path.name, criteria_set.code, "new_version" if latest else "created", version.version)


def criteria_set_save_version(
    *,
    base: CriteriaSetVersion,
    content: Mapping[str, Any],
    change_note: str,
    source: str,
    actor,
) -> CriteriaSetVersion:
    """Save ``content`` as the next version after ``base``, which must be the latest version of its set.

    Refuses (ServiceError) an empty change note, invalid content (``detail`` lists every problem), a changed set
    code and content identical to ``base``; answers StateConflict when a newer version exists."""
    if actor is not None:
        require_criteria_editor(actor)
    note = (change_note or "").strip()
    if not note:
        raise ServiceError(_("Write a change note: what changed and from which document."))
    if source not in (UI_SOURCE, EXCEL_SOURCE) and not source.startswith("file:"):
        raise ValueError(f"unknown source {source!r}")
    try:
        criteria_set = from_dict({**content, "version": base.version + 1})
    except SetFileError as exc:
        raise ServiceError(
            _("The criteria set is not valid; nothing was saved."), detail=exc.errors
        ) from None
    if criteria_set.code != base.code:
        raise ServiceError(_("The set code cannot be changed (%(code)s).") % {"code": base.code})
    with transaction.atomic():
        latest = (
            CriteriaSetVersion.objects.select_for_update().filter(code=base.code).order_by("-version").first()
        )
        if latest is None or latest.pk != base.pk:
            raise StateConflict(
                _(
                    "Version %(latest)s of this set was saved after version %(base)s, which your change is "
                    "based on. Open the latest version (or export it again) and make your change there."
                )
                % {"latest": latest.version if latest else "?", "base": base.version},
                expected_state=f"v{base.version}",
                actual_state=f"v{latest.version}" if latest else None,
            )
        if content_digest(criteria_set.to_dict()) == base.content_hash:
            raise ServiceError(
                _("Nothing changed compared with version %(version)s; no new version was saved.")
                % {"version": base.version}
            )
        return _create_version(
            criteria_set=criteria_set,
            number=base.version + 1,
            source=source,
            change_note=note,
            actor=actor,
            base=base,
        )


def criteria_set_update_indicator(
    *,
    base: CriteriaSetVersion,
    indicator_code: str,
    fields: Mapping[str, Any],
    thresholds: list[dict[str, Any]],
    change_note: str,
    actor,
) -> CriteriaSetVersion:
    """A new version in which one indicator has the given fields and threshold rules (the page's edit form)."""
    content = copy.deepcopy(base.content)
    indicator = _find_indicator(content, indicator_code)
    if indicator is None:
        raise ServiceError(_("Indicator %(code)s is not in this set.") % {"code": indicator_code})
    for key, value in fields.items():
        if value in (None, "", []) and key not in ("department", "measure_unit"):
            indicator.pop(key, None)
        else:
            indicator[key] = value
    indicator["thresholds"] = [dict(rule) for rule in thresholds]
    return criteria_set_save_version(
        base=base, content=content, change_note=change_note, source=UI_SOURCE, actor=actor
    )


def _find_indicator(content: Mapping[str, Any], code: str) -> dict[str, Any] | None:
    for group_key in ("conditions", "criteria"):
        for group in content.get(group_key) or []:
            for indicator in group["indicators"]:
                if indicator["code"] == code:
                    return indicator
    return None


def criteria_set_import_workbook(*, data: bytes, change_note: str, actor) -> CriteriaSetVersion:
    """A new version from an Excel workbook exported from the latest version and filled in; all or nothing.

    Every problem is in the ServiceError's ``detail`` as "Sheet …, dòng …, cột …: …"."""
    if actor is not None:
        require_criteria_editor(actor)
    if not (change_note or "").strip():
        raise ServiceError(_("Write a change note: what changed and from which document."))
    try:
        opened = open_workbook(data)
    except ExcelImportError as exc:
        raise ServiceError(
            _("The Excel file cannot be imported; nothing was saved."), detail=exc.lines
        ) from None
    base = CriteriaSetVersion.objects.filter(code=opened.code, version=opened.base_version).first()
    if base is None:
        raise ServiceError(
            _("The Excel file cannot be imported; nothing was saved."),
            detail=[
                _("Sheet %(sheet)s: set %(ref)s does not exist here; export the file from this system.")
                % {"sheet": "Hướng dẫn", "ref": f"{opened.code}@{opened.base_version}"}
            ],
        )
    try:
        content = apply_workbook(opened, base.content)
    except ExcelImportError as exc:
        raise ServiceError(
            _("The Excel file cannot be imported; nothing was saved."), detail=exc.lines
        ) from None
    return criteria_set_save_version(
        base=base, content=content, change_note=change_note, source=EXCEL_SOURCE, actor=actor
    )


def criteria_set_freeze(*, version: CriteriaSetVersion, actor=None, reason: str = "") -> CriteriaSetVersion:
    """Mark a version as used by a submitted dossier (called by the recognition workflow); idempotent."""
    with transaction.atomic():
        frozen = CriteriaSetVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
            frozen_at=timezone.now()
        )
        version.refresh_from_db(fields=["frozen_at"])
        if frozen:
            audit_record(
                action="criteria_set.freeze",
                instance=version,
                after={"frozen_at": version.frozen_at},
                extra={"reason": reason} if reason else None,
                actor=actor,
            )
    return version
