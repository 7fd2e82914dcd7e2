"""Pages of criteria sets: list and detail (public), Excel download and evaluation (signed in), edit and import
(provincial coordinators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.exceptions import ServiceError, StateConflict
from ntm.core.paging import is_htmx_partial, paginate, querystring_without_page
from ntm.core.uploads import read_upload
from ntm.criteria import selectors
from ntm.criteria.engine import InvalidValuesError
from ntm.criteria.evaluation import evaluate_version, evaluation_unit
from ntm.criteria.forms import (
    EvaluateForm,
    IndicatorForm,
    ThresholdForm,
    ThresholdFormSet,
    WorkbookImportForm,
)
from ntm.criteria.presenters import (
    evaluation_groups,
    level_label,
    provenance_badge,
    provenance_legend,
    set_rows,
)
from ntm.criteria.services import criteria_set_import_workbook, criteria_set_update_indicator
from ntm.criteria.setfile import SetFileProblem
from ntm.criteria.workbook import export_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def set_list(request):
    versions, set_filter = selectors.criteria_sets_latest(request.GET)
    context = {
        "page": paginate(request, versions),
        "provenance_legend": provenance_legend(),
        "filter": set_filter,
        "querystring": querystring_without_page(request),
        "can_edit": selectors.can_edit_criteria_sets(request.user),
    }
    template = "criteria/_list_table.html" if is_htmx_partial(request) else "criteria/list.html"
    return render(request, template, context)


def set_detail(request, ref: str):
    version = selectors.criteria_set_version(ref)
    criteria_set = version.criteria_set()
    history = list(selectors.criteria_set_history(version.code))
    departments = selectors.department_names(
        indicator.department.code for _group, indicator in criteria_set.iter_indicators()
    )
    context = {
        "version": version,
        "set": criteria_set,
        "latest": history[0] if history else version,
        "history": history,
        "rows": set_rows(criteria_set, departments),
        "set_badge": provenance_badge(criteria_set.provenance),
        "provenance_legend": provenance_legend(),
        "stats": version.stats,
        "can_edit": selectors.can_edit_criteria_sets(request.user),
        "level": level_label(criteria_set.grants_level),
    }
    return render(request, "criteria/detail.html", context)


@login_required
def set_excel(request, ref: str):
    version = selectors.criteria_set_version(ref)
    data = export_workbook(
        version.content,
        version=version.version,
        content_hash=version.content_hash,
        exported_at=timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bo-tieu-chi-{version.code}-v{version.version}.xlsx"'
    )
    return response


@login_required
def set_evaluate(request, ref: str):
    version = selectors.criteria_set_version(ref)
    criteria_set = version.criteria_set()
    units = list(selectors.evaluation_units(request.user, criteria_set.subject))
    form = EvaluateForm(request.GET or None, criteria_set=criteria_set, units=units)
    result = None
    if form.is_bound and form.is_valid():
        result = _run_evaluation(request.user, version, form)
    context = {"version": version, "set": criteria_set, "form": form, "result": result, "units": units}
    return render(request, "criteria/evaluate.html", context, status=400 if form.errors else 200)


def _run_evaluation(user, version, form: EvaluateForm) -> dict | None:
    data = form.cleaned_data
    if data.get("unit"):
        chosen = evaluation_unit(
            user,
            version,
            data["unit"],
            data["year"],
            flags=form.flags(),
            official_level=data.get("official_level"),
        )
        if chosen.context is None:
            form.add_error("unit", chosen.problem)
            return None
        unit, unit_name = chosen.context, chosen.name
    else:
        unit, unit_name = form.typed_context(), ""
    try:
        criteria_set, evaluation = evaluate_version(
            version, year=data["year"], unit=unit, values=form.values()
        )
    except InvalidValuesError as exc:
        _place_value_errors(form, exc)
        return None
    return {
        "evaluation": evaluation,
        "groups": evaluation_groups(criteria_set, evaluation, unit),
        "unit": unit,
        "unit_name": unit_name,
        "level": level_label(evaluation.level_reached),
    }


def _place_value_errors(form: EvaluateForm, exc: InvalidValuesError) -> None:
    """Show each invalid value on its field (or on the form when no field names it)."""
    for problem in exc.problems:
        name = form.value_name(problem.code)
        field = name if name in form.fields else problem.code if problem.code in form.fields else None
        form.add_error(field, problem.message)


@login_required
def indicator_edit(request, ref: str, indicator: str):
    selectors.require_criteria_editor(request.user)
    version = selectors.criteria_set_version(ref)
    latest = selectors.criteria_set_version(version.code)
    if latest.pk != version.pk:
        messages.info(request, _("Changes are made on the latest version, %(ref)s.") % {"ref": latest.ref})
        return redirect("criteria:indicator_edit", ref=latest.ref, indicator=indicator)
    criteria_set = version.criteria_set()
    found = criteria_set.find_indicator(indicator)
    if found is None:
        raise Http404(indicator)
    if request.method == "POST":
        form = IndicatorForm(request.POST, criteria_set=criteria_set)
        formset = ThresholdFormSet(request.POST, criteria_set=criteria_set, indicator=found, prefix="rules")
        saved = _save_indicator(request, version, found, form, formset)
        if saved:
            return saved
    else:
        form = IndicatorForm(initial=IndicatorForm.initial_for(found), criteria_set=criteria_set)
        formset = ThresholdFormSet(
            initial=[ThresholdForm.initial_for(rule) for rule in found.thresholds],
            criteria_set=criteria_set,
            indicator=found,
            prefix="rules",
        )
    context = {"version": version, "set": criteria_set, "indicator": found, "form": form, "formset": formset}
    status = 400 if request.method == "POST" else 200
    return render(request, "criteria/indicator_edit.html", context, status=status)


def _save_indicator(request, version, found, form: IndicatorForm, formset):
    """Save a valid indicator edit as a new version; the redirect on success, ``None`` to show the errors."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    kept = formset.kept_forms()
    try:
        new = criteria_set_update_indicator(
            base=version,
            indicator_code=found.code,
            fields=form.indicator_fields(),
            thresholds=[rule_form.rule() for rule_form in kept],
            change_note=form.cleaned_data["change_note"],
            actor=request.user,
        )
    except StateConflict as exc:
        form.add_error(None, exc.message)
    except ServiceError as exc:
        _place_errors(form, kept, exc)
    else:
        messages.success(request, _("Saved as version %(ref)s.") % {"ref": new.ref})
        return redirect("criteria:detail", ref=new.ref)
    return None


