from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.environment.models import FacilityKind, PointStatus, SupplyKind
from ntm.environment.parameters import Catalogue
from ntm.legal.forms import SourceField

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class WaterPointForm(forms.Form):
    unit = CommuneChoiceField(label=_("Commune"), queryset=None)
    code = forms.CharField(
        label=_("Code"), max_length=30, help_text=_("A code the province gives the point, e.g. NS-26413-01.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SupplyKind.choices)
    operator = forms.CharField(label=_("Operator"), max_length=200, required=False)
    operator_organisation = forms.ModelChoiceField(
        label=_("Operator with accounts"),
        queryset=None,
        required=False,
        help_text=_("Its accounts then enter this point's lab results and receive its alerts."),
    )
    capacity_m3_per_day = forms.DecimalField(
        label=_("Capacity (m³/day)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=1,
        localize=True,
    )
    households_served = forms.IntegerField(
        label=_("Households served"), required=False, min_value=0, max_value=10**7
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=8, max_value=24, decimal_places=5, localize=True
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=102, max_value=110, decimal_places=5, localize=True
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["operator_organisation"].queryset = water_operators()


def water_operators():
    return Organisation.objects.filter(kind=OrganisationKind.WATER_OPERATOR, is_active=True).order_by("name")


class PointStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PointStatus.choices)
    operator_organisation = forms.ModelChoiceField(
        label=_("Operator with accounts"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator_organisation"].queryset = water_operators()


class SampleForm(forms.Form):
    """The sample's date, lab and report, then one field per parameter of the catalogue in force."""

    sampled_on = forms.DateField(label=_("Sampling date (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    laboratory = forms.CharField(label=_("Laboratory"), max_length=200)
    report = forms.FileField(
        label=_("Lab report"), required=False, help_text=_("PDF, JPEG or PNG, up to the upload size limit.")
    )

    def __init__(self, *args, catalogue: Catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        for parameter in catalogue.parameters:
            unit = f" ({parameter.unit})" if parameter.unit else ""
            self.fields[f"p_{parameter.code}"] = forms.CharField(
                label=f"{parameter.name}{unit}",
                required=False,
                max_length=30,
                help_text=_("Limit: %(limit)s") % {"limit": parameter.limit_text()},
            )

    def parameter_fields(self):
        return [self[f"p_{p.code}"] for p in self.catalogue.parameters]

    def values(self) -> dict[str, str]:
        return {p.code: self.cleaned_data.get(f"p_{p.code}", "") for p in self.catalogue.parameters}


class LabImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file of results (.xlsx)"))
    report = forms.FileField(label=_("Lab report (PDF, JPEG or PNG)"), required=False)


class CoverageForm(forms.Form):
    unit = CommuneChoiceField(label=_("Commune"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    households = forms.IntegerField(label=_("Households"), min_value=1, max_value=10**7)
    hygienic = forms.IntegerField(label=_("Households using hygienic water"), min_value=0, max_value=10**7)
    clean = forms.IntegerField(label=_("Households using standard clean water"), min_value=0, max_value=10**7)
    clean_piped = forms.IntegerField(
        label=_("of which from centralised schemes"), min_value=0, max_value=10**7
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _quantity(label):
    return forms.DecimalField(label=label, min_value=0, max_digits=12, decimal_places=2, localize=True)


class WasteForm(forms.Form):
    unit = CommuneChoiceField(label=_("Commune"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    domestic_generated = _quantity(_("Domestic solid waste generated (t)"))
    domestic_treated = _quantity(_("Domestic solid waste collected and treated (t)"))
    packaging_generated = _quantity(_("Pesticide packaging after use (kg)"))
    packaging_treated = _quantity(_("Pesticide packaging collected and treated (kg)"))
    medical_generated = _quantity(_("Medical waste generated (kg)"))
    medical_treated = _quantity(_("Medical waste collected and treated (kg)"))
    collection_schedule = forms.CharField(
        label=_("Collection points and schedule"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    FIGURES = (
        "domestic_generated",
        "domestic_treated",
        "packaging_generated",
        "packaging_treated",
        "medical_generated",
        "medical_treated",
    )


class FacilityForm(forms.Form):
    unit = CommuneChoiceField(label=_("Commune"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=FacilityKind.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("Inspection date (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    compliant = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Meets environmental-protection requirements")), ("0", _("Does not meet them"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    findings = forms.CharField(
        label=_("Findings"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GroupBParameterForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Parameter"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    kind = forms.ChoiceField(
        label=_("Rule"),
        choices=[
            ("max", _("At most the limit")),
            ("below", _("Below the limit")),
            ("min", _("At least the limit")),
            ("range", _("Between low and high")),
            ("absence", _("None present")),
        ],
    )
    limit = forms.DecimalField(label=_("Limit"), required=False, min_value=0, decimal_places=6, localize=True)
    low = forms.DecimalField(label=_("Low"), required=False, min_value=0, decimal_places=6, localize=True)
    high = forms.DecimalField(label=_("High"), required=False, min_value=0, decimal_places=6, localize=True)
    source = SourceField(label=_("Source (the province's decision, number and date)"), max_length=300)
    change_note = forms.CharField(label=_("Change note"), max_length=500)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "range":
            if data.get("low") is None or data.get("high") is None:
                raise forms.ValidationError(_("A range needs both a low and a high value."))
            if data["low"] > data["high"]:
                raise forms.ValidationError(_("The low value must not be above the high value."))
        elif kind in {"max", "below", "min"} and data.get("limit") is None:
            self.add_error("limit", _("Enter the limit."))
        return data


class LinkForm(forms.Form):
    set_code = forms.CharField(label=_("Criteria set code"), max_length=80, initial="xa-ntm-2021-2025")
    indicator_code = forms.CharField(label=_("Indicator"), max_length=20, initial="17.1")
    source = forms.ChoiceField(label=_("Figure"), choices=())

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(key, label) for key, label in (sources or {}).items()]


class PublicationScheduleForm(forms.Form):
    delay_days = forms.IntegerField(
        label=_("Days after entry before a result is public"),
        min_value=0,
        max_value=365,
        help_text=_("0 publishes a result as soon as it is entered; at most 365 days."),
        error_messages={
            "required": _("Enter the number of days."),
            "invalid": _("Enter a whole number of days."),
            "min_value": _("The delay cannot be negative."),
            "max_value": _("The delay is at most 365 days."),
        },
    )


class WaterOperatorForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the operator's name.")}
    )
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=30,
        help_text=_("Unique, e.g. CNNT-LP."),
        error_messages={"required": _("Give the operator's short name.")},
    )
    unit = CommuneChoiceField(
        label=_("Commune or province"),
        queryset=None,
        error_messages={"required": _("Choose the commune or the province the operator belongs to.")},
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not editing:
            del self.fields["is_active"]
