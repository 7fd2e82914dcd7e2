from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ntm.accounts.models import RoleAssignment, User
from ntm.core.choices import RecognitionLevel, Role
from ntm.core.permissions import SURVEYS
from ntm.core.scoping import CHANGE, unit_paths
from ntm.surveys.models import Campaign, Purpose, QuestionKind
from ntm.surveys.selectors import manageable_units
from ntm.surveys.services.answers import MAX_COMMENT
from ntm.surveys.services.campaigns import CampaignData, questionnaire_definitions
from ntm.units.models import Hamlet

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def _percent_field(label):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=_("Leave blank to use the default for the purpose (see the marks below)."),
    )


def _front_officers_near(user) -> QuerySet:
    """Front officers bound inside, or above, the units where ``user`` manages campaigns."""
    paths = unit_paths(user, CHANGE, area=SURVEYS)
    assignments = RoleAssignment.objects.filter(role=Role.FRONT_OFFICER, is_active=True)
    if paths is not None:
        condition = Q(pk__in=[])
        for path in paths:
            ancestors = [path[: i + 1] for i, ch in enumerate(path) if ch == "/" and i > 0]
            condition |= Q(unit__tree_path__startswith=path) | Q(unit__tree_path__in=ancestors)
        assignments = assignments.filter(condition)
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("full_name")


class CampaignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit (commune, or a former district-level unit)"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, widget=forms.RadioSelect)
    recognition_level = forms.ChoiceField(
        label=_("Recognition level"),
        choices=[("", "—"), *RecognitionLevel.choices],
        required=False,
    )
    service_name = forms.CharField(
        label=_("Essential service (for service feedback)"), max_length=200, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    questionnaire_code = forms.ChoiceField(label=_("Questionnaire"))
    opens_on = forms.DateField(label=_("Opens on"), input_formats=DATE_INPUTS, widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), input_formats=DATE_INPUTS, widget=DateInput())
    threshold_overall = _percent_field(_("Overall satisfaction threshold (%)"))
    threshold_content = _percent_field(_("Satisfaction threshold per content (%)"))
    coverage_target = _percent_field(_("Coverage target (share of households, %)"))
    paper_double_entry = forms.BooleanField(
        label=_("Paper forms are entered twice (double-entry check)"), required=False
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Front officers who run it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(user).order_by("name")
        self.fields["officers"].queryset = _front_officers_near(user)
        self.fields["questionnaire_code"].choices = [
            (code, f"{definition.title} ({code})")
            for code, definition in sorted(questionnaire_definitions().items())
        ]
        if not self.is_bound and not self.initial:
            units = list(self.fields["unit"].queryset[:2])
            self.initial = {
                "unit": units[0].pk if len(units) == 1 else None,
                "purpose": Purpose.RECOGNITION,
                "recognition_level": RecognitionLevel.NTM,
                "year": dt.date.today().year,
                "questionnaire_code": "ntm-xa-2021-2025",
                "officers": [user.pk] if user.has_role(Role.FRONT_OFFICER) else [],
            }

    @staticmethod
    def initial_from(campaign: Campaign) -> dict:
        return {
            "unit": campaign.unit_id,
            "title": campaign.title,
            "purpose": campaign.purpose,
            "recognition_level": campaign.recognition_level,
            "service_name": campaign.service_name,
            "year": campaign.year,
            "questionnaire_code": campaign.questionnaire.code,
            "opens_on": campaign.opens_on,
            "closes_on": campaign.closes_on,
            "threshold_overall": campaign.threshold_overall,
            "threshold_content": campaign.threshold_content,
            "coverage_target": campaign.coverage_target,
            "paper_double_entry": campaign.paper_double_entry,
            "officers": list(campaign.officers.values_list("pk", flat=True)),
        }

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The closing date must not be before the opening date."))
        purpose = cleaned.get("purpose")
        if purpose == Purpose.RECOGNITION and not cleaned.get("recognition_level"):
            self.add_error("recognition_level", _("Choose the recognition level."))
        if purpose == Purpose.SERVICE and not (cleaned.get("service_name") or "").strip():
            self.add_error("service_name", _("Name the essential service."))
        return cleaned

    def campaign_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            unit=data["unit"],
            title=data["title"],
            purpose=data["purpose"],
            recognition_level=data.get("recognition_level") or "",
            service_name=data.get("service_name") or "",
            year=data["year"],
            questionnaire_code=data["questionnaire_code"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            threshold_overall=data.get("threshold_overall"),
            threshold_content=data.get("threshold_content"),
            coverage_target=data.get("coverage_target"),
            paper_double_entry=data.get("paper_double_entry", False),
            officers=tuple(data.get("officers") or ()),
        )


class HouseholdImportForm(forms.Form):
    file = forms.FileField(label=_("Household list (.xlsx, from the template)"))


SATISFIED, NOT_SATISFIED = "1", "0"


class AnswerForm(forms.Form):
    """One radio pair per question with a choice and an optional comment; rendered by hand in the template."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind != QuestionKind.TEXT:
                self.fields[f"q_{question.key}"] = forms.ChoiceField(
                    label=question.text,
                    choices=[(SATISFIED, _("Satisfied")), (NOT_SATISFIED, _("Not yet satisfied"))],
                    required=question.required,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Please choose an answer.")},
                )
            self.fields[f"c_{question.key}"] = forms.CharField(
                label=question.text if question.kind == QuestionKind.TEXT else _("Comment (optional)"),
                required=False,
                max_length=MAX_COMMENT,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_COMMENT}),
            )

    def rows(self):
        """(question, choice field or None, comment field) in questionnaire order, for the template."""
        for question in self.questions:
            choice = self[f"q_{question.key}"] if question.kind != QuestionKind.TEXT else None
            yield question, choice, self[f"c_{question.key}"]

    def responses(self) -> dict[str, bool | None]:
        answers = {}
        for question in self.questions:
            if question.kind != QuestionKind.TEXT:
                value = self.cleaned_data.get(f"q_{question.key}")
                answers[question.key] = None if not value else value == SATISFIED
        return answers

    def comments(self) -> dict[str, str]:
        return {
            question.key: text
            for question in self.questions
            if (text := (self.cleaned_data.get(f"c_{question.key}") or "").strip())
        }


class PaperEntryForm(AnswerForm):
    household_code = forms.CharField(label=_("Household code (written on the form)"), max_length=30)

    field_order = ["household_code"]


class SlipsForm(forms.Form):
    hamlet = forms.ModelChoiceField(
        label=_("Hamlet"), queryset=Hamlet.objects.none(), required=False, empty_label=_("All hamlets")
    )
    include_answered = forms.BooleanField(
        label=_("Also print households that have already answered"), required=False
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = Hamlet.objects.filter(
            pk__in=campaign.households.values("hamlet_id")
        ).order_by("name")
