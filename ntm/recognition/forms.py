"""Forms of the dossier workflow pages. They parse input; the services decide and refuse."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ntm.councils.models import CouncilPosition
from ntm.criteria.models import CriteriaSetVersion
from ntm.legal.forms import SourceField
from ntm.recognition.models import DocumentKind, HamletModelKind, PostingMethod, SignerPosition

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DossierCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    criteria_set = forms.ChoiceField(label=_("Criteria set (target level)"))
    year = forms.IntegerField(label=_("Year"), min_value=2021, max_value=2100)
    procedure = forms.ChoiceField(label=_("Procedure"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, units, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.code})"
        latest = {}
        # Hamlet sets assess an ấp (the ấp page and its procedure), never a commune's dossier.
        for version in (
            CriteriaSetVersion.objects.summaries().exclude(subject="hamlet").order_by("code", "-version")
        ):
            latest.setdefault(version.code, version)
        self.fields["criteria_set"].choices = [(v.pk, f"{v.name} ({v.ref})") for v in latest.values()]
        self.fields["procedure"].choices = [(p.pk, f"{p.name} (v{p.version})") for p in procedures]


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=20)
    expected_state = forms.CharField(max_length=60)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    code = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(label=_("File (PDF, image, Word, Excel)"))
    number = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    author = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = choices


class PostingForm(forms.Form):
    posted_on = forms.DateField(
        label=_("Date (dd/mm/yyyy)"), input_formats=DATE_FORMATS, widget=forms.DateInput(format="%d/%m/%Y")
    )
    place = forms.CharField(label=_("Where"), max_length=300)
    method = forms.ChoiceField(label=_("How"), choices=PostingMethod.choices)
    proof = forms.FileField(label=_("Proof (photo or minutes)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class CouncilMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Council member"), queryset=None)
    position = forms.ChoiceField(label=_("Position in the council"), choices=CouncilPosition.choices)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class VoteForm(forms.Form):
    agree = forms.TypedChoiceField(
        label=_("Vote"),
        choices=[("1", _("Agree")), ("0", _("Disagree"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    date = forms.DateField(
        label=_("Decision date (dd/mm/yyyy)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    signer = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    signer_position = forms.ChoiceField(
        label=_("Signer's position"), choices=[("", "—"), *SignerPosition.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("signer", "").strip() and not data.get("signer_position"):
            self.add_error("signer_position", _("Say whether the chair or a vice-chair signed."))
        return data


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number and symbol (optional)"), max_length=60, required=False)


class StepSettingForm(forms.Form):
    time_limit_days = forms.IntegerField(
        label=_("Time limit (days)"), min_value=1, max_value=365, required=False
    )
    no_time_limit = forms.BooleanField(label=_("No time limit"), required=False)
    documents = forms.CharField(
        label=_("Required documents, one a line: code | name (empty keeps the file's list)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    council_threshold = forms.DecimalField(
        label=_("Council vote threshold (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    council_quorum = forms.DecimalField(
        label=_("Council quorum (% of sitting members who must vote)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    source = SourceField(label=_("Source (document, article)"), max_length=300, required=False)

    @staticmethod
    def initial_from(setting) -> dict:
        """The form's values for a step's current setting (``None``: the file's values)."""
        if setting is None:
            return {
                "time_limit_days": None,
                "no_time_limit": False,
                "documents": "",
                "council_threshold": None,
                "council_quorum": None,
                "source": "",
            }
        return {
            "time_limit_days": setting.time_limit_days,
            "no_time_limit": setting.no_time_limit,
            "documents": "\n".join(f"{d['code']} | {d['name']}" for d in setting.documents)
            if setting.documents is not None
            else "",
            "council_threshold": setting.council_threshold,
            "council_quorum": setting.council_quorum,
            "source": setting.source,
        }


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Word template (.docx)"))


class RevocationForm(forms.Form):
    unit = forms.IntegerField()
    criteria_set = forms.IntegerField()
    year = forms.IntegerField(min_value=2021, max_value=2100)
    procedure = forms.IntegerField()


class HamletModelForm(forms.Form):
    """A decision recognising one ấp as a model (the commune's People's Committee decides)."""

    hamlet = forms.ModelChoiceField(label=_("Hamlet (ấp)"), queryset=None)
    kind = forms.ChoiceField(label=_("Model"), choices=HamletModelKind.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(
        label=_("Decision date (dd/mm/yyyy)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    issuing_body = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, hamlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets
        self.fields["hamlet"].label_from_instance = lambda hamlet: f"{hamlet.name} ({hamlet.unit.name})"


class HamletValueForm(forms.Form):
    """One value of an ấp against a hamlet set; the text is read by the indicator's kind (the service validates)."""

    set_code = forms.CharField(max_length=80, widget=forms.HiddenInput)
    year = forms.IntegerField(min_value=2021, max_value=2100, widget=forms.HiddenInput)
    indicator_code = forms.CharField(max_length=20, widget=forms.HiddenInput)
    value = forms.CharField(label=_("Value"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def typed_value(self, kind: str):
        """The value as the engine takes it: yes/no for a boolean, an integer count, a number otherwise."""
        text = self.cleaned_data["value"].strip().lower()
        if kind == "boolean":
            # The words of the active language (Có/Không, Đạt/Không đạt) and the English ones.
            answers = {"yes": True, "no": False}
            answers |= {str(word).lower(): True for word in (gettext("Yes"), gettext("Met"))}
            answers |= {str(word).lower(): False for word in (gettext("No"), gettext("Not met"))}
            if text not in answers:
                raise forms.ValidationError(_("Answer “Yes” or “No”."))
            return answers[text]
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise forms.ValidationError(_("Enter a number.")) from None
        return int(number) if kind == "count" and number.is_integer() else number


class HamletDossierOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Model"), choices=HamletModelKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2021, max_value=2100)


class HamletTransitionForm(forms.Form):
    action = forms.CharField(max_length=20)
    expected_state = forms.CharField(max_length=60)
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Decision date (dd/mm/yyyy)"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        required=False,
    )
