"""Files of OCOP records: the papers of a registration dossier (PDF, Word, Excel, images; private, served through a
scoped view), the product's photos for the public catalogue and a tourism point's photos for the public tourism
page (JPEG or PNG only, at most 4). Types are judged by content (``ntm.core.uploads``); nothing is deleted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.permissions import CHANGE, OCOP
from ntm.core.uploads import IMAGE_TYPES, attach
from ntm.ocop.models import (
    DossierFile,
    DossierFileKind,
    Evaluation,
    EvaluationState,
    Product,
    ProductPhoto,
    TourismPoint,
    TourismPointPhoto,
)
from ntm.ocop.selectors import owns

MAX_PHOTOS = 4  # the public page shows this many
MAX_DOSSIER_FILES = 30
FILE_FIELDS = ("original_name", "mime_type", "size")


def _coordinates(actor, product: Product) -> bool:
    return (
        Product.objects.restrict(actor, CHANGE, area=OCOP, roles={Role.PROVINCE_COORDINATOR})
        .filter(pk=product.pk)
        .exists()
    )


@transaction.atomic
def dossier_file_add(*, actor, evaluation: Evaluation, kind: str, upload: UploadedFile) -> DossierFile:
    """A paper added to the dossier by its producer while the dossier is being prepared or was returned."""
    evaluation = (
        Evaluation.objects.select_for_update().select_related("product__producer").get(pk=evaluation.pk)
    )
    if not owns(actor, evaluation.product.producer):
        raise PermissionDenied(_("Only the producer adds papers to its dossier."))
    if evaluation.state not in (EvaluationState.DRAFT, EvaluationState.RETURNED):
        raise StateConflict(
            _("The dossier was already submitted: papers are added while it is prepared or returned."),
            expected_state=EvaluationState.DRAFT,
            actual_state=evaluation.state,
        )
    if kind not in DossierFileKind.values:
        raise ServiceError(_("Choose what kind of paper the file is."))
    if evaluation.files.count() >= MAX_DOSSIER_FILES:
        raise ServiceError(_("A dossier holds at most %(n)s files.") % {"n": MAX_DOSSIER_FILES})
    row = attach(DossierFile(evaluation=evaluation, kind=kind, uploaded_by=actor), upload)
    row.save()
    audit_record(
        action="ocop.dossier_file.add",
        instance=row,
        after=snapshot(row, (*FILE_FIELDS, "kind")),
        actor=actor,
        unit=evaluation.product.producer.unit,
    )
    return row


@transaction.atomic
def product_photo_add(*, actor, product: Product, upload: UploadedFile) -> ProductPhoto:
    """A photo of the product (JPEG or PNG by content) for its public page: its producer's or the coordinator's."""
    product = Product.objects.select_for_update().select_related("producer__unit").get(pk=product.pk)
    if not (owns(actor, product.producer) or _coordinates(actor, product)):
        raise PermissionDenied(_("Only the producer or the province coordinator adds product photos."))
    if product.photos.count() >= MAX_PHOTOS:
        raise ServiceError(_("A product has at most %(n)s photos.") % {"n": MAX_PHOTOS})
    row = attach(ProductPhoto(product=product, uploaded_by=actor), upload, allowed=IMAGE_TYPES)
    row.save()
    audit_record(
        action="ocop.product_photo.add",
        instance=row,
        after=snapshot(row, FILE_FIELDS),
        actor=actor,
        unit=product.producer.unit,
    )
    return row


def _keeps_point(actor, point: TourismPoint) -> bool:
    return (
        TourismPoint.objects.restrict(
            actor, CHANGE, area=OCOP, roles={Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR}
        )
        .filter(pk=point.pk)
        .exists()
    )


@transaction.atomic
def tourism_point_photo_add(*, actor, point: TourismPoint, upload: UploadedFile) -> TourismPointPhoto:
    """A photo of a tourism point (JPEG or PNG by content), shown publicly once the point is recognised: its
    operator's, its commune's or the coordinator's (those who record the point)."""
    point = TourismPoint.objects.select_for_update().select_related("producer", "unit").get(pk=point.pk)
    if not (owns(actor, point.producer) or _keeps_point(actor, point)):
        raise PermissionDenied(
            _("Only the operator, its commune or the province coordinator adds photos of a tourism point.")
        )
    if point.photos.count() >= MAX_PHOTOS:
        raise ServiceError(_("A tourism point has at most %(n)s photos.") % {"n": MAX_PHOTOS})
    row = attach(TourismPointPhoto(point=point, uploaded_by=actor), upload, allowed=IMAGE_TYPES)
    row.save()
    audit_record(
        action="ocop.tourism_photo.add",
        instance=row,
        after=snapshot(row, FILE_FIELDS),
        actor=actor,
        unit=point.unit,
    )
    return row
