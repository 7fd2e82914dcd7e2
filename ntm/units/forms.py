from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.units.models import HamletKind


class HamletForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HamletKind.choices)
    code = forms.CharField(label=_("Code (optional)"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class UnitAttributeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    region = forms.CharField(label=_("Region code (e.g. DNB)"), max_length=10)
    disadvantaged = forms.BooleanField(label=_("Especially disadvantaged commune"), required=False)
    commune_group = forms.TypedChoiceField(
        label=_("Commune group 2026-2030"),
        choices=[("", "—"), ("1", "1"), ("2", "2"), ("3", "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label=_("Basis (decision, document)"), max_length=300, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class BoundaryUploadForm(UploadForm):
    structure = forms.ChoiceField(
        label=_("Structure"), choices=[("2025", _("From 1/7/2025")), ("legacy", _("Before 1/7/2025"))]
    )
    code_property = forms.CharField(label=_("Property holding the unit code"), initial="code", max_length=50)
