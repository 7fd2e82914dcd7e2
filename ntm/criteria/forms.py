"""Forms of the criteria pages: the Excel import, the edit of one indicator, and the evaluation form."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import ProvenanceStatus, RecognitionLevel
from ntm.criteria.engine import UnitContext
from ntm.criteria.setfile import COMPARE_OPS, KINDS, NUMERIC_KINDS, RANGE_OP, CriteriaSet, Indicator
from ntm.legal.forms import SourceField
from ntm.units.models import Structure

_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_CODE_LIST = re.compile(r"^[a-z][a-z0-9_]*(?:\s*,\s*[a-z][a-z0-9_]*)*$")
BLANK = [("", "—")]


def parse_number(text: str) -> int | float | None:
    """ "59", "59.5" or "59,5" (Vietnamese decimal comma) → a number; "" → None."""
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    if not _NUMBER.match(text):
        raise forms.ValidationError(_("Enter a number, e.g. 80 or 59,5."))
    number = float(text.replace(",", "."))
    return int(number) if number.is_integer() else number


class NumberField(forms.CharField):
    """A number typed with a decimal comma or point."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | float | None:
        return parse_number(super().to_python(value))


def _number_initial(value: object) -> str:
    if value is None:
        return ""
    return str(value).replace(".", ",")


class WorkbookImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx) exported from this system and filled in"))
    change_note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and from which document, e.g. “Ngưỡng theo QĐ 318/QĐ-TTg, Phụ lục I”."),
    )


_PROVENANCE_CHOICES = ProvenanceStatus.choices
_OP_CHOICES = [*BLANK, *((op, op) for op in (*COMPARE_OPS, RANGE_OP))]


