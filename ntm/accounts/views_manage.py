"""Account management by the province coordinator: list, create, roles, deactivate/reactivate, Excel import.

The auditor reads the list and the account pages; every write is the coordinator's (or the superuser's), through
``ntm.accounts.services`` (audited). Other roles get 403 on the pages and 404 on an account id.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts import imports, selectors, services, twofactor
from ntm.accounts.forms import AccountCreateForm, AccountImportForm, PasswordResetRequestForm, RoleForm
from ntm.accounts.models import Organisation
from ntm.core.excel import ExcelImportError
from ntm.core.excel_writer import XLSX_CONTENT_TYPE
from ntm.core.exceptions import ServiceError
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.permissions import ACCOUNTS, CHANGE, require_area
from ntm.core.uploads import read_upload


def send_set_password_links(request, users) -> int:
    """E-mail each user (with an address) the link to set their password (Django's reset token and timeout)."""
    sent = 0
    for user in users:
        if not user.email:
            continue
        form = PasswordResetRequestForm({"email": user.email})
        if form.is_valid():
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/email/set_password_subject.txt",
                email_template_name="accounts/email/set_password.txt",
                extra_email_context={"invited_by": request.user},
            )
            sent += 1
    return sent


@login_required
def account_list(request):
    users, form = selectors.accounts_filtered(request.user, request.GET)
    context = {
        "page": paginate(request, users),
        "filter": form,
        "querystring": querystring_without_page(request),
        "can_manage": selectors.can_manage_accounts(request.user),
    }
    return render(request, "accounts/manage/list.html", context)


def _units(request):
    return list(selectors.units_for_roles(request.user))


@login_required
def account_create(request):
    require_area(request.user, ACCOUNTS, CHANGE)
    form = AccountCreateForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"],
                roles=[(data["role"], data["unit"], data["organisation"])],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if not data["password"]:
                send_set_password_links(request, [user])
                messages.success(
                    request,
                    _("Account %(username)s created; a link to set the password was e-mailed to %(email)s.")
                    % {"username": user.username, "email": user.email},
                )
            else:
                messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("accounts:account_detail", user_id=user.pk)
    return render(request, "accounts/manage/create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def account_detail(request, user_id: int):
    user = selectors.account_of(request.user, user_id)
    can_manage = selectors.can_manage_accounts(request.user)
    context = {
        "account": user,
        "roles": user.role_assignments.select_related("unit", "organisation").order_by(
            "-is_active", "created_at"
        ),
        "can_manage": can_manage,
        "role_form": RoleForm(units=_units(request)) if can_manage else None,
        "has_device": twofactor.confirmed_device(user) is not None,
        "needs_two_factor": twofactor.is_province_staff(user),
    }
    return render(request, "accounts/manage/detail.html", context)


def _managed(request, user_id: int):
    return selectors.account_of(request.user, user_id, CHANGE)


def _done(request, user, message: str):
    messages.success(request, message)
    return redirect("accounts:account_detail", user_id=user.pk)


def _refused(request, user, exc: ServiceError):
    messages.error(request, exc.message)
    return redirect("accounts:account_detail", user_id=user.pk)


@login_required
@require_POST
def role_add(request, user_id: int):
    user = _managed(request, user_id)
    form = RoleForm(request.POST, units=_units(request))
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(problems))
        return redirect("accounts:account_detail", user_id=user.pk)
    data = form.cleaned_data
    try:
        services.role_assign(
            user=user, role=data["role"], unit=data["unit"], organisation=data["organisation"]
        )
    except ServiceError as exc:
        return _refused(request, user, exc)
    return _done(request, user, _("Role assigned."))


@login_required
@require_POST
def role_remove(request, user_id: int, role_id: int):
    user = _managed(request, user_id)
    assignment = selectors.role_of_account(user, role_id)
    try:
        services.role_remove(actor=request.user, assignment=assignment)
    except ServiceError as exc:
        return _refused(request, user, exc)
    return _done(request, user, _("Role removed (kept in the history as ended)."))


@login_required
@require_POST
def account_deactivate(request, user_id: int):
    user = _managed(request, user_id)
    try:
        services.user_deactivate(actor=request.user, user=user)
    except ServiceError as exc:
        return _refused(request, user, exc)
    return _done(request, user, _("Account deactivated: its sessions ended and its API tokens were revoked."))


@login_required
@require_POST
def account_reactivate(request, user_id: int):
    user = _managed(request, user_id)
    try:
        services.user_reactivate(actor=request.user, user=user)
    except ServiceError as exc:
        return _refused(request, user, exc)
    return _done(request, user, _("Account reactivated."))


@login_required
@require_POST
def account_send_link(request, user_id: int):
    user = _managed(request, user_id)
    if not user.is_active or not user.email:
        messages.error(request, _("The account must be active and have an e-mail address."))
    else:
        send_set_password_links(request, [user])
        messages.success(
            request, _("A link to set the password was e-mailed to %(email)s.") % {"email": user.email}
        )
    return redirect("accounts:account_detail", user_id=user.pk)


@login_required
@require_POST
def account_two_factor_reset(request, user_id: int):
    user = _managed(request, user_id)
    try:
        twofactor.two_factor_reset(actor=request.user, user=user)
    except ServiceError as exc:
        return _refused(request, user, exc)
    return _done(request, user, _("Two-step sign-in reset: the person sets it up again at the next sign-in."))


@login_required
def account_import(request):
    require_area(request.user, ACCOUNTS, CHANGE)
    form = AccountImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = imports.accounts_import_excel(
                actor=request.user,
                data=read_upload(form.cleaned_data["file"]),
                units=_units(request),
                organisations=Organisation.objects.filter(is_active=True),
            )
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:
            errors = [exc.message]
        else:
            sent = send_set_password_links(request, created)
            messages.success(
                request,
                _("%(count)s accounts created; %(sent)s links to set a password were e-mailed.")
                % {"count": len(created), "sent": sent},
            )
            return redirect("accounts:account_list")
    return render(
        request,
        "accounts/manage/import.html",
        {"form": form, "errors": errors},
        status=400 if errors or form.errors else 200,
    )


@login_required
def account_template(request):
    require_area(request.user, ACCOUNTS, CHANGE)
    data = imports.accounts_template_workbook(
        units=_units(request), organisations=Organisation.objects.filter(is_active=True)
    )
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-tai-khoan.xlsx"'
    return response
