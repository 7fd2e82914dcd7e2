"""Dashboard pages (overview, compliance matrix, department view, gap analysis) and their Excel exports.

Thin: parse the query, call one selector of ``dashboards``, render or export. Every page is scoped through
``dashboards.dashboard_units``; a role without dashboards gets 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page

from ntm.assessment import exports
from ntm.assessment.gaps import LAST_YEAR_OF_LADDER
from ntm.assessment.selectors import assessments, dashboards
from ntm.core.files import download
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.params import year_param
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.presenters import status_badge

MATRIX_PAGE_SIZE = 100
DEFAULT_YEAR = 2025


def _version(request, year: int) -> CriteriaSetVersion:
    code = request.GET.get("set") or assessments.default_set_code(year)
    if code not in (*dashboards.LADDER_2021_2025, *dashboards.LADDER_2026_2030):
        raise Http404(code)
    try:
        version = assessments.set_version(code)
        if (
            not version.year_from <= year <= version.year_to
        ):  # the year picked is outside the set: the set in force
            version = assessments.set_version(assessments.default_set_code(year))
        return version
    except CriteriaSetVersion.DoesNotExist:
        raise Http404(code) from None


def _set_choices() -> list[tuple[str, str]]:
    return list(
        CriteriaSetVersion.objects.summaries()
        .latest_per_code()
        .filter(code__in=(*dashboards.LADDER_2021_2025, *dashboards.LADDER_2026_2030))
        .order_by("year_from", "code")
        .values_list("code", "name")
    )


def _common(request, year: int, version: CriteriaSetVersion) -> dict:
    return {
        "year": year,
        "version": version,
        "years": assessments.year_choices(),
        "sets": _set_choices(),
        "querystring": querystring_without_page(request),
        "query": request.GET.urlencode(),
    }


@login_required
def overview(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    version = _version(request, year)
    data = dashboards.overview(request.user, year, version)
    context = {**_common(request, year, version), "data": data, "chart": data.chart_data()}
    return render(request, "assessment/overview.html", context)


@login_required
def overview_export(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    version = _version(request, year)
    data = dashboards.overview(request.user, year, version)
    return download(exports.overview_workbook(data), f"tong-quan-{version.code}-{year}.xlsx")


@login_required
@gzip_page  # ~20 cells a commune: sent compressed (about a tenth of the HTML)
def matrix(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    version = _version(request, year)
    q = request.GET.get("q", "").strip()
    page = paginate(request, dashboards.matrix_units(request.user, q), MATRIX_PAGE_SIZE)
    data = dashboards.matrix(page.object_list, year, version)
    labels = {state: status_badge(state).label for state in ("met", "not_met", "missing", "no_threshold")}
    context = {**_common(request, year, version), "data": data, "page": page, "q": q, "labels": labels}
    context["cell_prefix"] = _cell_prefix(version, year)
    return render(request, "assessment/matrix.html", context)


def _cell_prefix(version: CriteriaSetVersion, year: int) -> str:
    """The start of every cell's link, relative to the matrix page (``o/<version>/<year>/``): a full link to the
    values page in each cell would add about 100 KB to a page of 100 communes x 20 criteria."""
    base = reverse("assessment:matrix")
    full = reverse("assessment:matrix_cell", args=[version.pk, year, "0", "0"])
    return full[len(base) : -len("0/0")]


@login_required
def matrix_cell(request, version_id: int, year: int, code: str, criterion: str):
    """A matrix cell (commune x criterion) opens that criterion on the commune's values page."""
    version = get_object_or_404(CriteriaSetVersion, pk=version_id)
    unit = assessments.unit_for_view(request.user, "2025", code)
    criteria_set = version.criteria_set()
    if criterion not in {group.code for group in (*criteria_set.conditions, *criteria_set.criteria)}:
        raise Http404(criterion)
    url = reverse("assessment:unit", args=[unit.structure, unit.code])
    return redirect(f"{url}?year={year}&set={version.code}#crit-{criterion}")


@login_required
def matrix_export(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    version = _version(request, year)
    units = dashboards.matrix_units(request.user, request.GET.get("q", "").strip())
    data = dashboards.matrix(units, year, version)
    return download(exports.matrix_workbook(data), f"ma-tran-{version.code}-{year}.xlsx")


def _department(request, version: CriteriaSetVersion) -> tuple[str, dict[str, str]]:
    names = dashboards.visible_departments(request.user, version)
    wanted = request.GET.get("dept", "")
    if wanted and wanted not in names:
        raise Http404(wanted)
    return wanted or next(iter(names), ""), names


@login_required
def department(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    version = _version(request, year)
    code, names = _department(request, version)
    awaiting = request.GET.get("awaiting") == "1"
    context = {**_common(request, year, version), "departments": names, "dept": code, "awaiting": awaiting}
    if code:
        page = paginate(
            request, dashboards.department_units(request.user, version, code, year, awaiting=awaiting)
        )
        context["page"] = page
        context["data"] = dashboards.department_view(request.user, page.object_list, year, version, code)
    return render(request, "assessment/department.html", context)


@login_required
def department_export(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    version = _version(request, year)
    code, _names = _department(request, version)
    if not code:
        raise Http404("dept")
    awaiting = request.GET.get("awaiting") == "1"
    units = dashboards.department_units(request.user, version, code, year, awaiting=awaiting)
    data = dashboards.department_view(request.user, units, year, version, code)
    return download(
        exports.department_workbook(data, version, year), f"so-nganh-{code}-{version.code}-{year}.xlsx"
    )


def _gap_report(request):
    year = year_param(request, assessments.latest_year_with_data(DEFAULT_YEAR))
    return dashboards.gap_report(
        request.user, year, criterion=request.GET.get("criterion", ""), department=request.GET.get("dept", "")
    )


@login_required
def gaps(request):
    report = _gap_report(request)
    page = Paginator(report.gaps, 50).get_page(request.GET.get("page"))
    context = {
        "report": report,
        "page": page,
        "year": report.year,
        "years": list(range(max(timezone.localdate().year, DEFAULT_YEAR) + 1, 2020, -1)),
        "criterion": request.GET.get("criterion", ""),
        "dept": request.GET.get("dept", ""),
        "single_set": report.year > LAST_YEAR_OF_LADDER,
        "querystring": querystring_without_page(request),
        "query": request.GET.urlencode(),
        "rank_offset": page.start_index() - 1 if page.paginator.count else 0,
        # Each row lists indicator codes only; their names are printed once below the table (page size).
        "indicator_names": sorted(
            {
                item.code: item.name for gap in page.object_list for item in (*gap.unmet, *gap.no_threshold)
            }.items(),
            key=lambda pair: dashboards.indicator_order(pair[0]),
        ),
    }
    return render(request, "assessment/gaps.html", context)


@login_required
def gaps_export(request):
    report = _gap_report(request)
    return download(exports.gaps_workbook(report), f"khoang-cach-{report.year}.xlsx")
