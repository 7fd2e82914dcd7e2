"""Ấp pages: an ấp's values and evaluation against the hamlet sets, its runs through the ấp procedure, and the
commune's list of ấp. Thin: selectors read (scoped, 404 outside), services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.exceptions import ServiceError
from ntm.core.params import year_param
from ntm.core.vocabulary import is_rural_commune
from ntm.recognition import selectors
from ntm.recognition.forms import HamletDossierOpenForm, HamletTransitionForm, HamletValueForm
from ntm.recognition.models import HamletModelKind
from ntm.recognition.services.hamlets import (
    hamlet_dossier_open,
    hamlet_dossier_transition,
    hamlet_value_set,
)
from ntm.recognition.views.dossiers import ACTION_LABELS


def _hamlet_url(hamlet_id: int, year: int) -> str:
    return f"{reverse('recognition:hamlet_detail', args=[hamlet_id])}?year={year}"


@login_required
def hamlet_detail(request, hamlet_id: int):
    hamlet = selectors.hamlet_for(request.user, hamlet_id)
    year = selectors.hamlet_year(year_param(request, 0, clamp=True) or None)
    may_edit = selectors.may_edit_hamlet(request.user, hamlet)
    dossiers = [
        (
            dossier,
            dossier.parsed(),
            [(a, ACTION_LABELS.get(a, a)) for a in selectors.hamlet_dossier_actions(request.user, dossier)],
        )
        for dossier in selectors.hamlet_dossiers(hamlet)
    ]
    context = {
        "hamlet": hamlet,
        "year": year,
        "results": selectors.hamlet_evaluations(hamlet, year),
        "recognitions": [r for r in selectors.hamlet_models_of(hamlet.unit) if r.hamlet_id == hamlet.pk],
        "dossiers": dossiers,
        "procedure": selectors.hamlet_procedure(),
        "may_edit": may_edit,
        "open_form": HamletDossierOpenForm(initial={"year": year}) if may_edit else None,
        "kinds": HamletModelKind.choices,
    }
    return render(request, "recognition/hamlet_detail.html", context)


@login_required
@require_POST
def hamlet_value(request, hamlet_id: int):
    hamlet = selectors.hamlet_for(request.user, hamlet_id)
    if not selectors.may_edit_hamlet(request.user, hamlet):
        raise PermissionDenied(_("Only the commune's officers or the coordination office work on its ấp."))
    form = HamletValueForm(request.POST)
    year = selectors.hamlet_year(None)
    if form.is_valid():
        year = form.cleaned_data["year"]
        version = next(
            (v for v in selectors.hamlet_set_versions() if v.code == form.cleaned_data["set_code"]), None
        )
        indicator = (
            version.criteria_set().find_indicator(form.cleaned_data["indicator_code"]) if version else None
        )
        try:
            if indicator is None:
                raise ServiceError(_("The indicator is not in a criteria set for ấp."))
            value = form.typed_value(indicator.kind)
            hamlet_value_set(
                hamlet=hamlet,
                set_code=version.code,
                year=year,
                indicator_code=indicator.code,
                value=value,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except (ServiceError, ValueError) as exc:
            messages.error(
                request, getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [str(exc)]))
            )
        else:
            messages.success(request, _("The value is saved."))
    else:
        messages.error(request, _("The value could not be read."))
    return redirect(_hamlet_url(hamlet.pk, year))


@login_required
@require_POST
def hamlet_dossier_create(request, hamlet_id: int):
    hamlet = selectors.hamlet_for(request.user, hamlet_id)
    if not selectors.may_edit_hamlet(request.user, hamlet):
        raise PermissionDenied(_("Only the commune's officers or the coordination office work on its ấp."))
    form = HamletDossierOpenForm(request.POST)
    year = selectors.hamlet_year(None)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            hamlet_dossier_open(hamlet=hamlet, kind=form.cleaned_data["kind"], year=year, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The ấp dossier is opened."))
    else:
        messages.error(request, _("Choose the model and the year."))
    return redirect(_hamlet_url(hamlet.pk, year))


@login_required
@require_POST
def hamlet_dossier_step(request, dossier_id: int):
    dossier = selectors.hamlet_dossier_for(request.user, dossier_id)
    if not selectors.may_edit_hamlet(request.user, dossier.hamlet):
        raise PermissionDenied(_("Only the commune's officers or the coordination office work on its ấp."))
    form = HamletTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            hamlet_dossier_transition(
                dossier=dossier,
                action=data["action"],
                expected_state=data["expected_state"],
                comment=data["comment"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                actor=request.user,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The step is recorded."))
    return redirect(_hamlet_url(dossier.hamlet_id, dossier.year))


@login_required
def commune_hamlets(request, unit_id: int):
    unit = selectors.commune_for_hamlets(request.user, unit_id)
    year = selectors.hamlet_year(year_param(request, 0, clamp=True) or None)
    context = {
        "unit": unit,
        "year": year,
        "versions": selectors.hamlet_set_versions(year),
        "rows": selectors.commune_hamlet_rows(unit, year),
        "rural": is_rural_commune(unit.unit_type),
    }
    return render(request, "recognition/commune_hamlets.html", context)
