"""Writes about OCOP producers: an account request, the commune's approval or refusal, and records the province
keeps (an imported producer has no account)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.models import User
from ntm.accounts.services import role_assign, user_create
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.notifications import notify
from ntm.ocop.models import Producer, ProducerKind, ProducerStatus
from ntm.ocop.selectors import may_change_producer
from ntm.units.models import AdministrativeUnit, Level

PRODUCER_FIELDS = ("name", "kind", "address", "representative", "phone", "email", "website")


def _check(data: dict, unit: AdministrativeUnit) -> None:
    if unit.level != Level.COMMUNE:
        raise ServiceError(_("A producer belongs to a commune or ward."))
    if data.get("kind") not in ProducerKind.values:
        raise ServiceError(_("Choose the type of producer."))
    for key in ("name", "address", "representative"):
        if not (data.get(key) or "").strip():
            raise ServiceError(_("Fill in the name, address and representative of the producer."))


@transaction.atomic
def producer_request(*, data: dict, unit: AdministrativeUnit, username: str, password: str) -> Producer:
    """A producer asks for an account: an inactive user and a producer record the commune then approves."""
    _check(data, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("This user name is taken: choose another."))
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from exc
    user = user_create(
        username=username, password=password, full_name=data["representative"], email=data.get("email", "")
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    producer = Producer.objects.create(
        unit=unit,
        owner=user,
        status=ProducerStatus.REQUESTED,
        **{k: data.get(k, "") for k in PRODUCER_FIELDS},
    )
    audit_record(action="ocop.producer.request", instance=producer, after=snapshot(producer), actor=user)
    officers = User.objects.filter(
        role_assignments__role=Role.COMMUNE_OFFICER,
        role_assignments__unit=unit,
        role_assignments__is_active=True,
    )
    notify(
        users=officers,
        text=_("OCOP: %(name)s asks for a producer account.") % {"name": producer.name},
        link="/ocop/quan-ly/chu-the/",
        key=f"ocop.producer.request.{producer.pk}",
    )
    return producer


@transaction.atomic
def producer_create(
    *, actor, data: dict, unit: AdministrativeUnit, is_imported: bool = False, is_demo: bool = False
) -> Producer:
    """A producer record kept by the province (no account), e.g. from the catalogue import."""
    _check(data, unit)
    producer = Producer.objects.create(
        unit=unit,
        status=ProducerStatus.APPROVED,
        decided_by=actor,
        is_imported=is_imported,
        is_demo=is_demo,
        **{k: data.get(k, "") for k in PRODUCER_FIELDS},
    )
    audit_record(action="ocop.producer.create", instance=producer, after=snapshot(producer), actor=actor)
    return producer


def _decide(actor, producer: Producer) -> Producer:
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if not may_change_producer(actor, producer):
        raise PermissionDenied(_("Only the producer's commune or the province coordinator decides this."))
    if producer.status != ProducerStatus.REQUESTED:
        raise StateConflict(
            _("This request has already been decided."),
            expected_state=ProducerStatus.REQUESTED,
            actual_state=producer.status,
        )
    return producer


@transaction.atomic
def producer_approve(*, actor, producer: Producer) -> Producer:
    producer = _decide(actor, producer)
    before = snapshot(producer)
    producer.status, producer.decided_by = ProducerStatus.APPROVED, actor
    producer.save(update_fields=["status", "decided_by"])
    if producer.owner_id:
        owner = producer.owner
        owner.is_active = True
        owner.save(update_fields=["is_active"])
        role_assign(user=owner, role=Role.PRODUCER, unit=producer.unit)
        notify(
            users=[owner],
            text=_("Your OCOP producer account is approved."),
            link="/ocop/quan-ly/",
            key=f"ocop.producer.approved.{producer.pk}",
        )
    audit_record(
        action="ocop.producer.approve",
        instance=producer,
        before=before,
        after=snapshot(producer),
        actor=actor,
    )
    return producer


@transaction.atomic
def producer_refuse(*, actor, producer: Producer, reason: str) -> Producer:
    if not reason.strip():
        raise ServiceError(_("Say why the request is refused."))
    producer = _decide(actor, producer)
    before = snapshot(producer)
    producer.status, producer.decided_by = ProducerStatus.REFUSED, actor
    producer.save(update_fields=["status", "decided_by"])
    audit_record(
        action="ocop.producer.refuse",
        instance=producer,
        before=before,
        after=snapshot(producer),
        actor=actor,
        extra={"reason": reason},
    )
    return producer
