"""Criteria sets as versioned legal data. The database is the source of truth once a set is loaded.

A version's content is the set file's body (``CriteriaSet.to_dict()``) kept as JSON: the indicators and their
threshold rules stay inside it, because a version is read and written whole and never queried by indicator. The
columns beside it (name, period, counts) are what the list page and the API's list need, so they never load the
content. Versions are immutable: an edit is always a new version; only ``frozen_at`` is ever set on an existing row.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import RecognitionLevel
from ntm.core.exceptions import StateConflict
from ntm.criteria.setfile import CriteriaSet
from ntm.criteria.setload import from_dict


class IndicatorStatus(models.TextChoices):
    """The engine's verdict on one indicator (ntm.criteria.engine)."""

    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    MISSING = "missing", _("Missing data")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NO_THRESHOLD = "no_threshold", _("No threshold")


class SetSubject(models.TextChoices):
    """What a set assesses."""

    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District")
    HAMLET = "hamlet", _("Hamlet (ấp)")


SOURCE_LABELS = {
    "file": _("Shipped set file"),
    "excel": _("Excel import"),
    "ui": _("Edited on the page"),
}


class CriteriaSetVersionQuerySet(models.QuerySet):
    def summaries(self) -> CriteriaSetVersionQuerySet:
        """Rows without their (large) content, for lists."""
        return self.defer("content")

    def latest_per_code(self) -> CriteriaSetVersionQuerySet:
        """The newest version of each set, with how many versions the set has; one query."""
        same_code = CriteriaSetVersion.objects.filter(code=OuterRef("code"))
        return self.filter(version=Subquery(same_code.order_by("-version").values("version")[:1])).annotate(
            version_count=Subquery(
                same_code.order_by().values("code").annotate(n=Count("pk")).values("n")[:1]
            )
        )


class CriteriaSetVersion(models.Model):
    """One version of a criteria set (``code@version``): its content, where it came from, who made it and why.

    Never changed after creation; a version used by a submitted dossier is also frozen (``frozen_at``)."""

    code = models.CharField(_("code"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    subject = models.CharField(_("subject"), max_length=20)
    grants_level = models.CharField(_("level granted"), max_length=20)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    legal_source = models.CharField(_("legal source"), max_length=300)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    stats = models.JSONField(_("counts"), default=dict)
    changes = models.JSONField(_("changes from the previous version"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=120)
    change_note = models.TextField(_("change note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    objects = CriteriaSetVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set version")
        verbose_name_plural = _("criteria set versions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="criteria_set_unique_version"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="criteria_set_version_positive"),
        ]
        indexes = [models.Index(fields=["code", "content_hash"], name="criteria_set_code_hash")]

    def __str__(self) -> str:
        return self.ref

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and set(kwargs.get("update_fields") or ()) != {"frozen_at"}:
            raise StateConflict(
                gettext("A criteria set version cannot be changed; every change is saved as a new version."),
                expected_state="new_version",
                actual_state="frozen" if self.is_frozen else "saved",
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):
        if self.is_frozen:
            raise StateConflict(
                gettext("This version is frozen (a submitted dossier uses it) and cannot be deleted."),
                expected_state="not_frozen",
                actual_state="frozen",
            )
        return super().delete(*args, **kwargs)

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def counts(self) -> dict[str, Any]:
        """Criteria, indicators and thresholds by provenance (see ``versioning.threshold_stats``)."""
        return self.stats

    @property
    def source_kind(self) -> str:
        return self.source.split(":", 1)[0]

    @property
    def source_label(self) -> str:
        label = str(SOURCE_LABELS.get(self.source_kind, self.source))
        return f"{label} ({self.source.split(':', 1)[1]})" if ":" in self.source else label

    @property
    def grants_level_label(self) -> str:
        return _level_label(self.grants_level)

    @property
    def subject_label(self) -> str:
        return str(SetSubject(self.subject).label) if self.subject in SetSubject.values else self.subject

    def criteria_set(self) -> CriteriaSet:
        """The parsed content (cached per content hash: a version's content never changes)."""
        return parsed_content(self.content_hash, self.version, self.content)


# Levels granted by sets outside the commune ladder (hamlet models, the 2026-2030 modern-commune pilot).
_OTHER_LEVELS = {
    "ap_kieu_mau": _("Model NTM hamlet"),
    "ap_thong_minh": _("Smart hamlet model"),
    "hien_dai": _("Modern NTM commune (pilot)"),
}


def _level_label(level: str) -> str:
    if level in RecognitionLevel.values:
        return str(RecognitionLevel(level).label)
    return str(_OTHER_LEVELS.get(level, level))


_PARSED: OrderedDict[tuple[str, int], CriteriaSet] = OrderedDict()
_PARSED_LOCK = Lock()
_PARSED_MAX = 64


def parsed_content(content_hash: str, version: int, content: dict[str, Any]) -> CriteriaSet:
    """``from_dict(content)``, remembered for the process (keyed by hash and version, both immutable)."""
    key = (content_hash, version)
    with _PARSED_LOCK:
        found = _PARSED.get(key)
        if found is not None:
            _PARSED.move_to_end(key)
            return found
    parsed = from_dict(content)
    with _PARSED_LOCK:
        _PARSED[key] = parsed
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return parsed
