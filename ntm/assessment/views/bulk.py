"""Bulk entry pages: download the Excel templates, upload a filled one (all-or-nothing, every error located)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ntm.assessment import bulk
from ntm.assessment.selectors import assessments, dashboards
from ntm.assessment.views.dashboards import DEFAULT_YEAR, _set_choices, _version
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.files import download
from ntm.core.params import year_param
from ntm.core.scoping import CHANGE
from ntm.core.uploads import read_upload


def _enterable_units(user):
    return assessments.assessable_units(user, CHANGE, roles=None if user.is_superuser else bulk.IMPORT_ROLES)


def _departments(user, version) -> dict[str, str]:
    try:
        return dashboards.visible_departments(user, version)
    except PermissionDenied:
        return {}


def _page(request, *, errors=(), status=200):
    year = year_param(request, DEFAULT_YEAR)
    version = _version(request, year)
    units = list(_enterable_units(request.user)[:500])
    departments = _departments(request.user, version)
    if not units and not departments:
        raise PermissionDenied(
            _("Your role does not enter indicator values nor follow a department's indicators.")
        )
    context = {
        "year": year,
        "version": version,
        "years": list(range(version.year_to, version.year_from - 1, -1)),
        "sets": _set_choices(),
        "units": units,
        "departments": departments,
        "can_import": bool(units),
        "errors": errors,
    }
    return render(request, "assessment/import.html", context, status=status)


@login_required
def import_page(request):
    if request.method != "POST":
        return _page(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, errors=[_("Choose the filled-in Excel file.")], status=400)
    try:
        result = bulk.indicator_values_import(data=read_upload(upload), actor=request.user)
    except ExcelImportError as exc:
        return _page(request, errors=exc.lines, status=400)
    except ServiceError as exc:
        return _page(request, errors=[exc.message], status=400)
    messages.success(
        request,
        _("Import done: %(changed)s values saved, %(unchanged)s unchanged, %(skipped)s left empty.")
        % {"changed": result.changed, "unchanged": result.unchanged, "skipped": result.skipped},
    )
    return redirect(f"{request.path}?year={result.year}&set={result.version.code}")


@login_required
def unit_template(request):
    year = year_param(request, DEFAULT_YEAR)
    version = _version(request, year)
    unit = assessments.unit_for_view(request.user, "2025", request.GET.get("unit", ""))
    try:
        content = bulk.unit_template(request.user, unit, year, version)
    except ServiceError as exc:
        raise Http404(exc.message) from None
    return download(content, f"mau-nhap-{unit.code}-{version.code}-{year}.xlsx")


@login_required
def department_template(request):
    year = year_param(request, DEFAULT_YEAR)
    version = _version(request, year)
    department = request.GET.get("dept", "")
    if department not in dashboards.visible_departments(request.user, version):
        raise Http404(department)
    content = bulk.department_template(request.user, department, year, version)
    return download(content, f"mau-so-nganh-{department}-{version.code}-{year}.xlsx")
