"""Users, the roles they hold (each bound to an administrative unit), departments and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import READ_ONLY_ROLES, Role


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their role assignments, never from flags."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def active_roles(self) -> list[RoleAssignment]:
        """The user's current role assignments, cached on the instance for the request."""
        if not hasattr(self, "_active_roles"):
            self._active_roles = list(
                self.role_assignments.filter(is_active=True).select_related("unit", "organisation__unit")
            )
        return self._active_roles

    def has_role(self, *roles: str) -> bool:
        return any(assignment.role in roles for assignment in self.active_roles())


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Department or provincial body")
    WATER_OPERATOR = "water_operator", _("Water-supply operator")


class Organisation(models.Model):
    """A provincial department (Sở, ngành) or another body whose officers act across the province, or a
    water-supply operator (đơn vị cấp nước) whose accounts enter the lab results of the water points it runs."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, unique=True)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("unit"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.DEPARTMENT
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def name_on(self, day) -> str:
        """The department's name on ``day`` (a record is shown with the name of its year: the 3/2025 mergers
        renamed departments); its current name when no dated name covers ``day``."""
        for former in self.former_names.all():
            if (former.valid_from is None or former.valid_from <= day) and day <= former.valid_to:
                return former.name
        return self.name


class OrganisationName(models.Model):
    """A name the department bore before (dated; e.g. "Sở Nông nghiệp và Phát triển nông thôn" until 28/2/2025,
    before it became "Sở Nông nghiệp và Môi trường"), with the public document of the change."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="former_names", verbose_name=_("department")
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(
        _("from"), null=True, blank=True
    )  # empty: since before the records kept here
    valid_to = models.DateField(_("until"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("former name of a department")
        verbose_name_plural = _("former names of departments")
        ordering = ["organisation", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="organisation_name_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_to:%d/%m/%Y})"


class RoleAssignment(models.Model):
    """One role a user holds, bound to one administrative unit (and, for department officers, a department)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("unit"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("department"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_user_unit"),
            models.CheckConstraint(
                condition=~models.Q(role="department_officer") | models.Q(organisation__isnull=False),
                name="department_officer_has_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="water_operator") | models.Q(organisation__isnull=False),
                name="water_operator_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit}"

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the raw value is shown once at creation."""

    PREFIX = "ntm_"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_raw_value(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def touch(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
