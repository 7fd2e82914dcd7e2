"""Writes for users, roles, departments and API tokens. Each is one transaction with an audit entry."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import ApiToken, Organisation, OrganisationName, RoleAssignment, User, hash_token
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.units.models import AdministrativeUnit, Level


def user_create(
    *, username: str, password: str | None, full_name: str = "", email: str = "", is_demo: bool = False
) -> User:
    with transaction.atomic():
        user = User(username=username, full_name=full_name, email=email, is_demo=is_demo)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(action="user.create", instance=user, after=snapshot(user))
    return user


# Departments renamed by the 3/2025 mergers (NĐ 45/2025/NĐ-CP): current name → (former name, last day, source).
KNOWN_FORMER_NAMES: dict[str, tuple[tuple[str, dt.date, str], ...]] = {
    "Sở Nông nghiệp và Môi trường": (
        ("Sở Nông nghiệp và Phát triển nông thôn", dt.date(2025, 2, 28), "NĐ 45/2025/NĐ-CP ngày 28/2/2025"),
    ),
}


def organisation_create(*, name: str, short_name: str, unit: AdministrativeUnit) -> Organisation:
    if unit.level != Level.PROVINCE:
        raise ServiceError(_("A department must belong to a province-level unit."))
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, short_name=short_name, unit=unit)
        for former, valid_to, source in KNOWN_FORMER_NAMES.get(name, ()):
            OrganisationName.objects.create(
                organisation=organisation, name=former, valid_to=valid_to, source=source
            )
        audit_record(action="organisation.create", instance=organisation, after=snapshot(organisation))
    return organisation


# Which unit level each role may be bound to (None: any level).
_ROLE_LEVELS: dict[str, set[str] | None] = {
    Role.PROVINCE_COORDINATOR: {Level.PROVINCE},
    Role.DEPARTMENT_OFFICER: {Level.PROVINCE},
    Role.COMMUNE_OFFICER: {Level.COMMUNE},
    Role.DISTRICT_OFFICER: {Level.DISTRICT},
    Role.FRONT_OFFICER: {Level.COMMUNE, Level.PROVINCE},
    Role.COUNCIL_MEMBER: {Level.PROVINCE},
    Role.OCOP_COUNCIL_MEMBER: {Level.PROVINCE},
    Role.PRODUCER: None,
    Role.AUDITOR: {Level.PROVINCE},
}


def role_assign(
    *, user: User, role: str, unit: AdministrativeUnit, organisation: Organisation | None = None
) -> RoleAssignment:
    """Bind ``user`` to ``role`` at ``unit``; refuses a unit of the wrong level or a department officer
    without a department."""
    if role not in Role.values:
        raise ServiceError(_("Invalid role: %(role)s.") % {"role": role})
    allowed = _ROLE_LEVELS[role]
    if allowed is not None and unit.level not in allowed:
        raise ServiceError(
            _("The role “%(role)s” cannot be attached to %(unit)s.")
            % {"role": Role(role).label, "unit": unit.name}
        )
    if role == Role.DEPARTMENT_OFFICER and organisation is None:
        raise ServiceError(_("A department officer must belong to a department."))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, unit=unit, defaults={"organisation": organisation}
        )
        before = None if created else snapshot(assignment)
        if not created:
            assignment.organisation = organisation
            assignment.is_active = True
            assignment.save()
        audit_record(
            action="role.assign", instance=assignment, before=before, after=snapshot(assignment), unit=unit
        )
    return assignment


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the row and the raw value, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the access token a name (for example: “Report sync”)."))
    if len(name) > 100:
        raise ServiceError(_("An access token name is at most 100 characters long."))
    raw = ApiToken.new_raw_value()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw), hint=raw[:8])
        audit_record(action="api_token.create", instance=token, after={"name": name, "hint": token.hint})
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.is_revoked:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token.revoke", instance=token, after={"revoked_at": token.revoked_at})
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning an unrevoked token with this raw value, or None."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None:
        return None
    token.touch()
    return token.user