def _place_errors(form, kept, exc: ServiceError) -> None:
    """Put the set-file validator's problems next to the threshold row they are about (by the rule number each
    ``SetFileProblem`` carries), the others above the form."""
    details = exc.detail if isinstance(exc.detail, list) else []
    if not details:
        form.add_error(None, exc.message)
        return
    for problem in details:
        number = problem.threshold if isinstance(problem, SetFileProblem) else None
        if number is not None and 0 < number <= len(kept):
            kept[number - 1].add_error(None, problem.text)
        else:
            form.add_error(None, problem)


@login_required
def workbook_import(request):
    selectors.require_criteria_editor(request.user)
    errors: list[str] = []
    if request.method == "POST":
        form = WorkbookImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = read_upload(upload)
                new = criteria_set_import_workbook(
                    data=data, change_note=form.cleaned_data["change_note"], actor=request.user
                )
            except ServiceError as exc:
                errors = [exc.message, *(exc.detail if isinstance(exc.detail, list) else [])]
            else:
                messages.success(request, _("Imported as version %(ref)s.") % {"ref": new.ref})
                return redirect("criteria:detail", ref=new.ref)
    else:
        form = WorkbookImportForm()
    status = 400 if request.method == "POST" else 200
    return render(request, "criteria/import.html", {"form": form, "errors": errors}, status=status)
