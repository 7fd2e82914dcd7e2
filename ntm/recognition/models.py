"""The dossier workflow: procedures, recognition and revocation dossiers, and what happens to them. Decisions
land in the register of official status (``ntm.status``), which this app writes only through its services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import Role, StatusLevel
from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.recognition import procedure as procedure_file


class ProcedureVersion(models.Model):
    """One version of a procedure file (``ntm/recognition/procedures/*.toml``): its content as loaded, kept
    whole. A changed file becomes the next version; a dossier is pinned to the version it started with."""

    code = models.CharField(_("code"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    source_file = models.CharField(_("file"), max_length=200)
    source_text = models.TextField(_("file text"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="procedure_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"

    def parsed(self) -> procedure_file.Procedure:
        """The procedure as the file defines it (cached per content hash: a version never changes)."""
        key = (self.content_hash, self.version)
        found = _PARSED.get(key)
        if found is None:
            found = procedure_file.from_dict(self.content, roles=Role.values)
            if len(_PARSED) > 64:
                _PARSED.clear()
            _PARSED[key] = found
        return found


_PARSED: dict[tuple[str, int], procedure_file.Procedure] = {}


class ProcedureStepSetting(models.Model):
    """What the coordinator configured for one step of one procedure version: the time limit, the list of
    required documents and (for a council step) the vote threshold. Empty fields keep the file's values."""

    procedure = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="step_settings")
    step_code = models.CharField(_("step"), max_length=60)
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (days)"), null=True, blank=True)
    no_time_limit = models.BooleanField(_("no time limit"), default=False)
    documents = models.JSONField(_("required documents"), null=True, blank=True)
    council_threshold = models.DecimalField(
        _("council vote threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    council_quorum = models.DecimalField(
        _("council quorum (% of sitting members who must vote)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source = models.CharField(_("source of these values"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("procedure step setting")
        verbose_name_plural = _("procedure step settings")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "step_code"], name="procedure_step_setting_unique"),
            models.CheckConstraint(
                condition=models.Q(council_threshold__isnull=True)
                | models.Q(council_threshold__gt=0, council_threshold__lte=100),
                name="council_threshold_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(council_quorum__isnull=True)
                | models.Q(council_quorum__gt=0, council_quorum__lte=100),
                name="council_quorum_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.ref} {self.step_code}"


class DossierKind(models.TextChoices):
    RECOGNITION = "recognition", _("Recognition")
    REVOCATION = "revocation", _("Revocation")


class DossierQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"

    def open(self) -> DossierQuerySet:
        return self.filter(is_open=True)


class SignerPosition(models.TextChoices):
    """Who signed the decision for the People's Committee (Decree 30/2020: the chair signs, or a vice-chair signs
    for the chair, "KT. CHỦ TỊCH")."""

    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair (signing for the chair)")


class Dossier(models.Model):
    """A recognition (or revocation) dossier: one unit, one target level, one year, one criteria-set version, run
    through one pinned procedure version. ``state`` is the code of the current step; ``revision`` changes on every
    transition (the optimistic check). The snapshot taken on submission never changes afterwards."""

    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DossierKind.choices)
    target_level = models.CharField(_("target level"), max_length=10, choices=StatusLevel.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_version = models.ForeignKey(
        "criteria.CriteriaSetVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criteria set"),
    )
    procedure = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    state = models.CharField(_("state"), max_length=60)
    state_entered_at = models.DateTimeField(_("in this step since"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    is_open = models.BooleanField(_("open"), default=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("appraisal council"),
    )
    council_round = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(_("snapshot at submission"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    survey_result = models.JSONField(_("satisfaction survey result"), null=True, blank=True)
    revokes = models.ForeignKey(
        "status.StatusRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revocation_dossiers",
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    decision_signer_position = models.CharField(
        _("signer's position"), max_length=20, choices=SignerPosition.choices, blank=True
    )
    status_record = models.ForeignKey(
        "status.StatusRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "target_level", "year"],
                condition=models.Q(is_open=True),
                name="one_open_dossier_per_unit_level_year",
            ),
        ]
        indexes = [models.Index(fields=["is_open", "due_at"], name="dossier_open_due")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_target_level_display()} {self.year} (#{self.pk})"


class EventKind(models.TextChoices):
    CREATED = "created", _("Dossier opened")
    TRANSITION = "transition", _("Step change")
    DOCUMENT = "document", _("Document added")
    DOCUMENT_WITHDRAWN = "document_withdrawn", _("Document withdrawn")
    POSTING = "posting", _("Public posting recorded")
    ANSWER = "answer", _("Answer to a return")
    SURVEY = "survey", _("Survey result attached")
    COUNCIL = "council", _("Council member appointed")
    VOTE = "vote", _("Council vote")
    DECISION = "decision", _("Decision details recorded")
    GENERATED = "generated", _("Document generated")


class DossierEvent(models.Model):
    """One entry of a dossier's thread: every transition (with the acting user, the states and the comment) and
    everything else done to the dossier. Kept forever."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=20, blank=True)
    from_state = models.CharField(max_length=60, blank=True)
    to_state = models.CharField(max_length=60, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"#{self.dossier_id} {self.kind} {self.action}"


class ReturnReason(models.Model):
    """One reason given when a reviewer returned the dossier, per criterion (blank = the dossier as a whole),
    with the commune's answer. Kept with the return event."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="return_reasons")
    event = models.ForeignKey(DossierEvent, on_delete=models.PROTECT, related_name="reasons")
    criterion = models.CharField(_("criterion"), max_length=20, blank=True)
    reason = models.TextField(_("reason"))
    answer = models.TextField(_("answer of the commune"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["event_id", "id"]

    def __str__(self) -> str:
        return f"#{self.dossier_id} {self.criterion or '—'}: {self.reason[:40]}"


dossier_file_path = RandomPath("dossiers")  # named: migration 0002 refers to it
dossier_docx_path = RandomPath(
    "dossiers", type_field=""
)  # the Word file beside a PDF whose type the row holds


class DossierDocument(Attachment):
    """A document of the dossier (uploaded, or generated from a Word template with its PDF). Withdrawing one keeps
    the row and the file."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    step_code = models.CharField(_("step"), max_length=60)
    code = models.CharField(_("document code"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    file = models.FileField(_("file"), upload_to=dossier_file_path, max_length=300)
    docx = models.FileField(_("Word file"), upload_to=dossier_docx_path, max_length=300, blank=True)
    generated = models.BooleanField(_("generated"), default=False)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    author = models.CharField(_("issued by"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.original_name})"


class PostingMethod(models.TextChoices):
    NOTICE_BOARD = "notice_board", _("Notice board (niêm yết)")
    LOUDSPEAKER = "loudspeaker", _("Commune loudspeakers")
    MEETING = "meeting", _("Residents' meeting")
    WEBSITE = "website", _("Web portal")
    OTHER = "other", _("Other")


class PostingEntry(Attachment):
    """One public posting of the dossier's report (where, when, how, an optional proof file), kept in the step's
    posting log; ``uploaded_by`` is who recorded it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="postings")
    step_code = models.CharField(_("step"), max_length=60)
    posted_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    method = models.CharField(_("how"), max_length=20, choices=PostingMethod.choices)
    file = models.FileField(_("proof"), upload_to=dossier_file_path, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("public posting")
        verbose_name_plural = _("public posting log")
        ordering = ["posted_on", "id"]

    def __str__(self) -> str:
        return f"#{self.dossier_id} {self.posted_on:%d/%m/%Y} {self.place}"


class DocumentKind(models.TextChoices):
    RESULTS_REPORT = "bao_cao_ket_qua", _("Commune's results report")
    REQUEST = "to_trinh", _("Request (tờ trình)")
    APPRAISAL_REPORT = "bao_cao_tham_dinh", _("Appraisal report")
    COUNCIL_MINUTES = "bien_ban_hoi_dong", _("Council minutes")
    DRAFT_DECISION = "du_thao_quyet_dinh", _("Draft decision")


template_path = RandomPath("templates_docx")  # named: migration 0002 refers to it


class TemplateOverride(Attachment):
    """A Word template uploaded by an administrator to replace the shipped one for a document kind. The newest
    active row wins; deactivating it falls back to the shipped file."""

    kind = models.CharField(_("document kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=template_path)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("Word template")
        verbose_name_plural = _("Word templates")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.original_name})"


class HamletModelKind(models.TextChoices):
    """Hamlet-level models the province recognises (no national criteria for hamlets: the province issues them)."""

    MODEL = "ap_kieu_mau", _("Model NTM hamlet")
    SMART = "ap_thong_minh", _("Smart hamlet model")


class HamletModelRecognitionQuerySet(ScopedQuerySet):
    unit_path_lookup = "hamlet__unit__tree_path"


class HamletModelRecognition(models.Model):
    """A commune-level decision recognising one of its ấp as a model NTM hamlet or a smart-hamlet model. Never
    deleted. The commune's count of smart-hamlet models feeds the model-commune set's condition (QĐ 319/QĐ-TTg,
    "at least one smart village model") through the assessment app's computed values."""

    hamlet = models.ForeignKey(
        "units.Hamlet", on_delete=models.PROTECT, related_name="model_recognitions", verbose_name=_("hamlet")
    )
    kind = models.CharField(_("model"), max_length=20, choices=HamletModelKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = HamletModelRecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("hamlet model recognition")
        verbose_name_plural = _("hamlet model recognitions")
        ordering = ["hamlet", "decision_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hamlet", "kind", "decision_number"], name="hamlet_model_unique_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hamlet} — {self.get_kind_display()} ({self.decision_number})"


class HamletScopedQuerySet(ScopedQuerySet):
    unit_path_lookup = "hamlet__unit__tree_path"


class HamletIndicatorValue(models.Model):
    """A value entered for one ấp against a hamlet criteria set (subject "hamlet"), for a year. The assessment app's
    values belong to administrative units; an ấp is not one, so its values live here, evaluated by the same engine.
    Changed in place (each change audited with the value before)."""

    hamlet = models.ForeignKey(
        "units.Hamlet", on_delete=models.PROTECT, related_name="indicator_values", verbose_name=_("hamlet")
    )
    set_code = models.CharField(_("criteria set"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"))
    indicator_code = models.CharField(_("indicator"), max_length=20)
    value = models.JSONField(_("value"), null=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))

    objects = HamletScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hamlet indicator value")
        verbose_name_plural = _("hamlet indicator values")
        ordering = ["hamlet", "set_code", "year", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["hamlet", "set_code", "year", "indicator_code"], name="hamlet_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hamlet} {self.set_code} {self.year} {self.indicator_code}"


class HamletDossier(models.Model):
    """One ấp's run through the commune-level ấp procedure (a procedure file with subject "hamlet") towards one
    model. The decision step records a ``HamletModelRecognition`` through the existing service."""

    hamlet = models.ForeignKey(
        "units.Hamlet", on_delete=models.PROTECT, related_name="model_dossiers", verbose_name=_("hamlet")
    )
    procedure = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="hamlet_dossiers",
        verbose_name=_("procedure"),
    )
    kind = models.CharField(_("model"), max_length=20, choices=HamletModelKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("step"), max_length=60)
    revision = models.PositiveIntegerField(default=0)
    is_open = models.BooleanField(default=True)
    snapshot = models.JSONField(_("figures at submission"), default=dict, blank=True)
    history = models.JSONField(_("history"), default=list, blank=True)
    recognition = models.ForeignKey(
        HamletModelRecognition, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HamletScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ấp model dossier")
        verbose_name_plural = _("ấp model dossiers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hamlet", "kind"],
                condition=models.Q(is_open=True),
                name="hamlet_dossier_one_open_per_model",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hamlet} — {self.get_kind_display()} ({self.state})"

    def parsed(self) -> procedure_file.Procedure:
        return self.procedure.parsed()
