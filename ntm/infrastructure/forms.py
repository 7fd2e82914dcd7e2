from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.infrastructure.models import AssetKind, AssetStatus, DocumentKind, PlaceKind, Technology

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class HamletChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AssetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    hamlet = HamletChoiceField(
        label=_("Hamlet"),
        queryset=None,
        required=False,
        help_text=_("Required for a loudspeaker cluster: the hamlet it serves."),
    )
    place_kind = forms.ChoiceField(
        label=_("Place (wifi points)"), choices=[("", "—"), *PlaceKind.choices], required=False
    )
    operator = forms.CharField(label=_("Operator"), max_length=200, required=False)
    speakers = forms.IntegerField(
        label=_("Number of loudspeakers"), required=False, min_value=0, max_value=1000
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=8, max_value=24, decimal_places=5, localize=True
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=102, max_value=110, decimal_places=5, localize=True
    )
    status = forms.ChoiceField(label=_("Status"), choices=AssetStatus.choices[:2])
    status_on = forms.DateField(label=_("Status checked on (dd/mm/yyyy)"), input_formats=DATE_FORMATS)

    def __init__(self, *args, hamlets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets
        self.fields["status_on"].initial = timezone.localdate().strftime("%d/%m/%Y")


class CheckForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AssetStatus.choices)
    checked_on = forms.DateField(label=_("Checked on (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CoverageForm(forms.Form):
    """The survey date, then one group of technology boxes per active hamlet."""

    surveyed_on = forms.DateField(label=_("Surveyed on (dd/mm/yyyy)"), input_formats=DATE_FORMATS)

    def __init__(self, *args, hamlets=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hamlets = list(hamlets)
        current = current or {}
        for hamlet in self.hamlets:
            self.fields[f"h{hamlet.pk}"] = forms.MultipleChoiceField(
                label=hamlet.name,
                choices=Technology.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=sorted(current.get(hamlet.pk, set())),
            )

    def covered(self) -> dict[int, set[str]]:
        return {hamlet.pk: set(self.cleaned_data.get(f"h{hamlet.pk}") or ()) for hamlet in self.hamlets}


class PlanningForm(forms.Form):
    title = forms.CharField(label=_("Plan"), max_length=300)
    decision_number = forms.CharField(label=_("Approval decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Approval date (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    issuer = forms.CharField(label=_("Approved by"), max_length=200)
    posted_on = forms.DateField(
        label=_("Publicly posted on (dd/mm/yyyy)"), input_formats=DATE_FORMATS, required=False
    )
    posted_place = forms.CharField(label=_("Posted at"), max_length=300, required=False)
    rules_number = forms.CharField(
        label=_("Management rules: decision number"), max_length=60, required=False
    )
    rules_date = forms.DateField(
        label=_("Management rules: date issued (dd/mm/yyyy)"), input_formats=DATE_FORMATS, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, image, Word or Excel, up to the upload size limit.")
    )


class MapForm(forms.Form):
    file = forms.FileField(label=_("Planning map (GeoJSON)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file of the inventory (.xlsx)"))


class LinkForm(forms.Form):
    set_code = forms.CharField(label=_("Criteria set code"), max_length=80, initial="xa-ntm-2021-2025")
    indicator_code = forms.CharField(label=_("Indicator"), max_length=20, initial="8.3")
    source = forms.ChoiceField(label=_("Figure"), choices=())

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(key, label) for key, label in (sources or {}).items()]
