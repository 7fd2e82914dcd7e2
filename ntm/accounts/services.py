"""Writes for users, roles, departments and API tokens. Each is one transaction with an audit entry."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.models import (
    ApiToken,
    Organisation,
    OrganisationKind,
    OrganisationName,
    RoleAssignment,
    User,
    hash_token,
)
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.models import InstanceState
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


def account_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    email: str = "",
    password: str = "",
    roles: list[tuple[str, AdministrativeUnit, Organisation | None]] = (),
) -> User:
    """Create an account (with its first roles) for a person, by the coordinator. Without ``password`` the account
    has none until its owner sets one through the e-mailed link (password reset); an installation holding demo
    data marks the account as demo, so demo and real accounts never mix."""
    username = username.strip()
    full_name = " ".join(full_name.split())
    email = email.strip().lower()
    if not username:
        raise ServiceError(_("Enter a username."))
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(_("The username “%(username)s” is already taken.") % {"username": username})
    if not full_name:
        raise ServiceError(_("Enter the person's full name."))
    if not password and not email:
        raise ServiceError(
            _("Give either an initial password or an e-mail address to send the sign-in link to.")
        )
    if email and User.objects.filter(email__iexact=email).exists():
        raise ServiceError(_("Another account already uses the e-mail address %(email)s.") % {"email": email})
    if password:
        try:
            validate_password(password, User(username=username, full_name=full_name, email=email))
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages)) from None
    with transaction.atomic():
        user = user_create(
            username=username,
            password=password or None,
            full_name=full_name,
            email=email,
            is_demo=InstanceState.is_demo(),
        )
        for role, unit, organisation in roles:
            role_assign(user=user, role=role, unit=unit, organisation=organisation)
    return user


def _check_manageable(actor: User, user: User) -> None:
    if user.is_superuser and not actor.is_superuser:
        raise ServiceError(_("Only a system administrator may change an administrator's account."))


def role_remove(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    """End a role assignment (kept, marked inactive: what the person did under it stays attributable)."""
    _check_manageable(actor, assignment.user)
    if not assignment.is_active:
        return assignment
    if assignment.user_id == actor.pk and assignment.role == Role.PROVINCE_COORDINATOR:
        raise ServiceError(_("You cannot remove your own coordinator role; ask another coordinator."))
    with transaction.atomic():
        before = snapshot(assignment)
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
        audit_record(
            action="role.remove",
            instance=assignment,
            before=before,
            after=snapshot(assignment),
            unit=assignment.unit,
        )
    return assignment


def sessions_end(*, user: User) -> int:
    """Delete every database session signed in as ``user``; returns how many. Reads each unexpired session (the
    session store keeps no index by user): proportional to the number of open sessions."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def user_deactivate(*, actor: User, user: User) -> User:
    """Deactivate an account (never deleted): it can no longer sign in, its open sessions end and its API tokens
    are revoked, all in one audited transaction."""
    _check_manageable(actor, user)
    if user.pk == actor.pk:
        raise ServiceError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        before = snapshot(user, ["is_active"])
        user.is_active = False
        user.save(update_fields=["is_active"])
        now = timezone.now()
        revoked = list(
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).values_list("pk", flat=True)
        )
        ApiToken.objects.filter(pk__in=revoked).update(revoked_at=now)
        sessions = sessions_end(user=user)
        audit_record(
            action="user.deactivate",
            instance=user,
            before=before,
            after=snapshot(user, ["is_active"]),
            extra={"sessions_ended": sessions, "tokens_revoked": len(revoked)},
        )
    return user


def user_reactivate(*, actor: User, user: User) -> User:
    """Let a deactivated account sign in again (its revoked tokens stay revoked)."""
    _check_manageable(actor, user)
    if user.is_active:
        return user
    with transaction.atomic():
        before = snapshot(user, ["is_active"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            action="user.reactivate", instance=user, before=before, after=snapshot(user, ["is_active"])
        )
    return user


def password_changed(*, user: User, how: str) -> None:
    """Record that ``user`` changed their password (``how``: "change" on the account page, "reset" through the
    e-mailed link); the password itself is never recorded."""
    audit_record(action=f"user.password_{how}", instance=user, actor=user)


def organisation_create(
    *, name: str, short_name: str, unit: AdministrativeUnit, kind: str = OrganisationKind.DEPARTMENT
) -> Organisation:
    """A department (bound to the province) or a water-supply operator (a commune's or the province's)."""
    if kind not in OrganisationKind.values:
        raise ServiceError(_("Invalid kind of organisation."))
    if kind == OrganisationKind.DEPARTMENT and unit.level != Level.PROVINCE:
        raise ServiceError(_("A department must belong to a province-level unit."))
    if kind == OrganisationKind.WATER_OPERATOR and unit.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ServiceError(_("A water-supply operator belongs to a commune or to the province."))
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, short_name=short_name, unit=unit, kind=kind)
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
    Role.WATER_OPERATOR: {Level.COMMUNE, Level.PROVINCE},
    Role.AUDITOR: {Level.PROVINCE},
}


def role_assign(
    *, user: User, role: str, unit: AdministrativeUnit, organisation: Organisation | None = None
) -> RoleAssignment:
    """Bind ``user`` to ``role`` at ``unit``; refuses a unit of the wrong level, a department officer without a
    department and a water-supply operator's account without its operator (an organisation of that kind)."""
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
    if role == Role.WATER_OPERATOR and (
        organisation is None or organisation.kind != OrganisationKind.WATER_OPERATOR
    ):
        raise ServiceError(_("A water-supply operator's account must name its operator."))
    if role == Role.DEPARTMENT_OFFICER and organisation.kind != OrganisationKind.DEPARTMENT:
        raise ServiceError(_("A department officer must belong to a department."))
    if role not in (Role.DEPARTMENT_OFFICER, Role.WATER_OPERATOR):
        organisation = None
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
