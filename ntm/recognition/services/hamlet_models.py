"""Recognition of hamlet (ấp) models: a commune-level decision per ấp, recorded once, never deleted, audited; the
commune's count of smart-hamlet models is published to the assessment app as a computed value that the
model-commune set's condition "at least one smart village model" reads."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.assessment.services import computed_value_set, indicator_source_set
from ntm.audit.services import audit_record, snapshot
from ntm.core.exceptions import ServiceError
from ntm.core.vocabulary import is_rural_commune
from ntm.recognition.models import HamletModelKind, HamletModelRecognition
from ntm.recognition.selectors import hamlets_for_model_recognition
from ntm.units.models import Hamlet

SMART_HAMLETS_SOURCE = "recognition.smart_hamlets"
"""The computed-value key of a commune's count of recognised smart-hamlet models."""
MODEL_COMMUNE_SET = "xa-kieu-mau-2021-2025"
SMART_HAMLET_INDICATOR = "DK3"  # QĐ 319/QĐ-TTg condition 3: at least one smart village model


def smart_hamlet_count(unit, year: int) -> int:
    """Recognised smart-hamlet models of the commune's active hamlets decided by the end of ``year``."""
    return (
        HamletModelRecognition.objects.filter(
            hamlet__unit=unit,
            hamlet__is_active=True,
            kind=HamletModelKind.SMART,
            decision_date__lte=dt.date(year, 12, 31),
        )
        .values("hamlet")
        .distinct()
        .count()
    )


def _publish_smart_count(unit, first_year: int, actor) -> None:
    try:
        indicator_source_set(
            set_code=MODEL_COMMUNE_SET,
            indicator_code=SMART_HAMLET_INDICATOR,
            source=SMART_HAMLETS_SOURCE,
            actor=actor,
        )
    except ServiceError:
        return  # the model-commune set is not loaded: nothing reads the count yet
    for year in range(first_year, timezone.localdate().year + 1):
        computed_value_set(
            unit=unit,
            year=year,
            source=SMART_HAMLETS_SOURCE,
            value=smart_hamlet_count(unit, year),
            description=_("Smart-hamlet models recognised by the end of %(year)s") % {"year": year},
            reference=f"recognition.smart_hamlets:{unit.pk}",
            actor=actor,
        )


def hamlet_model_recognise(
    *,
    hamlet: Hamlet,
    kind: str,
    decision_number: str,
    decision_date: dt.date,
    issuing_body: str = "",
    note: str = "",
    actor=None,
) -> HamletModelRecognition:
    """Record a decision recognising ``hamlet`` as a model. Refuses: an inactive hamlet, a hamlet of a ward or
    township, an unknown model, a missing number, a future date, the same decision twice."""
    if actor is not None and not hamlets_for_model_recognition(actor).filter(pk=hamlet.pk).exists():
        raise PermissionDenied(
            _("Only the commune's officers or the coordination office record its ấp models.")
        )
    if kind not in HamletModelKind.values:
        raise ServiceError(_("The hamlet model is not valid."))
    if not hamlet.is_active:
        raise ServiceError(_("%(hamlet)s is no longer active.") % {"hamlet": hamlet.name})
    if not is_rural_commune(hamlet.unit.unit_type):
        raise ServiceError(
            _("%(hamlet)s belongs to %(unit)s, which is not a rural commune.")
            % {"hamlet": hamlet.name, "unit": hamlet.unit.name}
        )
    decision_number = decision_number.strip()
    if not decision_number:
        raise ServiceError(_("The decision number is missing."))
    if decision_date > timezone.localdate():
        raise ServiceError(_("The decision date cannot be in the future."))
    if HamletModelRecognition.objects.filter(
        hamlet=hamlet, kind=kind, decision_number__iexact=decision_number
    ).exists():
        raise ServiceError(
            _("%(hamlet)s already has decision %(number)s for this model.")
            % {"hamlet": hamlet.name, "number": decision_number}
        )
    with transaction.atomic():
        record = HamletModelRecognition.objects.create(
            hamlet=hamlet,
            kind=kind,
            decision_number=decision_number,
            decision_date=decision_date,
            issuing_body=issuing_body.strip(),
            note=note.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            action="hamlet_model.recognise",
            instance=record,
            after=snapshot(record),
            actor=actor,
            unit=hamlet.unit,
        )
        if kind == HamletModelKind.SMART:
            _publish_smart_count(hamlet.unit, decision_date.year, actor)
    return record
