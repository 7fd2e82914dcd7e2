from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.feedback import selectors
from ntm.feedback.models import Category
from ntm.feedback.services import MAX_ANSWER, MAX_TEXT

HONEYPOT = "website"  # a field people never see: a bot that fills it is refused


class HamletChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.unit.name} · {obj.name}"


class FeedbackForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Commune or ward"), queryset=None)
    hamlet = HamletChoiceField(
        label=_("Hamlet (optional)"), queryset=None, required=False, empty_label=_("— not stated —")
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    text = forms.CharField(
        label=_("What do you want to report or suggest?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Do not write your ID card number: it is not needed."),
    )
    photo = forms.FileField(
        label=_("Photo (optional, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"), required=False, max_digits=8, decimal_places=5, localize=True
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"), required=False, max_digits=8, decimal_places=5, localize=True
    )
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        required=False,
        max_length=150,
        help_text=_("Only the commune sees it, to reach you if it needs to."),
    )
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.commune_choices()
        self.fields["hamlet"].queryset = selectors.hamlet_choices()

    def visible(self):
        return [field for field in self if field.name != HONEYPOT]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 6})
    )
    handled = forms.BooleanField(label=_("Mark as handled (the answer can no longer change)"), required=False)


class HolidayForm(forms.Form):
    day = forms.DateField(label=_("Date (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    name = forms.CharField(label=_("Name of the holiday"), max_length=120)
