"""Councils (an appraisal council, an OCOP scoring council), their members over time, and the members' votes on a
subject that the higher app identifies (``subject_type`` = the subject model's label, ``subject_id`` = its key).

A higher app that needs integrity on its side keeps its own foreign key to the council (``Dossier.council``); the
vote's subject is a pointer the council app never follows. Nothing here is deleted: a member leaves by getting an
``active_to`` date, so the votes they cast stay explained.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import Role
from ntm.core.scoping import ScopedQuerySet


class CouncilKind(models.TextChoices):
    APPRAISAL = "appraisal", _("Appraisal council")
    OCOP = "ocop", _("OCOP council")


# The role a user must hold (over the council's unit) to sit on and vote in a council of each kind.
MEMBER_ROLES: dict[str, str] = {
    CouncilKind.APPRAISAL: Role.COUNCIL_MEMBER,
    CouncilKind.OCOP: Role.OCOP_COUNCIL_MEMBER,
}
# Who appoints and removes members.
MANAGER_ROLES = (Role.PROVINCE_COORDINATOR,)


class CouncilPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CouncilQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__tree_path"


class Council(models.Model):
    """A council of one kind convened by one unit (the province for appraisal and OCOP councils)."""

    kind = models.CharField(_("kind"), max_length=12, choices=CouncilKind.choices)
    unit = models.ForeignKey(
        "units.AdministrativeUnit", on_delete=models.PROTECT, related_name="councils", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def member_role(self) -> str:
        return MEMBER_ROLES[self.kind]


class CouncilMemberQuerySet(models.QuerySet):
    def current(self) -> CouncilMemberQuerySet:
        return self.filter(active_to__isnull=True)


class CouncilMember(models.Model):
    """A user's seat on a council from ``active_from``; ``active_to`` is the day the seat ended (empty: sitting)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(
        _("position in the council"),
        max_length=12,
        choices=CouncilPosition.choices,
        default=CouncilPosition.MEMBER,
    )
    active_from = models.DateField(_("member from"), default=timezone.localdate)
    active_to = models.DateField(_("member until"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                condition=models.Q(active_to__isnull=True),
                name="councils_member_sits_once",
            ),
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True) | models.Q(active_to__gte=models.F("active_from")),
                name="councils_member_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} — {self.user}"


class CouncilVote(models.Model):
    """A member's vote on one subject in one round, with remarks. One per member, subject and round; the member
    may change it (the row is updated and audited) until the higher app tallies."""

    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="votes")
    subject_type = models.CharField(_("subject type"), max_length=60)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    round = models.PositiveSmallIntegerField(_("round"))
    agree = models.BooleanField(_("agrees"))
    remarks = models.TextField(_("remarks"), blank=True)
    voted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "subject_type", "subject_id", "round"], name="councils_vote_once_per_round"
            )
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id", "round"], name="councils_vote_subject")]

    def __str__(self) -> str:
        return (
            f"{self.member} {self.subject_type}#{self.subject_id} r{self.round}: {'+' if self.agree else '-'}"
        )