class IndicatorForm(forms.Form):
    """The fields of one indicator; its threshold rules are the formset below it."""

    name = forms.CharField(label=_("Name"), widget=forms.Textarea(attrs={"rows": 2}))
    measure_unit = forms.CharField(label=_("Unit of measure"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("Value type"), choices=[(kind, kind) for kind in KINDS])
    op = forms.ChoiceField(label=_("Comparison"), choices=_OP_CHOICES, required=False)
    legal_source = SourceField(label=_("Legal source"), max_length=300)
    provenance = forms.ChoiceField(label=_("Provenance of the wording"), choices=_PROVENANCE_CHOICES)
    source = SourceField(label=_("Source cited"), max_length=1000)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.CharField(label=_("Responsible department (code)"), required=False, max_length=30)
    department_provenance = forms.ChoiceField(
        label=_("Provenance of the department assignment"), choices=_PROVENANCE_CHOICES
    )
    department_source = SourceField(label=_("Source of the department assignment"), max_length=1000)
    applies_if = forms.ChoiceField(label=_("Applies only if the unit has"), required=False)
    change_note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What changed and from which document."),
    )

    def __init__(self, *args: Any, criteria_set: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applies_if"].choices = [*BLANK, *criteria_set.flags.items()]

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        return {
            "name": indicator.name,
            "measure_unit": indicator.measure_unit,
            "kind": indicator.kind,
            "op": indicator.op or "",
            "legal_source": indicator.legal_source,
            "provenance": indicator.provenance.status,
            "source": indicator.provenance.source,
            "note": indicator.provenance.note,
            "department": indicator.department.code,
            "department_provenance": indicator.department.provenance.status,
            "department_source": indicator.department.provenance.source,
            "applies_if": indicator.applies_if or "",
        }

    def clean_department(self) -> str:
        return self.cleaned_data["department"].strip().upper()

    def indicator_fields(self) -> dict[str, Any]:
        """The indicator's fields as the set file writes them (the change note is not one of them)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "change_note"}


class ThresholdForm(forms.Form):
    """One threshold rule: which units/years it selects, its value, and where the value comes from."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    group = forms.TypedChoiceField(label=_("Commune group"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False)
    disadvantaged = forms.BooleanField(label=_("Especially disadvantaged communes"), required=False)
    value = NumberField(label=_("Value"))
    min = NumberField(label=_("From"))
    max = NumberField(label=_("To"))
    expected = forms.TypedChoiceField(
        label=_("Requirement"),
        required=False,
        choices=[*BLANK, ("true", _("Met")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    levels = forms.CharField(label=_("Recognition levels"), required=False)
    ref_set = forms.CharField(label=_("Referenced set"), required=False)
    ref_indicator = forms.CharField(label=_("Referenced indicator"), required=False)
    factor = NumberField(label=_("Factor"))
    # A blank first choice, so that an untouched extra row submits nothing and is skipped.
    provenance = forms.ChoiceField(label=_("Provenance"), choices=[*BLANK, *_PROVENANCE_CHOICES])
    source = SourceField(label=_("Source cited"), required=False, max_length=1000)
    note = forms.CharField(label=_("Note"), required=False)

    # The value fields a composite indicator's rule does not use: its value is one number per part.
    SINGLE_VALUE_FIELDS = ("value", "min", "max", "expected", "levels", "ref_set", "ref_indicator", "factor")

    def __init__(
        self, *args: Any, criteria_set: CriteriaSet, indicator: Indicator | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parts = indicator.parts if indicator is not None else ()
        if self.parts:
            # A composite indicator (17.1 "clean water ≥ x% AND piped ≥ y%"): one threshold per part, placed
            # before the provenance; the single-value fields do not apply.
            for name in self.SINGLE_VALUE_FIELDS:
                del self.fields[name]
            tail = {name: self.fields.pop(name) for name in ("provenance", "source", "note")}
            for code, label in self.parts:
                self.fields[self.part_name(code)] = NumberField(
                    label=_("Threshold: %(part)s") % {"part": label}, help_text=indicator.measure_unit
                )
            self.fields.update(tail)
        self.fields["region"].choices = [
            *BLANK,
            *((code, f"{code} — {label}") for code, label in criteria_set.regions.items()),
        ]
        self.fields["group"].choices = [
            *BLANK,
            *((str(number), str(number)) for number in criteria_set.groups),
        ]
        self.fields["year"].widget.attrs.update({"min": criteria_set.year_from, "max": criteria_set.year_to})

    def clean_levels(self) -> list[str]:
        text = self.cleaned_data["levels"].strip()
        if text and not _CODE_LIST.match(text):
            raise forms.ValidationError(_("Write level codes separated by commas, e.g. nang_cao, kieu_mau."))
        return [part.strip() for part in text.split(",") if part.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("provenance")
            and data["provenance"] != ProvenanceStatus.PLACEHOLDER
            and not data.get("source")
        ):
            self.add_error("source", _("Cite the source of this threshold (document, annex, page)."))
        if data.get("provenance") == ProvenanceStatus.PLACEHOLDER and not data.get("source"):
            self.add_error("source", _("Cite where the missing value is to be found."))
        if self.parts:
            self._clean_parts(data)
        return data

    @staticmethod
    def part_name(code: str) -> str:
        return f"part_{code}"

    def _clean_parts(self, data: dict[str, Any]) -> None:
        """A composite rule has a threshold for every part, or (a placeholder) none."""
        given = {code: data.get(self.part_name(code)) for code, _label in self.parts}
        missing = [label for code, label in self.parts if given[code] is None]
        placeholder = data.get("provenance") == ProvenanceStatus.PLACEHOLDER
        if placeholder and len(missing) < len(self.parts):
            self.add_error(
                None, _("A rule marked “no value yet” has no threshold: clear the parts or change the mark.")
            )
        elif data.get("provenance") and not placeholder and missing:
            for code, label in self.parts:
                if given[code] is None:
                    self.add_error(
                        self.part_name(code),
                        _(
                            "Enter the threshold of “%(part)s”: a composite indicator is met only when every "
                            "part meets its own threshold."
                        )
                        % {"part": label},
                    )

    @classmethod
    def initial_for(cls, rule) -> dict[str, Any]:
        return {
            **{cls.part_name(code): _number_initial(value) for code, value in rule.parts},
            "region": rule.region or "",
            "group": str(rule.group) if rule.group is not None else "",
            "year": rule.year,
            "disadvantaged": rule.disadvantaged,
            "value": _number_initial(rule.value),
            "min": _number_initial(rule.min),
            "max": _number_initial(rule.max),
            "expected": "" if rule.expected is None else ("true" if rule.expected else "false"),
            "levels": ", ".join(rule.levels),
            "ref_set": rule.ref_set or "",
            "ref_indicator": rule.ref_indicator or "",
            "factor": _number_initial(rule.factor),
            "provenance": rule.provenance.status,
            "source": rule.provenance.source,
            "note": rule.provenance.note,
        }

    def rule(self) -> dict[str, Any]:
        """The rule as the set file writes it (absent keys for empty cells)."""
        data = self.cleaned_data
        rule: dict[str, Any] = {}
        for key in (
            "region",
            "group",
            "year",
            "value",
            "min",
            "max",
            "expected",
            "levels",
            "ref_set",
            "ref_indicator",
            "factor",
        ):
            value = data.get(key)
            if value not in (None, "", []):
                rule[key] = value
        parts = {
            code: data[self.part_name(code)]
            for code, _label in self.parts
            if data.get(self.part_name(code)) is not None
        }
        if parts:
            rule["parts"] = parts
        if data.get("disadvantaged"):
            rule["disadvantaged"] = True
        rule["provenance"] = data["provenance"]
        rule["source"] = data.get("source", "")
        if data.get("note"):
            rule["note"] = data["note"]
        return rule


class BaseThresholdFormSet(forms.BaseFormSet):
    def __init__(
        self, *args: Any, criteria_set: CriteriaSet, indicator: Indicator | None = None, **kwargs: Any
    ) -> None:
        self.criteria_set = criteria_set
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(index),
            "criteria_set": self.criteria_set,
            "indicator": self.indicator,
        }

    @property
    def empty_form(self) -> ThresholdForm:
        return ThresholdForm(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            criteria_set=self.criteria_set,
            indicator=self.indicator,
        )

    def kept_forms(self) -> list[ThresholdForm]:
        """The rules to save, in order: filled-in forms not marked for deletion."""
        return [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]


ThresholdFormSet = forms.formset_factory(
    ThresholdForm, formset=BaseThresholdFormSet, extra=2, can_delete=True, max_num=60, validate_max=True
)


def _unit_label(unit) -> str:
    """ "Xã Long Phước (26413)", with the structure when the unit is from before 1/7/2025."""
    label = f"{unit.name} ({unit.code})"
    return label if unit.structure == Structure.REFORM_2025 else f"{label} — {unit.get_structure_display()}"


class EvaluateForm(forms.Form):
    """A unit (whose attributes give region, ĐBKK and group) or a typed context, a year, and indicator values."""

    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"))
    region = forms.ChoiceField(label=_("Region"), required=False)
    commune_group = forms.TypedChoiceField(
        label=_("Commune group"), required=False, coerce=int, empty_value=None
    )
    disadvantaged = forms.BooleanField(label=_("Especially disadvantaged commune (xã ĐBKK)"), required=False)
    official_level = forms.ChoiceField(
        label=_("Official recognition level"),
        required=False,
        choices=[*BLANK, *RecognitionLevel.choices],
    )

    def __init__(self, *args: Any, criteria_set: CriteriaSet, units=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set
        cs = criteria_set
        self.fields["unit"].choices = [
            ("", _("— none: use the context typed below —")),
            *((unit.pk, _unit_label(unit)) for unit in units),
        ]
        self.fields["year"].min_value = cs.year_from
        self.fields["year"].max_value = cs.year_to
        self.fields["year"].validators.clear()
        self.fields["year"].widget.attrs.update({"min": cs.year_from, "max": cs.year_to})
        self.fields["year"].initial = min(max(timezone.localdate().year, cs.year_from), cs.year_to)
        self.fields["region"].choices = [
            *BLANK,
            *((code, f"{code} — {label}") for code, label in cs.regions.items()),
        ]
        self.fields["commune_group"].choices = [*BLANK, *((str(n), label) for n, label in cs.groups.items())]
        if not cs.regions:
            del self.fields["region"]
        if not cs.groups:
            del self.fields["commune_group"]
        if not (
            cs.disadvantaged_region
            or any(r.disadvantaged for _g, i in cs.iter_indicators() for r in i.thresholds)
        ):
            del self.fields["disadvantaged"]
        if not any(indicator.kind == "official_level" for _g, indicator in cs.iter_indicators()):
            del self.fields["official_level"]
        for flag, label in cs.flags.items():
            self.fields[f"flag_{flag}"] = forms.TypedChoiceField(
                label=label,
                required=False,
                choices=[("", _("Not declared")), ("yes", _("Yes")), ("no", _("No"))],
                coerce=lambda value: value == "yes",
                empty_value=None,
            )
        for _group, indicator in cs.iter_indicators():
            field = self._value_field(indicator)
            if field is not None:
                self.fields[self.value_name(indicator.code)] = field

    @staticmethod
    def value_name(code: str) -> str:
        return f"v_{code}"

    @staticmethod
    def _value_field(indicator: Indicator) -> forms.Field | None:
        label = f"{indicator.code}. {indicator.name}"
        if not indicator.is_entered:
            return None
        if indicator.kind == "boolean":
            return forms.TypedChoiceField(
                label=label,
                required=False,
                choices=[*BLANK, ("true", _("Met")), ("false", _("No"))],
                coerce=lambda value: value == "true",
                empty_value=None,
            )
        if indicator.kind in NUMERIC_KINDS:
            field = NumberField(label=label)
            field.help_text = indicator.measure_unit
            return field
        return None

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        cs = self.criteria_set
        if not cs.year_from <= year <= cs.year_to:
            raise forms.ValidationError(
                _("The set applies from %(start)s to %(end)s.") % {"start": cs.year_from, "end": cs.year_to}
            )
        return year

    def value_groups(self) -> list[tuple[Any, list[Any]]]:
        """(criterion, [bound value fields]) for the template, in the set's order."""
        groups = []
        for group in (*self.criteria_set.conditions, *self.criteria_set.criteria):
            fields = [
                self[self.value_name(i.code)]
                for i in group.indicators
                if self.value_name(i.code) in self.fields
            ]
            if fields:
                groups.append((group, fields))
        return groups

    def context_fields(self) -> list[Any]:
        names = ["unit", "year", "region", "commune_group", "disadvantaged", "official_level"]
        names += [name for name in self.fields if name.startswith("flag_")]
        return [self[name] for name in names if name in self.fields]

    def typed_context(self) -> UnitContext:
        """The context typed in the form (region, group, ĐBKK, flags, official level) when no unit is chosen."""
        data = self.cleaned_data
        return UnitContext(
            region=data.get("region") or None,
            commune_group=data.get("commune_group"),
            disadvantaged=bool(data.get("disadvantaged")),
            flags=self.flags(),
            official_level=data.get("official_level") or None,
        )

    def flags(self) -> dict[str, bool]:
        return {
            name.removeprefix("flag_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("flag_") and value is not None
        }

    def values(self) -> dict[str, Any]:
        return {
            name.removeprefix("v_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("v_") and value is not None
        }
