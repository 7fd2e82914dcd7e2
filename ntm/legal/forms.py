from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ntm.legal.models import LegalDocument
from ntm.legal.selectors import registry_source_problems
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


class NewLegalDocumentForm(LegalDocumentForm):
    """A record the coordinator adds (a later plan, the province's instruction on who reports, a new standard)."""

    class Meta(LegalDocumentForm.Meta):
        fields = ("symbol", *EDITABLE_FIELDS)


def validate_registry_source(value: str) -> None:
    """A ``source`` typed on a form must cite the legal registry (``ntm.legal.citations``), as the loaders ask of
    the data files: refused with every problem named, and where to add a missing record."""
    problems = registry_source_problems(value)
    if problems:
        raise ValidationError(
            [*problems, _("A document not yet in the legal registry is added on the registry page first.")]
        )


class SourceField(forms.CharField):
    """A form field for a ``source`` that must cite the legal registry."""

    default_validators = [validate_registry_source]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "The document's symbol from the legal registry, its date and the part cited, e.g. "
                "“KH 202/KH-UBND ngày 18/8/2023, mục II.2.a”; several separated by “;”."
            ),
        )
        super().__init__(*args, **kwargs)
