from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.knowledge import selectors
from ntm.knowledge.models import Article, AwardForm, ModelField, Movement
from ntm.legal.models import LegalDocument
from ntm.units.models import AdministrativeUnit


class ArticleImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image (JPEG or PNG, at most 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=200, required=False)


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Item title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Body text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=Article._meta.get_field("body").help_text,
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    field = forms.ChoiceField(
        label=_("Field (good models)"), choices=[("", "—"), *ModelField.choices], required=False
    )
    legal_document = forms.ModelChoiceField(
        label=_("Legal document (legal texts)"),
        queryset=LegalDocument.objects.order_by("symbol"),
        required=False,
    )
    video_url = forms.URLField(
        label=_("Video address (videos)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the video's page (https://…); the video is not embedded in this site."),
    )
    tags = forms.CharField(label=_("Tags (separated by commas)"), max_length=400, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = selectors.writable_kinds(user)
        self.fields["unit"].queryset = selectors.writable_units(user)

    @classmethod
    def initial_for(cls, article: Article) -> dict:
        return {
            "kind": article.kind,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "unit": article.unit_id,
            "field": article.field,
            "legal_document": article.legal_document_id,
            "video_url": article.video_url,
            "tags": ", ".join(tag.name for tag in article.tags.all()),
        }


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("submit", "publish", "return", "withdraw", "redraft")]
    )
    note = forms.CharField(label=_("Note to the writer"), max_length=500, required=False)


class MovementForm(forms.Form):
    title = forms.CharField(label=_("Name of the movement"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Launched by"), queryset=AdministrativeUnit.objects.none())
    starts_on = forms.DateField(label=_("Starts on"))
    ends_on = forms.DateField(label=_("Ends on"))
    launch_document = forms.CharField(
        label=_("Launching document (number, date)"), max_length=200, required=False
    )
    description = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.writable_units(user)


class ParticipantForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    registered_on = forms.DateField(label=_("Registered on"))
    commitment = forms.CharField(label=_("Commitment"), max_length=500, required=False)

    def __init__(self, *args, movement: Movement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdministrativeUnit.objects.filter(
            tree_path__startswith=movement.unit.tree_path, structure="2025"
        ).order_by("tree_path")


class DecisionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=AdministrativeUnit.objects.none())
    movement = forms.ModelChoiceField(
        label=_("Emulation movement"), queryset=Movement.objects.none(), required=False
    )
    number = forms.CharField(label=_("Number and symbol"), max_length=60)
    decided_on = forms.DateField(label=_("Date"))
    parent_body = forms.CharField(label=_("Parent body"), max_length=200, required=False)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=80)
    reason = forms.CharField(label=_("For (the achievement rewarded)"), max_length=500)
    basis = forms.CharField(
        label=_("Legal basis (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=120, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.writable_units(user)
        self.fields["movement"].queryset = selectors.movements_for(user)


class AwardAddForm(forms.Form):
    form = forms.ChoiceField(label=_("Form of award"), choices=AwardForm.choices)
    recipient_unit = forms.ModelChoiceField(
        label=_("Unit awarded"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    person_name = forms.CharField(label=_("or person awarded (full name)"), max_length=150, required=False)
    person_position = forms.CharField(label=_("Position, workplace"), max_length=200, required=False)
    achievement = forms.CharField(label=_("Achievement"), max_length=500, required=False)

    def __init__(self, *args, decision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_unit"].queryset = AdministrativeUnit.objects.filter(
            tree_path__startswith=decision.unit.tree_path, structure="2025"
        ).order_by("tree_path")
