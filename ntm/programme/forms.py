"""Forms of the programme pages. Unit choices are always limited to the units the user may change."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.core.choices import ProvenanceStatus
from ntm.core.permissions import PROGRAMME, SURVEYS, VIEW
from ntm.legal.forms import SourceField
from ntm.programme import planfile
from ntm.programme.models import (
    ActivityStatus,
    AnnualPlanState,
    BasisLevel,
    BudgetSource,
    Comparison,
    Cooperative,
    LinkageModel,
    Manager,
    MeasureUnit,
    OnlineService,
    PilotKind,
    PilotModel,
    PilotStatus,
    TargetMethod,
    TrainingCourse,
)
from ntm.programme.selectors.access import COORDINATOR_ROLES
from ntm.programme.selectors.registries import editable_units, linkable_growing_areas
from ntm.programme.services.targets import TargetData
from ntm.surveys.models import Campaign, Purpose
from ntm.units.models import Structure

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def date_field(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, widget=DateInput())


class _UnitForm(forms.ModelForm):
    """A registry form whose unit choice is limited to the units the user may keep rows for."""

    unit_roles = None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        roles = self.unit_roles
        units = editable_units(user) if roles is None else editable_units(user, roles=roles)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.code})"
        if not self.is_bound and self.instance.pk is None:
            first = list(units[:2])
            if len(first) == 1:
                self.initial["unit"] = first[0].pk
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.input_formats = DATE_INPUTS
            if name == "note" and isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3

    def data_dict(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class CooperativeForm(_UnitForm):
    class Meta:
        model = Cooperative
        fields = [
            "unit",
            "name",
            "key_products",
            "members",
            "established_on",
            "dissolved_on",
            "uses_digital",
            "digital_note",
            "note",
        ]


class LinkageModelForm(_UnitForm):
    class Meta:
        model = LinkageModel
        fields = [
            "unit",
            "name",
            "key_product",
            "cooperative",
            "partner",
            "growing_areas",
            "raw_material_area",
            "digital_technology",
            "digital_raw_material_area",
            "started_on",
            "ended_on",
            "note",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cooperative"].queryset = Cooperative.objects.restrict(
            user, VIEW, area=PROGRAMME
        ).order_by("name")
        areas = self.fields["growing_areas"]
        areas.queryset = linkable_growing_areas(user)
        areas.label_from_instance = lambda area: f"{area.code} — {area.name} ({area.crop}, {area.unit.name})"
        areas.widget.attrs["size"] = 6
        areas.help_text = _(
            "The coded growing areas of the traceability register the model buys from (those you see); hold Ctrl "
            "to choose several. Describe other areas in the text below."
        )
        self.fields["raw_material_area"].help_text = _("Areas not registered as growing areas, in words.")


class OnlineServiceForm(_UnitForm):
    class Meta:
        model = OnlineService
        fields = ["unit", "field", "name", "url", "started_on", "ended_on", "feedback_campaign", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["feedback_campaign"].queryset = (
            Campaign.objects.restrict(user, VIEW, area=SURVEYS)
            .filter(purpose=Purpose.SERVICE)
            .select_related("unit")
            .order_by("-opens_on")
        )
        self.fields["feedback_campaign"].label_from_instance = lambda c: f"{c.title} — {c.unit.name}"
        self.fields["feedback_campaign"].help_text = _(
            "A satisfaction survey of the “essential service” purpose, run by the Fatherland Front."
        )


class ManagerForm(_UnitForm):
    class Meta:
        model = Manager
        fields = ["unit", "full_name", "position", "organisation", "is_active", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            is_active=True, kind=OrganisationKind.DEPARTMENT
        ).order_by("name")
        self.fields["organisation"].required = False


class TrainingCourseForm(_UnitForm):
    unit_roles = COORDINATOR_ROLES

    class Meta:
        model = TrainingCourse
        fields = [
            "unit",
            "title",
            "organiser",
            "topic",
            "audience",
            "starts_on",
            "ends_on",
            "location",
            "note",
        ]


class PilotForm(_UnitForm):
    unit_roles = COORDINATOR_ROLES

    class Meta:
        model = PilotModel
        fields = ["kind", "unit", "name", "field", "status", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["status"].choices = [c for c in PilotStatus.choices if c[0] != PilotStatus.COMPLETED] + (
            [(PilotStatus.COMPLETED, PilotStatus.COMPLETED.label)] if self.instance.approval_number else []
        )


class AttendanceForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=None)
    completed = forms.BooleanField(label=_("Completed the course"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers
        self.fields["manager"].label_from_instance = lambda m: f"{m.full_name} — {m.position}, {m.unit.name}"


class UnitAttendanceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    officers = forms.IntegerField(label=_("Officers attending"), min_value=0, max_value=100000, initial=0)
    residents = forms.IntegerField(label=_("Residents attending"), min_value=0, max_value=100000, initial=0)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = date_field(_("Due on"))
    done_on = date_field(_("Done on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class ApprovalForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    date = date_field(_("Decision date"), required=True)
    body = forms.CharField(label=_("Approved by"), max_length=200, required=False)
    document = forms.FileField(label=_("Decision (PDF)"), required=False)


# --- Targets --------------------------------------------------------------------------------------------------


class TargetForm(forms.Form):
    """A target as on the plan file: the coordinator adds the next plan's targets here."""

    code = forms.CharField(label=_("Code"), max_length=40)
    section = forms.CharField(label=_("Section of the plan"), max_length=20, required=False)
    quote = forms.CharField(
        label=_("The plan's sentence (verbatim)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(label=_("Target text"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(label=_("Measure"), max_length=300)
    measure_unit = forms.ChoiceField(label=_("Unit of measure"), choices=MeasureUnit.choices)
    comparison = forms.ChoiceField(label=_("Comparison"), choices=Comparison.choices)
    target_value = forms.DecimalField(
        label=_("Target value"), min_value=Decimal(0), max_digits=9, decimal_places=2
    )
    deadline = date_field(_("Deadline"), required=True)
    year = forms.IntegerField(label=_("Measurement year"), min_value=2000, max_value=2100)
    method = forms.ChoiceField(label=_("How the actual is obtained"), choices=TargetMethod.choices)
    set_code = forms.CharField(
        label=_("Criteria set (for an indicator target)"), max_length=80, required=False
    )
    indicator_code = forms.CharField(
        label=_("Indicator (for an indicator target)"), max_length=20, required=False
    )
    pilot_kind = forms.ChoiceField(
        label=_("Pilot kind (for a pilot target)"), choices=[("", "—"), *PilotKind.choices], required=False
    )
    reporter_level = forms.ChoiceField(
        label=_("Who reports the figures (for a reported target)"),
        choices=[
            ("", "—"),
            ("province", _("Departments")),
            ("commune", _("Communes and wards")),
            ("district", _("Districts (historical)")),
            ("all", _("Everyone")),
        ],
        required=False,
    )
    basis_structure = forms.ChoiceField(label=_("Unit structure"), choices=Structure.choices)
    basis_province = forms.CharField(label=_("Province code"), max_length=10, initial="75")
    basis_level = forms.ChoiceField(label=_("Unit level"), choices=BasisLevel.choices)
    basis_unit_types = forms.MultipleChoiceField(
        label=_("Unit types (none: all)"),
        choices=[(kind, kind) for kind in planfile.UNIT_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basis_as_of = date_field(_("Units as of"), required=True)
    basis_note = forms.CharField(
        label=_("Why the denominator is what it is"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    provenance = forms.ChoiceField(label=_("Provenance"), choices=ProvenanceStatus.choices)
    source = SourceField(label=_("Source"), max_length=500)
    reference = forms.CharField(label=_("National reference (QĐ 924)"), max_length=500, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def initial_from(target) -> dict:
        return {
            "code": target.code,
            "section": target.section,
            "quote": target.quote,
            "text": target.text,
            "measure": target.measure,
            "measure_unit": target.measure_unit,
            "comparison": target.comparison,
            "target_value": target.target_value,
            "deadline": target.deadline,
            "year": target.year,
            "method": target.method,
            "set_code": target.params.get("set_code", ""),
            "indicator_code": target.params.get("indicator_code", ""),
            "pilot_kind": target.params.get("kind", ""),
            "reporter_level": target.params.get("reporter_level", ""),
            "basis_structure": target.basis_structure,
            "basis_province": target.basis_province,
            "basis_level": target.basis_level,
            "basis_unit_types": target.basis_unit_types,
            "basis_as_of": target.basis_as_of,
            "basis_note": target.basis_note,
            "provenance": target.provenance,
            "source": target.source,
            "reference": target.reference,
            "note": target.note,
        }

    def target_data(self) -> TargetData:
        data = self.cleaned_data
        method = data["method"]
        params: dict[str, str] = {}
        if method == TargetMethod.INDICATOR_SHARE:
            params = {"set_code": data["set_code"].strip(), "indicator_code": data["indicator_code"].strip()}
        elif method == TargetMethod.PILOTS_COMPLETED:
            params = {"kind": data["pilot_kind"]}
        elif method == TargetMethod.REPORTED:
            params = {"reporter_level": data["reporter_level"]}
        return TargetData(
            code=data["code"].strip(),
            section=data["section"].strip(),
            text=data["text"].strip(),
            measure=data["measure"].strip(),
            measure_unit=data["measure_unit"],
            target_value=data["target_value"],
            comparison=data["comparison"],
            deadline=data["deadline"],
            year=data["year"],
            method=method,
            params=params,
            basis_structure=data["basis_structure"],
            basis_province=data["basis_province"].strip(),
            basis_level=data["basis_level"],
            basis_unit_types=tuple(data["basis_unit_types"]),
            basis_as_of=data["basis_as_of"],
            provenance=data["provenance"],
            source=data["source"].strip(),
            reference=data["reference"].strip(),
            note=data["note"].strip(),
            quote=data["quote"].strip(),
            basis_note=data["basis_note"].strip(),
        )


class TargetPlanForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=60, help_text=_("For example: ke-hoach-2026-2030"))
    name = forms.CharField(label=_("Name"), max_length=400)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    legal_source = SourceField(label=_("Legal source"), max_length=300)
    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)
    provenance = forms.ChoiceField(label=_("Provenance"), choices=ProvenanceStatus.choices)
    source = SourceField(label=_("Source"), max_length=500)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scope_wording = forms.CharField(
        label=_("Scope: the plan's words for the area it covers (empty: no scope)"),
        max_length=300,
        required=False,
    )
    scope_source = SourceField(label=_("Scope: where the plan says it"), max_length=300, required=False)
    scope_structure = forms.ChoiceField(label=_("Scope: unit structure"), choices=Structure.choices)
    scope_province = forms.CharField(label=_("Scope: province code"), max_length=10, initial="75")
    scope_as_of = date_field(_("Scope: units as of"))
    scope_district_codes = forms.CharField(
        label=_("Scope: district-level unit codes the plan names (comma-separated; empty: all)"),
        max_length=500,
        required=False,
    )
    scope_commune_types = forms.MultipleChoiceField(
        label=_("Scope: commune-level unit types the plan covers (none: all)"),
        choices=[(kind, kind) for kind in planfile.UNIT_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope_wording") and not cleaned.get("scope_as_of"):
            self.add_error("scope_as_of", _("Give the date the plan's unit list is taken on."))
        return cleaned

    def plan_kwargs(self) -> dict:
        """The service's keyword arguments: the plan's fields and its scope (None without a scope wording)."""
        data = dict(self.cleaned_data)
        scope_fields = {key: data.pop(key) for key in list(data) if key.startswith("scope_")}
        if not scope_fields["scope_wording"]:
            return {**data, "scope": None}
        codes = tuple(
            code.strip() for code in scope_fields["scope_district_codes"].split(",") if code.strip()
        )
        levels = []
        if codes:
            levels.append(("district", planfile.ScopeLevel(scope_fields["scope_wording"], "", codes=codes)))
        if scope_fields["scope_commune_types"]:
            levels.append(
                (
                    "commune",
                    planfile.ScopeLevel(
                        scope_fields["scope_wording"],
                        "",
                        unit_types=tuple(scope_fields["scope_commune_types"]),
                    ),
                )
            )
        scope = planfile.Scope(
            structure=scope_fields["scope_structure"],
            province=scope_fields["scope_province"].strip(),
            as_of=scope_fields["scope_as_of"],
            wording=scope_fields["scope_wording"],
            source=scope_fields["scope_source"],
            levels=tuple(levels),
        )
        return {**data, "scope": scope}


class ReportedActualForm(forms.Form):
    as_of = date_field(_("Figures as of"), required=True)
    numerator = forms.IntegerField(label=_("Numerator"), min_value=0)
    denominator = forms.IntegerField(label=_("Denominator"), min_value=1)
    evidence = forms.FileField(label=_("Evidence (PDF, Word, Excel or image)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        numerator, denominator = cleaned.get("numerator"), cleaned.get("denominator")
        if numerator is not None and denominator is not None and numerator > denominator:
            self.add_error(
                "numerator",
                _("The numerator (%(n)s) is larger than the denominator (%(d)s).")
                % {"n": numerator, "d": denominator},
            )
        return cleaned


# --- Annual plans ---------------------------------------------------------------------------------------------


class AnnualPlanCreateForm(forms.Form):
    owner = forms.ChoiceField(label=_("Plan of"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners


class AnnualPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    state = forms.ChoiceField(label=_("State"), choices=AnnualPlanState.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlannedIndicatorForm(forms.Form):
    set_code = forms.CharField(label=_("Criteria set"), max_length=80)
    indicator_code = forms.CharField(label=_("Indicator"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ActivityForm(forms.Form):
    task = forms.ModelChoiceField(label=_("Task (section IV)"), queryset=None)
    description = forms.CharField(label=_("Activity"), max_length=500)
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    due_on = date_field(_("Due on"))
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    result = forms.CharField(label=_("Result"), max_length=500, required=False)

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks


class BudgetLineForm(forms.Form):
    source = forms.ChoiceField(label=_("Source of funds"), choices=BudgetSource.choices)
    description = forms.CharField(label=_("Purpose"), max_length=300)
    planned = forms.DecimalField(
        label=_("Planned (million đồng)"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    actual = forms.DecimalField(
        label=_("Spent (million đồng)"), min_value=Decimal(0), max_digits=14, decimal_places=2, required=False
    )


# --- Report cycles --------------------------------------------------------------------------------------------


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What must be corrected"), max_length=500)


class ConsolidateForm(forms.Form):
    number = forms.CharField(
        label=_("Number and symbol (leave blank for a draft)"), max_length=60, required=False
    )


class ReopenForm(forms.Form):
    closes_on = date_field(_("Take reports until"), required=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"))


class ReporterRuleForm(forms.Form):
    """Who reports for a period (after the two-tier reform: the province's instruction for it, cited)."""

    valid_from = date_field(_("For reports due from"), required=True)
    valid_to = date_field(_("Until"), required=True)
    who = forms.CharField(
        label=_("Who reports, in the instruction's words"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    departments = forms.BooleanField(label=_("The provincial departments report"), required=False)
    unit_structure = forms.ChoiceField(
        label=_("Units of the structure"), choices=Structure.choices, initial="2025"
    )
    unit_level = forms.ChoiceField(
        label=_("Localities that report"),
        choices=[
            ("", _("None (or the codes below)")),
            ("district", _("District level")),
            ("commune", _("Commune level")),
        ],
        required=False,
    )
    unit_codes = forms.CharField(
        label=_("Or only these unit codes (comma-separated)"), max_length=2000, required=False
    )
    provenance = forms.ChoiceField(label=_("Provenance"), choices=ProvenanceStatus.choices)
    source = SourceField(label=_("Source (the instruction: symbol, date, part)"), max_length=500)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        codes = [code.strip() for code in (data.get("unit_codes") or "").split(",") if code.strip()]
        if codes and data.get("unit_level"):
            self.add_error("unit_codes", _("Give either a level of units or a list of codes, not both."))
        data["unit_codes"] = tuple(codes)
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The period ends before it starts."))
        return data

    def rule(self) -> planfile.ReporterRule:
        data = self.cleaned_data
        return planfile.ReporterRule(
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            departments=data["departments"],
            unit_structure=data["unit_structure"],
            unit_codes=data["unit_codes"],
            unit_level=data["unit_level"] or "",
            who=data["who"].strip(),
            provenance=data["provenance"],
            source=data["source"].strip(),
            note=data["note"].strip(),
        )
