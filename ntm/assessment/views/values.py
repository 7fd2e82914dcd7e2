"""Pages for entering, verifying and following indicator values. Thin: parse, call a service or selector, render.

Every action answers where the person is looking (the GOV.UK error pattern): with htmx the criterion or the row
is swapped in place and says what happened; without JavaScript a refused action shows the whole page again with
the reason beside the field and in an error summary at the top, and a done action returns to the row with its
message. What the person typed is never thrown away on an error.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ntm.assessment import services
from ntm.assessment.forms import CommentForm, EvidenceForm, evidence_hint
from ntm.assessment.presenters import indicator_rows, value_forms, year_options
from ntm.assessment.selectors import assessments
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.params import parse_year
from ntm.criteria.models import CriteriaSetVersion

# The message a row shows after each action (the ``done`` parameter of the page without JavaScript).
_DONE = {
    "saved": lambda: _("Saved."),
    "evidence": lambda: _("Evidence added."),
    "verify": lambda: _("Verified."),
    "return": lambda: _("Returned to the commune."),
    "answer": lambda: _("Answer sent."),
}


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


def _unit_url(unit, year, version, *, done: str = "", codes: str = "", anchor: str = "") -> str:
    url = reverse("assessment:unit", args=[unit.structure, unit.code])
    url += f"?year={year}&set={version.code}"
    if done:
        url += f"&done={done}&codes={codes}"
    return url + (f"#{anchor}" if anchor else "")


def _row_state_from_query(request) -> dict[str, dict]:
    done = request.GET.get("done", "")
    if done not in _DONE:
        return {}
    message = _DONE[done]()
    return {code: {"message": message} for code in request.GET.get("codes", "").split(",")[:60] if code}


def _context(request, unit, year, version, *, bound=None, row_state=None) -> dict:
    assessment = assessments.assess_units([unit], year, version)[0]
    groups = indicator_rows(request.user, assessment, bound=bound, row_state=row_state)
    errors = [(group, *error) for group in groups for error in group.error_list]
    return {
        "unit": unit,
        "year": year,
        "version": version,
        "assessment": assessment,
        "groups": groups,
        "errors": errors,
        "can_enter": assessments.can_enter(request.user, unit),
        "years": year_options(version),
        "evidence_hint": evidence_hint(),
        "evidence_form": EvidenceForm(),
        "comment_form": CommentForm(),
    }


def _history(unit, version) -> list:
    criteria_set = version.criteria_set()
    return [
        (past, assessments.assess_units([unit], past, version)[0].evaluation)
        for past in assessments.years_with_values(unit, version.code)
        if criteria_set.year_from <= past <= criteria_set.year_to
    ]


def _full_page(request, unit, year, version, *, status=200, **kwargs):
    context = _context(request, unit, year, version, **kwargs)
    context["history"] = _history(unit, version)
    return render(request, "assessment/unit.html", context, status=status)


@login_required
def unit_assessment(request, structure, code):
    unit = assessments.unit_for_view(request.user, structure, code)
    year, version = _year_and_version(request)
    return _full_page(request, unit, year, version, row_state=_row_state_from_query(request))


def _one_group(context: dict, group_code: str):
    return next((g for g in context["groups"] if g.group.code == group_code), None)


@login_required
@require_POST
def criterion_save(request, structure, code, criterion):
    """Save every indicator of one criterion that a person enters, together (all or nothing)."""
    unit = assessments.unit_for_view(request.user, structure, code)
    if not assessments.can_enter(request.user, unit):
        raise PermissionDenied(_("Only the commune's officers enter its indicator values."))
    year, version = _year_and_version(request)
    criteria_set = version.criteria_set()
    assessment = assessments.assess_units([unit], year, version)[0]
    forms = value_forms(
        criteria_set, criterion, assessment.computed_sources, assessment.stored, data=request.POST
    )
    if not forms:
        raise Http404(criterion)
    valid = all([form.is_valid() for form in forms.values()])
    saved: list[str] = []
    if valid:
        changed = [(code, form) for code, form in forms.items() if form.changed_value()]
        try:
            services.values_set_together(
                unit=unit,
                year=year,
                set_code=version.code,
                entries=[(c, f.cleaned_data["value"], f.cleaned_data["note"]) for c, f in changed],
                actor=request.user,
            )
            saved = [c for c, _f in changed]
        except ServiceError as exc:
            valid = False
            for field_code, message in (exc.detail or {next(iter(forms)): exc.message}).items():
                if field_code in forms:
                    forms[field_code].add_error("value", message)
    anchor = f"crit-{criterion}"
    if valid and not request.htmx:
        return redirect(_unit_url(unit, year, version, done="saved", codes=",".join(saved), anchor=anchor))
    bound = None if valid else forms
    row_state = {c: {"message": _DONE["saved"]()} for c in saved}
    if not request.htmx:
        return _full_page(request, unit, year, version, status=400, bound=bound)
    context = _context(request, unit, year, version, bound=bound, row_state=row_state)
    group = _one_group(context, criterion)
    if valid:
        group.message = (
            ngettext("Saved %(count)d value.", "Saved %(count)d values.", len(saved)) % {"count": len(saved)}
            if saved
            else _("Nothing changed.")
        )
    return render(request, "assessment/_criterion_response.html", {**context, "group": group})


def _row_response(request, value, version, action: str, error: str = ""):
    """The answer to a row action: the row in place (htmx), the page at the row, or the page with the error."""
    unit = value.unit
    row_state = {value.indicator_code: {"errors": {action: error}} if error else {"message": _DONE[action]()}}
    if not request.htmx:
        if not error:
            return redirect(
                _unit_url(
                    unit,
                    value.year,
                    version,
                    done=action,
                    codes=value.indicator_code,
                    anchor=f"ind-{value.indicator_code}",
                )
            )
        return _full_page(request, unit, value.year, version, status=400, row_state=row_state)
    context = _context(request, unit, value.year, version, row_state=row_state)
    row = next(row for group in context["groups"] for row in group.rows if row.code == value.indicator_code)
    return render(request, "assessment/_row.html", {**context, "row": row})


def _value_action(request, value_id, action):
    value = assessments.value_for_view(request.user, value_id)
    version = assessments.set_version(value.set_code)
    comment = CommentForm(request.POST).data.get("comment", "")
    if action == "answer" and not assessments.can_enter(request.user, value.unit):
        raise PermissionDenied(_("Only the commune's officers answer a return."))
    if action != "answer" and not assessments.can_verify(request.user, value):
        raise PermissionDenied(_("Only the responsible department verifies this indicator."))
    handler = {
        "answer": services.value_answer,
        "verify": services.value_verify,
        "return": services.value_return,
    }[action]
    try:
        handler(value=value, comment=comment, actor=request.user)
    except ServiceError as exc:
        return _row_response(request, value, version, action, exc.message)
    next_url = request.POST.get("next", "")
    if not request.htmx and next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return _row_response(request, value, version, action)


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
    version = assessments.set_version(value.set_code)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _row_response(request, value, version, "evidence", " ".join(form.errors.get("file", [])))
    try:
        services.evidence_add(value=value, upload=form.cleaned_data["file"], actor=request.user)
    except ServiceError as exc:
        return _row_response(request, value, version, "evidence", exc.message)
    return _row_response(request, value, version, "evidence")


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
