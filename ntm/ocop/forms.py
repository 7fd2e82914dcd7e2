"""Forms of the OCOP pages; each keeps what the user typed when a service refuses it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ntm.ocop.models import DecisionLevel, DossierFileKind, ProducerKind, RevocationReason
from ntm.ocop.selectors import leaf_categories
from ntm.units.models import AdministrativeUnit, Level


class ProducerRequestForm(forms.Form):
    name = forms.CharField(label=_("Producer name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ProducerKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Commune or ward"),
        queryset=AdministrativeUnit.objects.filter(level=Level.COMMUNE).order_by("name"),
    )
    address = forms.CharField(label=_("Address"), max_length=300)
    representative = forms.CharField(label=_("Representative"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)


class ProductForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Producer"), queryset=None)
    name = forms.CharField(label=_("Product name"), max_length=200)
    category = forms.ModelChoiceField(label=_("Sub-group"), queryset=None)
    description = forms.CharField(
        label=_("Short description (catalogue)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    where_to_buy = forms.CharField(
        label=_("Where to buy (shops, markets)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    shop_url = forms.URLField(label=_("Online shop link"), required=False, assume_scheme="https")
    year = forms.IntegerField(label=_("Evaluation year"), min_value=2023, max_value=2100)
    product_description = forms.CharField(
        label=_("Product description (dossier)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    samples_count = forms.IntegerField(label=_("Samples supplied"), min_value=0, max_value=100, initial=5)
    quality_declaration = forms.CharField(
        label=_("Quality declaration (number/date)"), max_length=200, required=False
    )
    evidence_note = forms.CharField(
        label=_("Evidence supplied"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, producers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers
        self.fields["producer"].empty_label = None  # a producer account usually holds one producer
        self.fields["category"].queryset = leaf_categories()
        self.fields["category"].label_from_instance = lambda c: f"{c.code} {c.name}"
        self.fields["year"].initial = dt.date.today().year


class PrecheckForm(forms.Form):
    raw_material_origin = forms.BooleanField(label=_("Raw materials of local origin"), required=False)
    idea_origin = forms.BooleanField(label=_("Origin of the product idea checked"), required=False)
    local_labour = forms.BooleanField(label=_("Uses local labour"), required=False)
    note = forms.CharField(
        label=_("Note (what to complete, if returned)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DecisionForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[
            (DecisionLevel.PROVINCE, DecisionLevel.PROVINCE.label),
            (DecisionLevel.CENTRAL, DecisionLevel.CENTRAL.label),
        ],
    )
    number = forms.CharField(label=_("Decision number"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    signer = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RevocationReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    revoked_on = forms.DateField(label=_("Revoked on"), widget=forms.DateInput(attrs={"type": "date"}))


class ScoreForm(forms.Form):
    """One radio group per criterion of the sheet."""

    def __init__(self, *args, sheet, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for criterion in sheet.criteria:
            self.fields[f"c-{criterion.code}"] = forms.ChoiceField(
                label=f"{criterion.code} {criterion.name}",
                choices=[
                    (
                        o.code,
                        gettext("%(label)s (%(points)s points)") % {"label": o.label, "points": o.points},
                    )
                    for o in criterion.options
                ],
                widget=forms.RadioSelect,
                initial=(initial_choices or {}).get(criterion.code),
            )

    def choices(self) -> dict[str, str]:
        return {key[2:]: value for key, value in self.cleaned_data.items() if key.startswith("c-")}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))


class TourismPointForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Operator"), queryset=None)
    name = forms.CharField(label=_("Name of the tourism point"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    services = forms.CharField(label=_("Services offered"), widget=forms.Textarea(attrs={"rows": 3}))
    capacity = forms.IntegerField(label=_("Capacity (guests a day)"), min_value=0, max_value=1_000_000)
    latitude = forms.DecimalField(
        label=_("Latitude"), min_value=-90, max_value=90, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), min_value=-180, max_value=180, decimal_places=6, required=False
    )

    def __init__(self, *args, producers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("Inspected on"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    passed = forms.BooleanField(label=_("Ready for scoring"), required=False)


class DossierFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of paper"), choices=DossierFileKind.choices)
    file = forms.FileField(label=_("File (PDF, Word, Excel, JPEG or PNG)"))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"))
