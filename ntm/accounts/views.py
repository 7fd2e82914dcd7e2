from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.forms import ApiTokenForm, SignInForm
from ntm.accounts.selectors import api_token_of, api_tokens_of
from ntm.accounts.services import api_token_create, api_token_revoke
from ntm.core.exceptions import ServiceError


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    context = {
        "roles": request.user.active_roles(),
        "tokens": api_tokens_of(request.user),
        "form": ApiTokenForm(),
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
