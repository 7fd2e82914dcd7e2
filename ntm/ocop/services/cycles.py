"""Evaluation-cycle files in the database: the shipped files (``ntm/ocop/procedures``) loaded as versions, the
version a new evaluation follows, and the cycle an evaluation is pinned to. Loading is idempotent and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.permissions import CHANGE, OCOP, area_roles
from ntm.ocop import cycle as cycle_file
from ntm.ocop.models import CycleVersion, DossierFileKind, Evaluation

PROCEDURES_DIR = Path(__file__).resolve().parent.parent / "procedures"


def shipped_cycle_paths() -> list[Path]:
    return sorted(PROCEDURES_DIR.glob("*.toml"))


def read_cycle(text: bytes | str) -> cycle_file.Cycle:
    """Check a cycle file: the runnable steps name roles of the OCOP area, a history file may also name the roles
    of before 1/7/2025 (the district officer); papers are the dossier file kinds."""
    return cycle_file.load(
        text, roles=area_roles(OCOP, CHANGE), history_roles=Role.values, papers=DossierFileKind.values
    )


def cycles_load(*, paths: Iterable[Path] | None = None, actor=None) -> list[CycleVersion]:
    """Load cycle files (the shipped ones by default). A file whose content is already a version changes nothing;
    a changed file becomes the next version of its code. One invalid file loads nothing."""
    files = [Path(p) for p in (paths if paths is not None else shipped_cycle_paths())]
    parsed, problems = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            parsed.append((path.name, text, read_cycle(text)))
        except cycle_file.CycleFileError as exc:
            problems.extend(f"{path.name}: {error}" for error in exc.errors)
    if problems:
        raise ServiceError(_("The evaluation cycle file is not valid; no file was loaded."), detail=problems)
    with transaction.atomic():
        return [_load_one(name, text, parsed_cycle, actor) for name, text, parsed_cycle in parsed]


def cycle_load_text(*, text: str, name: str = "", actor=None) -> CycleVersion:
    try:
        parsed = read_cycle(text)
    except cycle_file.CycleFileError as exc:
        raise ServiceError(_("The evaluation cycle file is not valid."), detail=exc.errors) from exc
    with transaction.atomic():
        return _load_one(name, text, parsed, actor)


def _load_one(name: str, text: str, parsed: cycle_file.Cycle, actor) -> CycleVersion:
    versions = CycleVersion.objects.filter(code=parsed.code)
    known = versions.filter(content_hash=parsed.digest).first()
    if known is not None:
        return known
    latest = versions.order_by("-version").values_list("version", flat=True).first()
    try:
        with transaction.atomic():
            version = CycleVersion.objects.create(
                code=parsed.code,
                version=(latest or 0) + 1,
                name=parsed.name,
                is_history=parsed.history,
                text=text,
                content_hash=parsed.digest,
                source_file=name,
            )
    except IntegrityError:  # loaded by another process at the same moment
        return versions.get(version=(latest or 0) + 1)
    audit_record(
        action="ocop.cycle.load",
        instance=version,
        after=snapshot(version, ("code", "version", "name", "is_history", "content_hash", "source_file")),
        actor=actor,
    )
    return version


def cycle_for_new(today: dt.date) -> CycleVersion:
    """The cycle a new evaluation follows: the most recently loaded version, not a history file, valid today. The
    shipped files are loaded when none is yet; a changed file is loaded with ``manage.py load_ocop_procedures``."""
    if not CycleVersion.objects.filter(is_history=False).exists():
        cycles_load()
    for version in CycleVersion.objects.filter(is_history=False).order_by("-loaded_at", "-pk"):
        if read_cycle(version.text).valid_on(today):
            return version
    raise ServiceError(_("No OCOP evaluation cycle applies today: ask the province to load one."))


def cycle_of(evaluation: Evaluation) -> cycle_file.Cycle:
    """The cycle an evaluation follows: the version it is pinned to; an older evaluation without one follows the
    cycle in use today."""
    version = evaluation.cycle
    if version is None:
        version = cycle_for_new(timezone.localdate())
    return read_cycle(version.text)


def history_cycles() -> list[cycle_file.Cycle]:
    if not CycleVersion.objects.exists():
        cycles_load()
    latest: dict[str, CycleVersion] = {}
    for version in CycleVersion.objects.filter(is_history=True).order_by("code", "-version"):
        latest.setdefault(version.code, version)
    return [read_cycle(version.text) for version in latest.values()]
