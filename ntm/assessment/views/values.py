"""Pages for entering, verifying and following indicator values. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.assessment import services
from ntm.assessment.forms import CommentForm, EvidenceForm, ValueForm
from ntm.assessment.presenters import indicator_rows, year_options
from ntm.assessment.selectors import assessments
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.params import parse_year
from ntm.criteria.models import CriteriaSetVersion


def _year_and_version(request) -> tuple[int, CriteriaSetVersion]:
    year = parse_year(
        request.GET.get("year") or request.POST.get("year"), assessments.latest_year_with_data()
    )
    code = request.GET.get("set") or request.POST.get("set") or assessments.default_set_code(year)
    try:
        version = assessments.set_version(code)
        if (
            not version.year_from <= year <= version.year_to
        ):  # a year picked outside the set: the set in force
            version = assessments.set_version(assessments.default_set_code(year))
    except CriteriaSetVersion.DoesNotExist:
        raise Http404(code) from None
    return year, version


def _unit_url(unit, year, version, anchor: str = "") -> str:
    url = reverse("assessment:unit", args=[unit.structure, unit.code])
    return f"{url}?year={year}&set={version.code}" + (f"#ind-{anchor}" if anchor else "")


@login_required
def unit_assessment(request, structure, code):
    unit = assessments.unit_for_view(request.user, structure, code)
    year, version = _year_and_version(request)
    assessment = assessments.assess_units([unit], year, version)[0]
    context = {
        "unit": unit,
        "year": year,
        "version": version,
        "assessment": assessment,
        "groups": indicator_rows(request.user, assessment),
        "can_enter": assessments.can_enter(request.user, unit),
        "years": year_options(version),
        "history": [
            (past, assessments.assess_units([unit], past, version)[0].evaluation)
            for past in assessments.years_with_values(unit, version.code)
            if version.criteria_set().year_from <= past <= version.criteria_set().year_to
        ],
        "evidence_form": EvidenceForm(),
        "comment_form": CommentForm(),
    }
    return render(request, "assessment/unit.html", context)


@login_required
@require_POST
def value_save(request, structure, code, indicator):
    unit = assessments.unit_for_view(request.user, structure, code)
    if not assessments.can_enter(request.user, unit):
        raise PermissionDenied(_("Only the commune's officers enter its indicator values."))
    year, version = _year_and_version(request)
    criteria_set = version.criteria_set()
    try:
        found = services.entered_indicator(criteria_set, indicator)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(_unit_url(unit, year, version))
    form = ValueForm(request.POST, indicator=found)
    if form.is_valid():
        try:
            services.value_set(
                unit=unit,
                year=year,
                set_code=version.code,
                indicator_code=indicator,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(request, _("Saved indicator %(code)s.") % {"code": indicator})
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(
            request, f"{indicator}: " + " ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect(_unit_url(unit, year, version, indicator))


def _value_action(request, value_id, action):
    value = assessments.value_for_view(request.user, value_id)
    version = assessments.set_version(value.set_code)
    form = CommentForm(request.POST)
    comment = form.data.get("comment", "")
    try:
        if action == "answer":
            if not assessments.can_enter(request.user, value.unit):
                raise PermissionDenied(_("Only the commune's officers answer a return."))
            services.value_answer(value=value, comment=comment, actor=request.user)
        else:
            if not assessments.can_verify(request.user, value):
                raise PermissionDenied(_("Only the responsible department verifies this indicator."))
            handler = services.value_verify if action == "verify" else services.value_return
            handler(value=value, comment=comment, actor=request.user)
        messages.success(request, _("Done."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(_unit_url(value.unit, value.year, version, value.indicator_code))


@login_required
@require_POST
def value_verify(request, value_id):
    return _value_action(request, value_id, "verify")


@login_required
@require_POST
def value_return(request, value_id):
    return _value_action(request, value_id, "return")


@login_required
@require_POST
def value_answer(request, value_id):
    return _value_action(request, value_id, "answer")


@login_required
@require_POST
def evidence_add(request, value_id):
    value = assessments.value_for_view(request.user, value_id)
    if not assessments.can_enter(request.user, value.unit):
        raise PermissionDenied(_("Only the commune's officers add evidence."))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(value=value, upload=form.cleaned_data["file"], actor=request.user)
            messages.success(request, _("Evidence added."))
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a file."))
    return redirect(
        _unit_url(value.unit, value.year, assessments.set_version(value.set_code), value.indicator_code)
    )


@login_required
def evidence_download(request, evidence_id):
    evidence = assessments.evidence_for_view(request.user, evidence_id)
    return serve_file(
        request,
        evidence.file,
        content_type=evidence.mime_type,
        download_name=evidence.original_name,
        attachment=True,
    )
