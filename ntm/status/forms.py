from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.choices import StatusLevel
from ntm.status.models import RecordSource


class StatusRecordForm(forms.Form):
    structure = forms.ChoiceField(
        label=_("Structure"), choices=[("2025", _("From 1/7/2025")), ("legacy", _("Before 1/7/2025"))]
    )
    unit_code = forms.CharField(label=_("Unit code"), max_length=10)
    level = forms.ChoiceField(label=_("Status"), choices=StatusLevel.choices)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (RecordSource.REGISTER, RecordSource.REGISTER.label),
            (RecordSource.CONVERSION, RecordSource.CONVERSION.label),
        ],
    )
    revokes = forms.IntegerField(label=_("Revokes record no."), required=False)
    criteria_set = forms.CharField(label=_("Criteria set"), max_length=60, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(
        label=_("Decision date (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    signer = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    document = forms.FileField(label=_("Decision document (PDF)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
