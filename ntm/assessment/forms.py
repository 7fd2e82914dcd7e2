from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ntm.core.numberformat import NumberError, input_text, parse_number
from ntm.criteria.setfile import Indicator


class ValueForm(forms.Form):
    """One indicator's value and note. On a criterion's page every indicator has one, prefixed with its code
    (``3.1-value``), and the criterion's indicators are saved together."""

    value = forms.CharField(label=_("Value"), max_length=40, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicator: Indicator, stored=None, form_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.stored = stored
        unit = f" ({indicator.measure_unit})" if indicator.measure_unit else ""
        if indicator.kind == "boolean":
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Value"),
                choices=[("", _("— not entered —")), ("1", _("Met")), ("0", _("Not met"))],
                coerce=lambda v: v == "1",
                empty_value=None,
                required=False,
            )
        else:
            self.fields["value"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
            self.fields["value"].help_text = _("e.g. 98,8")
        self.fields["value"].label = f"{_('Value')}{unit}"
        if form_id:  # the inputs sit in the indicator's row and belong to the criterion's form
            for name in ("value", "note"):
                self.fields[name].widget.attrs["form"] = form_id

    @classmethod
    def initial_for(cls, indicator: Indicator, stored) -> dict:
        if stored is None:
            return {"value": "", "note": ""}
        if indicator.kind == "boolean":
            return {"value": "1" if stored.value else "0", "note": stored.note}
        return {"value": input_text(stored.value), "note": stored.note}

    @property
    def blank(self) -> bool:
        """Nothing typed and nothing stored: the indicator is left for later, not an error."""
        return self.stored is None and self.cleaned_data.get("value") is None

    def clean_value(self):
        raw = self.cleaned_data["value"]
        if self.indicator.kind == "boolean":
            if raw is None and self.stored is not None:
                raise forms.ValidationError(_("Choose Met or Not met."))
            return raw
        text = str(raw or "").strip()
        if not text:
            if self.stored is not None:
                raise forms.ValidationError(_("Enter a number; a saved value cannot be emptied."))
            return None
        try:
            number = parse_number(text)
        except NumberError as exc:
            if exc.ambiguous:
                raise forms.ValidationError(
                    _(
                        "“%(text)s” can be read two ways: write 1234 for one thousand two hundred and thirty-four, or 1,234 for one point two three four."
                    )
                    % {"text": text}
                ) from None
            raise forms.ValidationError(
                _("“%(text)s” is not a number. Enter a number only, e.g. 80 or 98,8.") % {"text": text}
            ) from None
        return int(number) if number == number.to_integral_value() else float(number)

    def changed_value(self) -> bool:
        """True when the cleaned value or note differs from what is stored."""
        if self.blank:
            return False
        if self.stored is None:
            return True
        return (
            self.cleaned_data["value"] != self.stored.value
            or self.cleaned_data["note"].strip() != self.stored.note
        )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def evidence_hint() -> str:
    return _("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx), at most %(mb)s MB.") % {
        "mb": settings.NTM_MAX_UPLOAD_BYTES // (1024 * 1024)
    }


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        error_messages={"required": _("Choose a file to upload."), "empty": _("The file is empty.")},
    )
