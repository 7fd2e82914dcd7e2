"""The shared words as Django choices with translated labels (the constants are in ``ntm.core.vocabulary``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core import vocabulary as v


class RecognitionLevel(models.TextChoices):
    """A level of the NTM ladder: what a criteria set grants, what a survey or dossier is for."""

    NTM = v.NTM, _("NTM standard")
    NANG_CAO = v.ADVANCED, _("Advanced NTM")
    KIEU_MAU = v.MODEL, _("Model NTM")


class StatusLevel(models.TextChoices):
    """What a register entry records: a recognition at a level, or a revocation."""

    NTM = v.NTM, _("NTM standard met")
    ADVANCED = v.ADVANCED, _("Advanced NTM")
    MODEL = v.MODEL, _("Model NTM")
    REVOKED = v.REVOKED, _("Recognition revoked")


# Labels of every level a page can show, official or self-assessed, including "none".
LEVEL_LABELS = {
    v.NONE: _("Not met / not recognised"),
    v.NTM: _("NTM standard met"),
    v.ADVANCED: _("Advanced NTM"),
    v.MODEL: _("Model NTM"),
    v.REVOKED: _("Recognition revoked"),
}


class ProvenanceStatus(models.TextChoices):
    """How sure we are of a fact: confirmed, partly confirmed, unconfirmed, or no value yet (placeholder)."""

    CONFIRMED = v.CONFIRMED, _("Confirmed")
    PARTIAL = v.PARTIAL, _("Partly confirmed")
    UNCONFIRMED = v.UNCONFIRMED, _("Unconfirmed")
    PLACEHOLDER = v.PLACEHOLDER, _("No value yet")


class Role(models.TextChoices):
    """What a person does in the system; every role assignment binds one of these to a unit."""

    PROVINCE_COORDINATOR = "province_coordinator", _("Province coordinator")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    DISTRICT_OFFICER = "district_officer", _("District officer (before 1/7/2025)")
    FRONT_OFFICER = "front_officer", _("Fatherland Front officer")
    COUNCIL_MEMBER = "council_member", _("Appraisal council member")
    OCOP_COUNCIL_MEMBER = "ocop_council_member", _("OCOP council member")
    PRODUCER = "producer", _("Producer")
    WATER_OPERATOR = "water_operator", _("Water-supply operator")
    AUDITOR = "auditor", _("Auditor")


# Roles that read but never write anything.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
# Roles whose scope is the whole province they are bound to, whatever they do there.
PROVINCE_WIDE_ROLES = frozenset(
    {Role.PROVINCE_COORDINATOR, Role.AUDITOR, Role.COUNCIL_MEMBER, Role.OCOP_COUNCIL_MEMBER}
)
