"""Creating accounts from the Excel template: one row per role (a person with two roles has two rows under the same
username), checked whole before anything is written (all-or-nothing, every error "Sheet …, dòng N, cột X").

Imported accounts have no password: each person gets an e-mail with a link to set one (the view sends it after the
import commits), so the e-mail address is required. Only new usernames are accepted; roles of existing accounts
are changed on the account's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ntm.accounts.models import Organisation, User
from ntm.accounts.services import _ROLE_LEVELS, account_create
from ntm.audit.services import audit_record
from ntm.core.choices import Role
from ntm.core.excel import ExcelImportError, Row, read_sheet
from ntm.core.excel_writer import ListValidation, Sheet, Style, workbook_bytes
from ntm.core.text import fold
from ntm.units.models import AdministrativeUnit, Structure

SHEET = "Tài khoản"
LIST_SHEET = "Danh mục"
USERNAME, FULL_NAME, EMAIL, ROLE, UNIT, DEPARTMENT = (
    "Tên đăng nhập",
    "Họ và tên",
    "Email",
    "Vai trò",
    "Mã đơn vị",
    "Sở, ngành (tên viết tắt)",
)
HEADERS = (USERNAME, FULL_NAME, EMAIL, ROLE, UNIT, DEPARTMENT)
MAX_ROWS_SHOWN_IN_TEMPLATE = 500


def role_labels_vi() -> dict[str, str]:
    with translation.override("vi"):
        return {role.value: str(role.label) for role in Role}


def _role_lookup() -> dict[str, str]:
    lookup = {fold(label): value for value, label in role_labels_vi().items()}
    lookup.update({value: value for value in Role.values})
    return lookup


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass
class _Person:
    username: str
    full_name: str
    email: str
    first_row: int
    roles: list[tuple[str, AdministrativeUnit, Organisation | None]] = field(default_factory=list)


def _unit_for(
    role: str, code: str, units: dict[tuple[str, str], AdministrativeUnit]
) -> AdministrativeUnit | None:
    structure = Structure.LEGACY if role == Role.DISTRICT_OFFICER else Structure.REFORM_2025
    if code.isdigit():
        for candidate in (code, code.zfill(5), code.zfill(3), code.zfill(2)):
            if (structure, candidate) in units:
                return units[(structure, candidate)]
    return units.get((structure, code))


def _check_row(row: Row, roles: dict[str, str], units, organisations, errors: list[str]):
    """The role, unit and department of one row, or None after adding its errors."""
    role_text = _text(row.values[ROLE])
    code = _text(row.values[UNIT])
    department = _text(row.values[DEPARTMENT])
    role = roles.get(fold(role_text)) or roles.get(role_text)
    ok = True
    if not role:
        errors.append(
            _("%(place)s: “%(role)s” is not a role (see the list sheet).")
            % {"place": row.place(ROLE), "role": role_text}
        )
        return None
    unit = _unit_for(role, code, units)
    if not code:
        errors.append(_("%(place)s: the unit code is missing.") % {"place": row.place(UNIT)})
        ok = False
    elif unit is None:
        errors.append(
            _(
                "%(place)s: “%(code)s” is not the code of a unit within your scope that this role can be bound to."
            )
            % {"place": row.place(UNIT), "code": code}
        )
        ok = False
    elif _ROLE_LEVELS[role] is not None and unit.level not in _ROLE_LEVELS[role]:
        errors.append(
            _("%(place)s: the role “%(role)s” cannot be attached to %(unit)s.")
            % {"place": row.place(UNIT), "role": role_text, "unit": unit.name}
        )
        ok = False
    organisation = None
    if role == Role.DEPARTMENT_OFFICER:
        organisation = organisations.get(fold(department))
        if organisation is None:
            errors.append(
                _(
                    "%(place)s: a department officer needs the short name of an active department (e.g. %(example)s)."
                )
                % {
                    "place": row.place(DEPARTMENT),
                    "example": ", ".join(o.short_name for o in organisations.values())[:80] or "SNNMT",
                }
            )
            ok = False
    elif department:
        errors.append(
            _("%(place)s: only department officers belong to a department; leave this cell empty.")
            % {"place": row.place(DEPARTMENT)}
        )
        ok = False
    return (role, unit, organisation) if ok else None


def accounts_import_excel(*, actor: User, data: bytes, units, organisations) -> list[User]:
    """Create the accounts of the workbook, all or none. ``units`` are the units the actor may bind roles to
    (``selectors.units_for_roles``), ``organisations`` the active departments."""
    rows = read_sheet(data, SHEET, HEADERS, allowed_sheets=[SHEET, LIST_SHEET])
    errors: list[str] = []
    role_lookup = _role_lookup()
    unit_map = {(u.structure, u.code): u for u in units}
    organisation_map = {fold(o.short_name): o for o in organisations}
    people: dict[str, _Person] = {}
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    emails_taken = {e.lower() for e in User.objects.exclude(email="").values_list("email", flat=True)}
    emails_seen: dict[str, str] = {}
    for row in rows:
        username = _text(row.values[USERNAME])
        full_name = _text(row.values[FULL_NAME])
        email = _text(row.values[EMAIL]).lower()
        if not username:
            errors.append(_("%(place)s: the username is missing.") % {"place": row.place(USERNAME)})
            continue
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError:
            errors.append(
                _(
                    "%(place)s: “%(username)s” is not a valid username (letters, digits and . _ - @ only, at most 150)."
                )
                % {"place": row.place(USERNAME), "username": username}
            )
            continue
        if username.lower() in taken:
            errors.append(
                _("%(place)s: the account “%(username)s” already exists; change its roles on its page.")
                % {"place": row.place(USERNAME), "username": username}
            )
            continue
        person = people.get(username.lower())
        if person is None:
            if not full_name:
                errors.append(_("%(place)s: the full name is missing.") % {"place": row.place(FULL_NAME)})
            if not email:
                errors.append(
                    _("%(place)s: the e-mail is missing (the person sets a password through it).")
                    % {"place": row.place(EMAIL)}
                )
            else:
                try:
                    validate_email(email)
                except ValidationError:
                    errors.append(
                        _("%(place)s: “%(email)s” is not an e-mail address.")
                        % {"place": row.place(EMAIL), "email": email}
                    )
                if email in emails_taken:
                    errors.append(
                        _("%(place)s: another account already uses %(email)s.")
                        % {"place": row.place(EMAIL), "email": email}
                    )
                elif email in emails_seen:
                    errors.append(
                        _("%(place)s: %(email)s is also the e-mail of “%(username)s” in this file.")
                        % {"place": row.place(EMAIL), "email": email, "username": emails_seen[email]}
                    )
                emails_seen[email] = username
            person = people[username.lower()] = _Person(username, full_name, email, row.number)
        elif (full_name and full_name != person.full_name) or (email and email != person.email):
            errors.append(
                _("%(place)s: the name or e-mail differs from row %(row)s of the same username.")
                % {"place": row.place(FULL_NAME), "row": person.first_row}
            )
        checked = _check_row(row, role_lookup, unit_map, organisation_map, errors)
        if checked is not None:
            role, unit, _organisation = checked
            if any(r == role and u.pk == unit.pk for r, u, _o in person.roles):
                errors.append(
                    _("%(place)s: the same role and unit as an earlier row of “%(username)s”.")
                    % {"place": row.place(ROLE), "username": username}
                )
            else:
                person.roles.append(checked)
    if not rows:
        errors.append(_("Sheet %(sheet)s: there are no data rows.") % {"sheet": SHEET})
    if errors:
        raise ExcelImportError(errors)
    with transaction.atomic():
        created = [
            account_create(
                actor=actor, username=p.username, full_name=p.full_name, email=p.email, roles=p.roles
            )
            for p in people.values()
        ]
        audit_record(
            action="accounts.import",
            object_type="accounts.user",
            object_label="Excel",
            extra={"created": len(created), "usernames": [u.username for u in created][:200]},
        )
    return created


def accounts_template_workbook(*, units, organisations) -> bytes:
    """The import template: the accounts sheet (with a drop-down of roles) and a list sheet naming every role,
    the departments by short name and the unit codes the coordinator may use."""
    labels = list(role_labels_vi().values())
    # Excel refuses a drop-down list written inline longer than 255 characters: then the list sheet names them.
    dropdown = (
        [ListValidation(labels, 4, range(2, MAX_ROWS_SHOWN_IN_TEMPLATE + 2))]
        if len(",".join(labels)) < 250
        else []
    )
    header = Style(bold=True, fill="DDEBF7")
    lists = [["Vai trò", "Sở, ngành (tên viết tắt)", "Tên sở, ngành", "Mã đơn vị", "Tên đơn vị"]]
    department_rows = [(o.short_name, o.name) for o in organisations]
    unit_rows = [
        (u.code, u.name + (" (trước 1/7/2025)" if u.structure == Structure.LEGACY else "")) for u in units
    ]
    for index in range(max(len(labels), len(department_rows), len(unit_rows))):
        role = labels[index] if index < len(labels) else ""
        short, name = department_rows[index] if index < len(department_rows) else ("", "")
        code, unit_name = unit_rows[index] if index < len(unit_rows) else ("", "")
        lists.append([role, short, name, code, unit_name])
    return workbook_bytes(
        [
            Sheet(
                SHEET,
                header=list(HEADERS),
                header_style=header,
                widths=[20, 28, 30, 30, 12, 22],
                column_formats={5: "@"},
                freeze="A2",
                validations=dropdown,
            ),
            Sheet(
                LIST_SHEET, header=lists[0], rows=lists[1:], header_style=header, widths=[34, 22, 40, 12, 40]
            ),
        ]
    )
