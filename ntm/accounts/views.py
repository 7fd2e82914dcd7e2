from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts import twofactor
from ntm.accounts.forms import ApiTokenForm, PasswordResetRequestForm, SignInForm, TwoFactorCodeForm
from ntm.accounts.selectors import api_token_of, api_tokens_of
from ntm.accounts.services import api_token_create, api_token_revoke, password_changed
from ntm.core import ratelimit
from ntm.core.clientip import client_ip
from ntm.core.exceptions import ServiceError

RATE_WINDOW = 600  # seconds


def too_many(request, what: str):
    """The 429 page of a rate limit keyed on the client's trusted address."""
    return render(request, "accounts/too_many.html", {"what": what}, status=429)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit(
            "sign-in", client_ip(request), limit=settings.NTM_SIGN_IN_RATE_LIMIT, window=RATE_WINDOW
        ):
            return too_many(request, _("sign-in attempts"))
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Same answer whether or not the address has an account; a few requests per address and per e-mail."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()
        if not ratelimit.hit("reset-ip", client_ip(request), limit=10, window=RATE_WINDOW):
            return too_many(request, _("password reset requests"))
        if email and not ratelimit.hit("reset-email", email, limit=3, window=RATE_WINDOW):
            # Answer as if sent: saying "too many" would tell that the address has an account.
            return redirect(self.success_url)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, how="reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, how="change")
        messages.success(self.request, _("Your password was changed."))
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse_lazy(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor(request):
    """The second step of signing in: the current code of the confirmed authenticator."""
    if twofactor.confirmed_device(request.user) is None:
        return redirect("accounts:two_factor_setup")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit("two-factor", client_ip(request), limit=30, window=RATE_WINDOW):
            return too_many(request, _("codes"))
        if form.is_valid():
            try:
                twofactor.two_factor_verify(request=request, code=form.cleaned_data["code"])
            except ServiceError as exc:
                form.add_error("code", exc.message)
            else:
                return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: QR code and secret, confirmed by the first code. A person who already has a
    confirmed device verifies with it instead (a new phone goes through the coordinator's reset)."""
    if twofactor.confirmed_device(request.user) is not None:
        return redirect("accounts:two_factor")
    if not twofactor.is_province_staff(request.user):
        messages.info(request, _("Two-step sign-in is for staff bound to the province level."))
        return redirect("accounts:profile")
    device = twofactor.pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit("two-factor", client_ip(request), limit=30, window=RATE_WINDOW):
            return too_many(request, _("codes"))
        if form.is_valid():
            try:
                twofactor.two_factor_confirm(request=request, device=device, code=form.cleaned_data["code"])
            except ServiceError as exc:
                form.add_error("code", exc.message)
            else:
                messages.success(request, _("Two-step sign-in is set up."))
                return redirect(_next_url(request))
    context = {
        "form": form,
        "qr": twofactor.qr_svg(device),
        "secret": twofactor.secret_text(device),
        "next": _next_url(request),
        "required": twofactor.needs_two_factor(request.user),
    }
    response = render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    context = {
        "roles": request.user.active_roles(),
        "tokens": api_tokens_of(request.user),
        "form": ApiTokenForm(),
        "has_device": twofactor.confirmed_device(request.user) is not None,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    raw_value = None
    if form.is_valid():
        try:
            _token, raw_value = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ServiceError as exc:
            form.add_error("name", exc.message)
    context = {
        "roles": request.user.active_roles(),
        "tokens": api_tokens_of(request.user),
        "form": form if raw_value is None else ApiTokenForm(),
        "new_token": raw_value,
    }
    # The raw value is rendered in this one response and never again.
    response = render(
        request, "accounts/profile.html", context, status=200 if raw_value or form.is_valid() else 400
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = api_token_of(request.user, token_id)
    api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
