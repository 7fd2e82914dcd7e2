from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.criteria.setfile import Indicator


class ValueForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=40, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.kind == "boolean":
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Value"),
                choices=[("", "—"), ("1", _("Met")), ("0", _("Not met"))],
                coerce=lambda v: v == "1",
                empty_value=None,
                required=True,
            )

    def clean_value(self):
        raw = self.cleaned_data["value"]
        if self.indicator.kind == "boolean":
            return raw
        text = str(raw or "").strip().replace(" ", "")
        if not text:
            raise forms.ValidationError(_("Enter a number."))
        if "," in text:  # Vietnamese decimal comma ("59,5"); dots then are thousands separators
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter a number, e.g. 80 or 59,5.")) from None
        return int(number) if number == number.to_integral_value() else float(number)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, image, Word, Excel)"))
