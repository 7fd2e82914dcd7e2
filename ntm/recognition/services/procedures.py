"""Procedure files in the database: loading the shipped files as versions, and the coordinator's configuration
(time limits, document lists, the council vote threshold) per procedure version. Writes are audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.core.permissions import CHANGE, RECOGNITION, area_roles
from ntm.core.vocabulary import UNCONFIRMED
from ntm.recognition import procedure as procedure_file
from ntm.recognition.models import ProcedureStepSetting, ProcedureVersion

PROCEDURES_DIR = Path(__file__).resolve().parent.parent / "procedures"


def shipped_procedure_paths() -> list[Path]:
    return sorted(PROCEDURES_DIR.glob("*.toml"))


@dataclass(frozen=True)
class LoadResult:
    file: str
    code: str
    status: str  # created | new_version | unchanged
    version: int


def procedures_load(*, paths: Iterable[Path] | None = None, actor=None) -> list[LoadResult]:
    """Load procedure files (the shipped ones by default) as versions; idempotent. A file whose content is already
    a version does nothing; a changed file becomes the next version. One invalid file loads nothing. A step may name
    only a role the recognition area lets change dossiers (``ntm.core.permissions.AREA_ROLES``)."""
    files = [Path(path) for path in (paths if paths is not None else shipped_procedure_paths())]
    parsed = []
    problems: list[str] = []
    for path in files:
        try:
            parsed.append(
                (path, procedure_file.load_bytes(path.read_bytes(), roles=area_roles(RECOGNITION, CHANGE)))
            )
        except procedure_file.ProcedureFileError as exc:
            problems.extend(f"{path.name}: {error}" for error in exc.errors)
    if problems:
        raise ServiceError(_("The procedure file is not valid; no file was loaded."), detail=problems)
    results = []
    with transaction.atomic():
        for path, procedure in parsed:
            results.append(_load_one(path, procedure, actor))
    return results


def _load_one(path: Path, procedure: procedure_file.Procedure, actor) -> LoadResult:
    content = procedure.to_dict()
    digest = procedure_file.content_digest(content)
    versions = ProcedureVersion.objects.filter(code=procedure.code)
    known = versions.filter(content_hash=digest).values_list("version", flat=True).first()
    if known is not None:
        return LoadResult(path.name, procedure.code, "unchanged", known)
    latest = versions.order_by("-version").values_list("version", flat=True).first()
    number = (latest or 0) + 1
    try:
        with transaction.atomic():
            version = ProcedureVersion.objects.create(
                code=procedure.code,
                version=number,
                name=procedure.name,
                kind=procedure.kind,
                content=content,
                content_hash=digest,
                source_file=path.name,
                source_text=path.read_text(encoding="utf-8"),
            )
    except IntegrityError:  # another process loaded the same file at the same moment
        existing = versions.get(version=number)
        return LoadResult(path.name, procedure.code, "unchanged", existing.version)
    audit_record(
        action="procedure.version_create",
        instance=version,
        after=snapshot(version, ("code", "version", "name", "kind", "content_hash", "source_file")),
        actor=actor,
    )
    return LoadResult(path.name, procedure.code, "new_version" if latest else "created", number)


def step_overrides(version: ProcedureVersion) -> dict[str, procedure_file.StepOverride]:
    overrides = {}
    for setting in version.step_settings.all():
        documents = None
        if setting.documents is not None:
            documents = tuple(
                procedure_file.DocumentSpec(d["code"], d["name"], d.get("provenance", UNCONFIRMED))
                for d in setting.documents
            )
        overrides[setting.step_code] = procedure_file.StepOverride(
            time_limit_days=setting.time_limit_days,
            no_time_limit=setting.no_time_limit,
            documents=documents,
            source=setting.source,
        )
    return overrides


def effective_procedure(version: ProcedureVersion) -> procedure_file.Procedure:
    """The procedure as the file defines it, with the coordinator's configured deadlines and documents."""
    return procedure_file.with_overrides(version.parsed(), step_overrides(version))


