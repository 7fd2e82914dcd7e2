from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import Organisation, User
from ntm.core.choices import Role
from ntm.units.models import Structure


class SignInForm(AuthenticationForm):
    """Sign-in with one message for every failure, whether or not the account exists."""

    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("Wrong username or password."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, also for accounts created without a password (their owner sets the first one)."""

    def get_users(self, email):
        return (
            user
            for user in User._default_manager.filter(email__iexact=email, is_active=True)
            if user.email.lower() == email.strip().lower()
        )


def unit_choices(units) -> list:
    """Units for a role, grouped by structure: the 2025 province and communes, the legacy districts."""
    current, legacy = [], []
    for unit in units:
        label = f"{unit.name} ({unit.code})"
        if unit.structure == Structure.LEGACY:
            legacy.append((unit.pk, label))
        else:
            current.append((unit.pk, label))
    return [
        ("", "—"),
        (_("From 1/7/2025"), current),
        (_("Districts before 1/7/2025 (district officers)"), legacy),
    ]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    organisation = forms.ModelChoiceField(
        label=_("Department or water-supply operator (department officers and operators only)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in (units or [])}
        self.fields["unit"].choices = unit_choices(self.units.values())

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.DEPARTMENT_OFFICER and not data.get("organisation"):
            self.add_error("organisation", _("A department officer must belong to a department."))
        if data.get("role") == Role.WATER_OPERATOR and not data.get("organisation"):
            self.add_error("organisation", _("A water-supply operator's account must name its operator."))
        return data


class AccountCreateForm(RoleForm):
    field_order = ["username", "full_name", "email", "password", "role", "unit", "organisation"]

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . _ - @ only."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to e-mail the person a link to set their own password."),
    )


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, username or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )


class AccountImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
