from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.assessment.selectors.assessments import latest_year_with_data
from ntm.maps import colouring
from ntm.maps.selectors import MapQuery, year_choices
from ntm.units.models import Structure

COLOURING_CHOICES = [
    (colouring.STATUS, _("Official status (register of decisions)")),
    (colouring.CRITERIA, _("Number of criteria met (self-assessed)")),
    (colouring.CRITERION, _("One criterion or indicator (self-assessed)")),
]


class MapQueryForm(forms.Form):
    """The map's filters, as a GET form: the page works the same with or without JavaScript."""

    structure = forms.ChoiceField(label=_("Structure"), choices=Structure.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    colouring = forms.ChoiceField(label=_("Colour by"), choices=COLOURING_CHOICES, required=False)
    criterion = forms.CharField(label=_("Criterion or indicator"), max_length=20, required=False)
    q = forms.CharField(label=_("Find a commune or ward"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in year_choices()]

    def to_query(self) -> MapQuery:
        """The query asked for; a value that is not one of the choices falls back to the default."""
        self.is_valid()  # a field that is not valid is left out of cleaned_data, so it takes its default
        data = self.cleaned_data
        default_year = latest_year_with_data()
        return MapQuery(
            structure=data.get("structure") or Structure.REFORM_2025,
            year=data.get("year") or default_year,
            colouring=data.get("colouring") or colouring.STATUS,
            criterion=(data.get("criterion") or "").strip(),
            q=(data.get("q") or "").strip(),
        )
