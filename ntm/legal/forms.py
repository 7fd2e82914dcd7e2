from django import forms

from ntm.legal.models import LegalDocument
from ntm.legal.services import EDITABLE_FIELDS


class LegalDocumentForm(forms.ModelForm):
    class Meta:
        model = LegalDocument
        fields = EDITABLE_FIELDS
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }
