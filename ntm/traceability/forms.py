"""Forms of the traceability pages. A boundary is GeoJSON pasted or uploaded (a Polygon, a Feature, or a
FeatureCollection of one polygon), read within size and nesting limits before parsing, or a KML file of one polygon
(``ntm.traceability.kml``: entities and document types refused)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.geojson import nesting_depth
from ntm.traceability import kml
from ntm.traceability.geometry import BoundaryError
from ntm.traceability.models import GrowingArea, InspectionResult, Lot, LotUnit, Stage, Standard
from ntm.units.models import AdministrativeUnit, Level, Structure

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUTS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
MAX_BOUNDARY_BYTES = 512 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def parse_boundary(raw: bytes) -> dict[str, Any] | None:
    """The polygon geometry in ``raw`` (GeoJSON), or None when empty; ``forms.ValidationError`` otherwise."""
    if not raw.strip():
        return None
    if len(raw) > MAX_BOUNDARY_BYTES:
        raise forms.ValidationError(_("The boundary file is too large (at most 512 KB)."))
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        try:
            return kml.read_kml(raw)
        except BoundaryError as error:
            raise forms.ValidationError(str(error)) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(_("The GeoJSON file is not UTF-8 text.")) from error
    if nesting_depth(text) > 16:
        raise forms.ValidationError(_("The boundary is nested too deeply to be a polygon."))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise forms.ValidationError(_("The boundary is not valid GeoJSON (JSON syntax error).")) from error
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features") or []
        if len(features) != 1:
            raise forms.ValidationError(_("The GeoJSON file must hold exactly one polygon (one feature)."))
        document = features[0]
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = document.get("geometry")
    if not isinstance(document, dict):
        raise forms.ValidationError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."))
    return document


class AreaForm(forms.ModelForm):
    unit = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=AdministrativeUnit.objects.none(),
        empty_label=None,
    )
    boundary_text = forms.CharField(
        label=_("Boundary (GeoJSON or KML polygon, longitude/latitude)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Paste a GeoJSON Polygon or upload a .geojson or .kml file (one polygon, at most 512 KB and "
            "5000 points). It must be a valid polygon lying in the commune chosen."
        ),
    )
    boundary_file = forms.FileField(label=_("or a GeoJSON or KML file"), required=False)
    # What the map on the page writes (traceability/boundary_draw.js): the drawn polygon as GeoJSON, read and checked
    # like a pasted one. Without JavaScript it stays empty and the text or the file gives the boundary.
    boundary_drawn = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = GrowingArea
        fields = [
            "unit",
            "producer_name",
            "producer_address",
            "name",
            "crop",
            "variety",
            "crop_kind",
            "area_ha",
            "standard",
            "standard_note",
            "expected_output_tonnes",
            "member_households",
            "export_market",
            "packing_house",
            "district_code",
        ]

    def __init__(self, *args, coded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdministrativeUnit.objects.filter(
            level=Level.COMMUNE, structure=Structure.REFORM_2025
        ).order_by("name")
        if self.instance.pk:
            self.fields["boundary_text"].help_text = _(
                "Leave empty to keep the boundary stored; a new polygon replaces it."
            )
        if coded:  # the code names the commune: re-issue or cancel the code instead
            for name in ("unit", "district_code"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Locked: the issued code contains it.")

    def clean_district_code(self) -> str:
        value = self.cleaned_data.get("district_code", "").strip()
        if value and not (len(value) == 3 and value.isdigit()):
            raise forms.ValidationError(_("A district code has 3 digits."))
        return value

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("boundary_file")
        text = (cleaned.get("boundary_text") or "").strip()
        drawn = (cleaned.get("boundary_drawn") or "").strip()
        if sum(1 for given in (upload, text, drawn) if given) > 1:
            self.add_error(
                "boundary_text",
                _("Give the boundary one way only: draw it on the map, paste it, or upload a file."),
            )
            return cleaned
        raw = upload.read(MAX_BOUNDARY_BYTES + 1) if upload else (text or drawn).encode()
        try:
            cleaned["boundary"] = parse_boundary(raw)
        except forms.ValidationError as error:
            self.add_error("boundary_drawn" if drawn and not (upload or text) else "boundary_text", error)
        return cleaned


class IssueForm(forms.Form):
    decision_ref = forms.CharField(label=_("Decision (number, date)"), max_length=120, required=False)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CodeActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("suspend", _("Suspend the code")),
            ("reinstate", _("Lift the suspension")),
            ("reissue", _("Re-issue the code")),
            ("cancel", _("Cancel the code")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    decision_ref = forms.CharField(label=_("Decision (number, date)"), max_length=120, required=False)


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label=_("Inspected on"), input_formats=DATE_INPUTS, widget=DateInput())
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    note = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HarvestForm(forms.Form):
    product_name = forms.CharField(label=_("Product name"), max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2)
    quantity_unit = forms.ChoiceField(label=_("Unit"), choices=LotUnit.choices)
    harvested_at = forms.DateTimeField(
        label=_("Harvested at"), input_formats=DATETIME_INPUTS, widget=DateTimeInput()
    )
    expires_on = forms.DateField(
        label=_("Use by (if any)"), required=False, input_formats=DATE_INPUTS, widget=DateInput()
    )
    gtin = forms.CharField(label=_("GTIN (if the product has one)"), max_length=14, required=False)
    brand = forms.CharField(label=_("Brand, mark or serial (if any)"), max_length=200, required=False)


class ProcessForm(forms.Form):
    product_name = forms.CharField(label=_("Product name"), max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2)
    quantity_unit = forms.ChoiceField(label=_("Unit"), choices=LotUnit.choices)
    made_at = forms.DateTimeField(
        label=_("Processed at"), input_formats=DATETIME_INPUTS, widget=DateTimeInput()
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    place_code = forms.CharField(label=_("Place trace code (if any)"), max_length=60, required=False)
    expires_on = forms.DateField(
        label=_("Use by (if any)"), required=False, input_formats=DATE_INPUTS, widget=DateInput()
    )
    gtin = forms.CharField(label=_("GTIN (if the product has one)"), max_length=14, required=False)
    standard = forms.ChoiceField(label=_("Applied standard"), choices=Standard.choices)


class MultiProcessForm(ProcessForm):
    """A processed lot made from several of the producer's lots (blending, processing): one step back from the new
    lot is each of them."""

    inputs = forms.ModelMultipleChoiceField(
        label=_("Lots it is made from"),
        queryset=Lot.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the lots it is made from.")},
    )

    field_order = ["inputs"]

    def __init__(self, *args, lots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lots is not None:
            self.fields["inputs"].queryset = Lot.objects.filter(pk__in=[lot.pk for lot in lots]).order_by(
                "-produced_on", "-pk"
            )
        self.fields["inputs"].label_from_instance = lambda lot: (
            f"{lot.code} — {lot.product_name} ({lot.quantity:g} {lot.get_quantity_unit_display()}, "
            f"{lot.produced_on:%d/%m/%Y})"
        )


class EventForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(s.value, s.label) for s in (Stage.PACKING, Stage.SHIPPING, Stage.RECEIVING)],
    )
    occurred_at = forms.DateTimeField(label=_("Time"), input_formats=DATETIME_INPUTS, widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    place_code = forms.CharField(label=_("Place trace code (if any)"), max_length=60, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    package = forms.CharField(label=_("Package (carton, pallet) number"), max_length=60, required=False)
    document = forms.CharField(label=_("Document (delivery note …)"), max_length=60, required=False)
    receiver = forms.CharField(label=_("Receiver (for a shipment)"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CorrectionForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=200)
    occurred_at = forms.DateTimeField(label=_("Time"), input_formats=DATETIME_INPUTS, widget=DateTimeInput())
    package = forms.CharField(label=_("Package (carton, pallet) number"), max_length=60, required=False)
    receiver = forms.CharField(label=_("Receiver (for a shipment)"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)


class LotImageForm(forms.Form):
    image = forms.FileField(
        label=_("Product image (JPEG or PNG, at most 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class LabelForm(forms.Form):
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=[("sheet", _("A4 sheet, 24 labels")), ("single", _("Single labels, one per page"))],
    )
    copies = forms.IntegerField(label=_("Number of labels"), min_value=1, max_value=480, initial=24)