def council_threshold(version: ProcedureVersion, step_code: str) -> Decimal | None:
    return (
        version.step_settings.filter(step_code=step_code).values_list("council_threshold", flat=True).first()
    )


def council_quorum(version: ProcedureVersion, step_code: str) -> Decimal | None:
    """The configured quorum of the council step: the share of sitting members (%) who must have voted."""
    return version.step_settings.filter(step_code=step_code).values_list("council_quorum", flat=True).first()


def parse_documents(text: str) -> list[dict[str, str]]:
    """Document list typed on the configuration page: one document a line, ``code | name``."""
    documents = []
    seen = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        code, sep, name = line.partition("|")
        code, name = code.strip(), name.strip()
        if not sep or not code or not name:
            raise ServiceError(_("Line %(line)s: write it as “code | document name”.") % {"line": number})
        if not procedure_file.valid_code(code):
            raise ServiceError(
                _(
                    "Line %(line)s: the code “%(code)s” may only hold unaccented lowercase letters, digits, '-', '_'."
                )
                % {"line": number, "code": code}
            )
        if code in seen:
            raise ServiceError(
                _("Line %(line)s: the code “%(code)s” is repeated.") % {"line": number, "code": code}
            )
        seen.add(code)
        documents.append({"code": code, "name": name, "provenance": UNCONFIRMED})
    return documents


def procedure_step_configure(
    *,
    version: ProcedureVersion,
    step_code: str,
    time_limit_days: int | None,
    no_time_limit: bool,
    documents: list[dict[str, str]] | None,
    council_threshold: Decimal | None,
    source: str,
    actor,
    council_quorum: Decimal | None = None,
) -> ProcedureStepSetting:
    """Configure one step of a procedure version (None keeps the file's value). Audited with the diff."""
    parsed = version.parsed()
    if not parsed.has_step(step_code) or parsed.step(step_code).terminal:
        raise ServiceError(
            _("Procedure %(procedure)s has no working step “%(step)s”.")
            % {"procedure": version.ref, "step": step_code}
        )
    step = parsed.step(step_code)
    if time_limit_days is not None and not 1 <= time_limit_days <= 365:
        raise ServiceError(_("The time limit must be between 1 and 365 days."))
    if no_time_limit and time_limit_days is not None:
        raise ServiceError(_("Choose one: a time limit (number of days) or no time limit."))
    if council_threshold is not None:
        if step.council_vote is None:
            raise ServiceError(_("Only the Council's voting step has a vote threshold."))
        if not Decimal(0) < council_threshold <= Decimal(100):
            raise ServiceError(_("The vote threshold must be greater than 0 and at most 100%."))
    if council_quorum is not None:
        if step.council_vote is None:
            raise ServiceError(_("Only the Council's voting step has a quorum."))
        if not Decimal(0) < council_quorum <= Decimal(100):
            raise ServiceError(
                _("The quorum must be greater than 0 and at most 100% of the sitting members.")
            )
    source = source.strip()
    configured = (time_limit_days, council_threshold, council_quorum, documents)
    if any(value is not None for value in configured) and not source:
        raise ServiceError(_("Write the source (document, article) of the configured value."))
    with transaction.atomic():
        setting, created = ProcedureStepSetting.objects.select_for_update().get_or_create(
            procedure=version, step_code=step_code
        )
        before = None if created else snapshot(setting)
        setting.time_limit_days = time_limit_days
        setting.no_time_limit = no_time_limit
        setting.documents = documents
        setting.council_threshold = council_threshold
        setting.council_quorum = council_quorum
        setting.source = source[:300]
        setting.updated_by = actor if getattr(actor, "pk", None) else None
        setting.save()
        audit_record(
            action="procedure.step_configure",
            instance=setting,
            before=before,
            after=snapshot(setting),
            extra={"procedure": version.ref, "step": step_code},
            actor=actor,
        )
    return setting
