"""OCOP: producers, products, the taxonomy and score sheets (versioned data), evaluations with council scores,
decisions and certificates (QĐ 148/QĐ-TTg of 24/2/2023, as amended by QĐ 1489/QĐ-TTg of 6/7/2025)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import ProvenanceStatus
from ntm.core.models import Attachment
from ntm.core.scoping import ScopedQuerySet
from ntm.core.storage import RandomPath
from ntm.ocop.sheetfile import SheetFile, read_sheet

CERTIFICATE_MONTHS = 36  # validity of a 3★-5★ certificate
REMINDER_DAYS = 30  # the issuing body notifies the producer at least this long before expiry
# A working rule of this system (not a legal one): a certificate enters the coordinator's re-evaluation list, and
# may be re-registered, this many days before it expires (and stays there once expired until re-evaluated).
REEVALUATION_WINDOW_DAYS = 90


class Category(models.Model):
    """A node of the product taxonomy (group, product group, sub-group) of one legal document's Annex I."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    legal_symbol = models.CharField(_("legal document"), max_length=100)
    provenance = models.CharField(_("provenance"), max_length=20, choices=ProvenanceStatus.choices)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("OCOP product category")
        verbose_name_plural = _("OCOP product categories")
        ordering = ["legal_symbol", "pk"]
        constraints = [models.UniqueConstraint(fields=["legal_symbol", "code"], name="ocop_category_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def group(self) -> Category:
        node = self
        while node.parent_id:
            node = node.parent
        return node


class ScoreSheet(models.Model):
    """One version of a score sheet, kept as the TOML text it was loaded from (the pure module reads it)."""

    code = models.CharField(_("code"), max_length=50)
    version = models.CharField(_("version"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    legal_symbol = models.CharField(_("legal document"), max_length=100)
    categories = models.JSONField(_("sub-groups"), default=list)
    text = models.TextField(_("sheet file"))
    content_hash = models.CharField(max_length=64)
    provenance = models.CharField(_("provenance"), max_length=20, choices=ProvenanceStatus.choices)
    source = models.CharField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP score sheet")
        verbose_name_plural = _("OCOP score sheets")
        ordering = ["code", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="ocop_sheet_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def parsed(self) -> SheetFile:
        return read_sheet(self.text)

    def applies_to(self, category: Category) -> bool:
        return "*" in self.categories or category.code in self.categories


class ProducerKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    COMPANY = "company", _("Company")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class ProducerStatus(models.TextChoices):
    REQUESTED = "requested", _("Account requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ProducerQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Producer(models.Model):
    """An OCOP producer (chủ thể OCOP): who makes the product, in which commune, and how to reach it."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ProducerKind.choices)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="ocop_producers",
        verbose_name=_("commune"),
    )
    address = models.CharField(_("address"), max_length=300)
    representative = models.CharField(_("representative"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ocop_producers",
        verbose_name=_("account"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProducerStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("illustrative data"), default=False)
    is_imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProducerQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCOP producer")
        verbose_name_plural = _("OCOP producers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductQuerySet(ScopedQuerySet):
    unit_path_lookup = "producer__unit__tree_path"


class Product(models.Model):
    """A product or service a producer puts forward for OCOP ranking."""

    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("sub-group")
    )
    description = models.TextField(_("description"), blank=True)
    where_to_buy = models.TextField(_("where to buy"), blank=True)
    shop_url = models.URLField(_("online shop"), blank=True)
    trace_url = models.URLField(_("trace page"), blank=True)
    is_demo = models.BooleanField(_("illustrative data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self):
        return self.producer.unit

    @property
    def unit_id(self):
        return self.producer.unit_id


class ProductPhoto(Attachment):
    """A photo of a product for the public catalogue."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("file"), upload_to=RandomPath("ocop"), max_length=300)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["pk"]


class DossierFileKind(models.TextChoices):
    """The papers of a registration dossier (QĐ 148/QĐ-TTg, Annex II) and the evidence that supports it."""

    REGISTRATION_FORM = "registration_form", _("Registration form")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    BUSINESS_LICENCE = "business_licence", _("Business registration certificate")
    QUALITY_DECLARATION = "quality_declaration", _("Quality or standard declaration")
    TEST_RESULT = "test_result", _("Test report")
    CERTIFICATE = "certificate", _("Certificate (food safety, VietGAP, trademark …)")
    OTHER = "other", _("Other evidence")


class CycleVersion(models.Model):
    """One version of an evaluation-cycle file (``ntm/ocop/procedures/*.toml``, read by ``ntm.ocop.cycle``): an
    evaluation is pinned to the version it started with, so a changed file changes only the cycles opened later."""

    code = models.CharField(_("code"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=300)
    is_history = models.BooleanField(_("history only"), default=False)
    text = models.TextField(_("procedure file"))
    content_hash = models.CharField(max_length=64)
    source_file = models.CharField(_("file"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP evaluation cycle")
        verbose_name_plural = _("OCOP evaluation cycles")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="ocop_cycle_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("Dossier being prepared")
    SUBMITTED = "submitted", _("Submitted to the commune")
    RETURNED = "returned", _("Returned to the producer")
    SCORING = "scoring", _("Council scoring")
    SCORED = "scored", _("Scored by the council")
    DECIDED = "decided", _("Decision issued")
    NOT_RANKED = "not_ranked", _("Not ranked (below 3 stars)")


class EvaluationQuerySet(ScopedQuerySet):
    unit_path_lookup = "product__producer__unit__tree_path"


class Evaluation(models.Model):
    """One evaluation cycle of a product: dossier → commune pre-check → council scores → decision."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="evaluations")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="evaluations")
    cycle = models.ForeignKey(
        CycleVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("evaluation cycle"),
    )
    year = models.PositiveIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=20, choices=EvaluationState.choices, default=EvaluationState.DRAFT
    )
    is_reevaluation = models.BooleanField(_("re-evaluation"), default=False)
    renews = models.ForeignKey(
        "Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reevaluations",
        verbose_name=_("certificate re-evaluated"),
    )
    # Registration dossier (QĐ 148/QĐ-TTg, Annex II): forms, description, samples (not for services), declarations.
    product_description = models.TextField(_("product description"), blank=True)
    samples_count = models.PositiveSmallIntegerField(_("samples supplied"), default=0)
    quality_declaration = models.CharField(_("quality declaration (number/date)"), max_length=200, blank=True)
    evidence_note = models.TextField(_("evidence supplied"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Commune pre-check (QĐ 1489/QĐ-TTg): origin of raw materials and idea, local labour.
    precheck_raw_material_origin = models.BooleanField(_("raw materials of local origin"), null=True)
    precheck_idea_origin = models.BooleanField(_("origin of the product idea checked"), null=True)
    precheck_local_labour = models.BooleanField(_("uses local labour"), null=True)
    precheck_note = models.TextField(_("pre-check note"), blank=True)
    prechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prechecked_at = models.DateTimeField(null=True, blank=True)
    # The council's result, copied from the pure module when scoring is closed.
    average = models.DecimalField(_("council average"), max_digits=6, decimal_places=2, null=True, blank=True)
    star = models.PositiveSmallIntegerField(_("star"), null=True, blank=True)
    disagreement = models.BooleanField(_("members disagree"), default=False)
    propose_national = models.BooleanField(_("proposed for national evaluation"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCOP evaluation")
        verbose_name_plural = _("OCOP evaluations")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.product} ({self.year})"

    @property
    def unit_id(self):
        return self.product.producer.unit_id


class MemberScore(models.Model):
    """One council member's independent scoring of an evaluation: the option chosen per criterion."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ocop_scores")
    choices = models.JSONField(_("choices"), default=dict)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("council member's score")
        verbose_name_plural = _("council members' scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "member"], name="ocop_one_score_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.evaluation}: {self.total}"


class DossierFile(Attachment):
    """A file of an evaluation's registration dossier: private, served only through a scoped view."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind of paper"), max_length=30, choices=DossierFileKind.choices)
    file = models.FileField(_("file"), upload_to=RandomPath("ocop-dossier"), max_length=300)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["pk"]


class DecisionLevel(models.TextChoices):
    DISTRICT = "district", _("District (before 1/7/2025)")
    PROVINCE = "province", _("Province")
    CENTRAL = "central", _("Central (ministry)")


class Decision(models.Model):
    """A recognition decision: the province's for 3★-4★, the ministry's for 5★, a district's in the history."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="decisions", null=True, blank=True
    )
    number = models.CharField(_("decision number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    level = models.CharField(_("level"), max_length=20, choices=DecisionLevel.choices)
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    is_imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP decision")
        verbose_name_plural = _("OCOP decisions")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return self.number


class RevocationReason(models.TextChoices):
    NOT_REEVALUATED = "not_reevaluated", _("Not re-evaluated within 36 months")
    MANDATORY_FAILED = "mandatory_failed", _("Re-evaluated but fails the mandatory criteria for its star")
    PROCESS_VIOLATION = "process_violation", _("Does not follow the declared process or food-safety rules")
    PRODUCT_CHANGED = "product_changed", _("Product or packaging differs from the certified one")
    STOPPED = "stopped", _("The producer stopped operating")
    OTHER = "other", _("Other (see note)")


class CertificateQuerySet(ScopedQuerySet):
    unit_path_lookup = "product__producer__unit__tree_path"

    def in_force(self, on: dt.date):
        return self.filter(revoked_on__isnull=True, issued_on__lte=on, expires_on__gte=on)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month when the day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Certificate(models.Model):
    """An OCOP certificate (3★-5★), valid 36 months from issue; revoked with a reason, never deleted."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="certificates")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=60)
    star = models.PositiveSmallIntegerField(_("star"))
    average = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    reminder_sent_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=30, choices=RevocationReason.choices, blank=True
    )
    revocation_note = models.TextField(_("revocation note"), blank=True)
    is_imported = models.BooleanField(_("imported"), default=False)
    is_demo = models.BooleanField(_("illustrative data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issued_on"], name="ocop_certificate_unique")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def unit_id(self):
        return self.product.producer.unit_id

    def in_force(self, on: dt.date) -> bool:
        return self.revoked_on is None and self.issued_on <= on <= self.expires_on


class TourismPointQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class TourismPoint(models.Model):
    """A rural tourism point (OCOP group VI: community tourism, eco-tourism and tourism points): the site, its
    services and capacity; scored as an OCOP product after an on-site inspection, since it has no samples."""

    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="ocop_tourism_points",
        verbose_name=_("commune"),
    )
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="tourism_points", verbose_name=_("operator")
    )
    product = models.OneToOneField(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tourism_point",
        verbose_name=_("OCOP product"),
    )
    address = models.CharField(_("address"), max_length=300)
    services = models.TextField(_("services offered"))
    capacity = models.PositiveIntegerField(_("capacity (guests a day)"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_demo = models.BooleanField(_("illustrative data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TourismPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("rural tourism point")
        verbose_name_plural = _("rural tourism points")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def passed_inspection(self) -> SiteInspection | None:
        return self.inspections.filter(passed=True).order_by("-inspected_on").first()


class TourismPointPhoto(Attachment):
    """A photo of a tourism point, shown on the public tourism page once the point is recognised."""

    point = models.ForeignKey(TourismPoint, on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("file"), upload_to=RandomPath("ocop-tourism"), max_length=300)

    class Meta:
        verbose_name = _("tourism point photo")
        verbose_name_plural = _("tourism point photos")
        ordering = ["pk"]


class SiteInspection(models.Model):
    """The on-site inspection record of a tourism point, made before the council scores it."""

    point = models.ForeignKey(TourismPoint, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    findings = models.TextField(_("findings"))
    passed = models.BooleanField(_("ready for scoring"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("site inspection")
        verbose_name_plural = _("site inspections")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.point} {self.inspected_on:%d/%m/%Y}"

    @property
    def unit_id(self):
        return self.point.unit_id
