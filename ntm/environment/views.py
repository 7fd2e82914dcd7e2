"""Pages of the environment app: thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ntm.core.choices import Role
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.files import download, serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.params import year_param
from ntm.core.permissions import ENVIRONMENT, require_area
from ntm.core.scoping import CHANGE
from ntm.core.storage import safe_extension
from ntm.core.uploads import DOCX, read_upload
from ntm.environment import coverage, exports, lab_import, selectors, services
from ntm.environment import report as environment_report
from ntm.environment.forms import (
    CoverageForm,
    FacilityForm,
    GroupBParameterForm,
    InspectionForm,
    LabImportForm,
    LinkForm,
    PointStatusForm,
    PublicationScheduleForm,
    SampleForm,
    WasteForm,
    WaterOperatorForm,
    WaterPointForm,
)
from ntm.environment.parameters import Parameter
from ntm.units.models import AdministrativeUnit, Level

PERIOD_CHOICES = (
    ("year", gettext_lazy("Whole year")),
    ("h1", gettext_lazy("First six months")),
    ("h2", gettext_lazy("Last six months")),
)


def _with_latest(points) -> list[tuple]:
    points = list(points)
    latest = selectors.latest_outcomes(points)
    return [(point, latest.get(point.pk)) for point in points]


def _require_change(request) -> None:
    require_area(request.user, ENVIRONMENT, CHANGE)


def _require_keeper(request) -> None:
    """Pages about units' records (points, coverage, waste, facilities): not for a water-supply operator."""
    selectors.require_keeper(request.user, CHANGE)


def _require_coordinator(request) -> None:
    if not (request.user.is_superuser or request.user.has_role(Role.PROVINCE_COORDINATOR)):
        raise PermissionDenied(_("Only the provincial coordination office does this."))


@login_required
def index(request):
    year = year_param(request, timezone.localdate().year)
    board = selectors.dashboard(request.user, year)
    return render(
        request,
        "environment/index.html",
        {
            "board": board,
            "year": year,
            "years": selectors.recent_years(),
            "may_change": selectors.may_change(request.user),
            "may_keep": selectors.may_keep_records(request.user),
            "report_units": selectors.report_units(request.user).exclude(level=Level.COMMUNE)[:50],
            "periods": PERIOD_CHOICES,
            "is_coordinator": request.user.is_superuser or request.user.has_role(Role.PROVINCE_COORDINATOR),
        },
    )


@login_required
def point_list(request):
    points, point_filter = selectors.points_for(request.user, request.GET)
    page = paginate(request, points)
    return render(
        request,
        "environment/point_list.html",
        {
            "page": page,
            "filter": point_filter,
            "querystring": querystring_without_page(request),
            "rows": _with_latest(page.object_list),
            "may_keep": selectors.may_keep_records(request.user),
        },
    )


@login_required
def point_export(request):
    points, _filter = selectors.points_for(request.user, request.GET)
    points = list(points[:20000])
    return download(exports.points_workbook(points, selectors.latest_outcomes(points)), "diem-cap-nuoc.xlsx")


@login_required
def point_create(request):
    _require_keeper(request)
    units = selectors.communes_for_entry(request.user)
    form = WaterPointForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            point = services.water_point_create(actor=request.user, **data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Water point %(code)s added.") % {"code": point.code})
            return redirect("environment:point", point.pk)
    return render(
        request,
        "environment/form.html",
        {"form": form, "title": _("Add a water point"), "submit": _("Add")},
        status=400 if form.errors else 200,
    )


@login_required
def point_detail(request, point_id: int):
    point = selectors.point_for(request.user, point_id)
    return render(
        request,
        "environment/point_detail.html",
        {
            "point": point,
            "samples": selectors.samples_of(point),
            "status_form": PointStatusForm(
                initial={"status": point.status, "operator_organisation": point.operator_organisation_id}
            ),
            "may_enter": selectors.may_enter_results(request.user, point),
            "may_keep": selectors.may_keep_point(request.user, point),
        },
    )


@login_required
@require_POST
def point_status(request, point_id: int):
    point = selectors.point_for(request.user, point_id, CHANGE)
    if not selectors.may_keep_point(request.user, point):
        raise Http404
    form = PointStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The status is not valid."))
        return redirect("environment:point", point.pk)
    try:
        if form.cleaned_data["status"] != point.status:
            services.water_point_set_status(
                actor=request.user, point=point, status=form.cleaned_data["status"]
            )
        if form.cleaned_data["operator_organisation"] != point.operator_organisation:
            services.water_point_set_operator(
                actor=request.user, point=point, organisation=form.cleaned_data["operator_organisation"]
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status saved."))
    return redirect("environment:point", point.pk)


@login_required
def sample_create(request, point_id: int):
    point = selectors.point_for(request.user, point_id, CHANGE)
    try:
        catalogue_row = services.catalogue_in_force(timezone.localdate())
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("environment:point", point.pk)
    form = SampleForm(request.POST or None, request.FILES or None, catalogue=catalogue_row.catalogue())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = (
                services.lab_report_store(actor=request.user, upload=data["report"])
                if data.get("report")
                else None
            )
            sample = services.sample_record(
                actor=request.user,
                point=point,
                sampled_on=data["sampled_on"],
                laboratory=data["laboratory"],
                values=form.values(),
                report=report,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            outcome = selectors.judged(sample)
            if outcome.failed:
                text = (
                    _(
                        "Recorded. Outside the limit: %(parameters)s. The commune, the province and the point's "
                        "operator have been alerted."
                    )
                    if point.operator_organisation_id
                    else _(
                        "Recorded. Outside the limit: %(parameters)s. The commune and the province have been alerted."
                    )
                )
                messages.warning(
                    request, text % {"parameters": ", ".join(j.parameter.name for j in outcome.failed)}
                )
            else:
                messages.success(request, _("Recorded: every measured parameter is within its limit."))
            return redirect("environment:point", point.pk)
    return render(
        request,
        "environment/sample_form.html",
        {"form": form, "point": point, "catalogue": catalogue_row},
        status=400 if form.errors else 200,
    )


@login_required
def lab_report(request, sample_id: int):
    sample = selectors.sample_for(request.user, sample_id)
    if sample.report is None:
        raise Http404
    report = sample.report
    return serve_file(
        request,
        report.file,
        content_type=report.mime_type,
        download_name=f"phieu-ket-qua-{sample.point.code.lower()}-{sample.sampled_on:%Y%m%d}.{safe_extension(report.file.name, report.mime_type)}",
    )


@login_required
def results_import(request):
    _require_change(request)
    form = LabImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
            report = None
            if form.cleaned_data.get("report"):
                report = services.lab_report_store(actor=request.user, upload=form.cleaned_data["report"])
            samples = lab_import.lab_results_import(actor=request.user, data=data, report=report)
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:
            errors = [exc.message]
        else:
            failing = sum(1 for sample in samples if selectors.judged(sample).failed)
            messages.success(
                request,
                _("Imported %(count)s samples; %(failing)s outside a limit (alerts sent).")
                % {"count": len(samples), "failing": failing},
            )
            year = max(sample.sampled_on.year for sample in samples)
            return redirect(f"{reverse('environment:exceedances')}?year={year}")
    return render(
        request,
        "environment/import.html",
        {"form": form, "errors": errors},
        status=400 if errors or form.errors else 200,
    )


@login_required
def results_template(request):
    _require_change(request)
    try:
        catalogue_row = services.catalogue_in_force(timezone.localdate())
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("environment:index")
    points = list(selectors.points_for_entry(request.user)[:2000])
    return download(lab_import.template(catalogue_row, points), "mau-ket-qua-xet-nghiem-nuoc.xlsx")


@login_required
def exceedances(request):
    year = year_param(request, timezone.localdate().year)
    items = selectors.exceedances(request.user, year)
    if request.GET.get("format") == "xlsx":
        return download(exports.exceedances_workbook(items), f"vuot-gioi-han-{year}.xlsx")
    return render(
        request,
        "environment/exceedances.html",
        {"items": items, "year": year, "years": selectors.recent_years()},
    )


@login_required
def commune(request, unit_id: int, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    data = selectors.commune_year(request.user, unit_id, year)
    return render(
        request,
        "environment/commune.html",
        {
            "data": data,
            "may_change": selectors.may_keep_records(request.user),
            "years": selectors.recent_years(),
            "periods": PERIOD_CHOICES,
        },
    )


@login_required
def report(request, unit_id: int, year: int):
    """The periodic environment report (Word, Decree 30 layout) of a commune, district or province."""
    data = selectors.environment_report(request.user, unit_id, year, request.GET.get("period", "year"))
    return download(environment_report.report_docx(data), environment_report.report_filename(data), DOCX)


def _commune_year_form(request, form_class, template_title, save):
    _require_keeper(request)
    units = selectors.communes_for_entry(request.user)
    initial = {"year": timezone.localdate().year}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
    form = form_class(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save(data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Saved; the figures are sent to criterion 17 of %(unit)s.") % {"unit": data["unit"].name},
            )
            return redirect("environment:commune", data["unit"].pk, data["year"])
    return render(
        request,
        "environment/form.html",
        {"form": form, "title": template_title, "submit": _("Save")},
        status=400 if form.errors else 200,
    )


@login_required
def coverage_edit(request):
    def save(data):
        services.coverage_set(
            actor=request.user,
            unit=data["unit"],
            year=data["year"],
            counts=coverage.HouseholdCounts(
                data["households"], data["hygienic"], data["clean"], data["clean_piped"]
            ),
            note=data["note"],
        )

    return _commune_year_form(request, CoverageForm, _("Household water coverage"), save)


@login_required
def waste_edit(request):
    def save(data):
        services.waste_set(
            actor=request.user,
            unit=data["unit"],
            year=data["year"],
            figures={name: data[name] for name in WasteForm.FIGURES},
            schedule=data["collection_schedule"],
        )

    return _commune_year_form(request, WasteForm, _("Waste collection and treatment"), save)


@login_required
def facility_create(request):
    _require_keeper(request)
    form = FacilityForm(request.POST or None, units=selectors.communes_for_entry(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Facility added to the inventory."))
            return redirect("environment:facility", facility.pk)
    return render(
        request,
        "environment/form.html",
        {"form": form, "title": _("Add a facility to the inventory"), "submit": _("Add")},
        status=400 if form.errors else 200,
    )


@login_required
def facility_detail(request, facility_id: int):
    facility = selectors.facility_for(request.user, facility_id)
    form = InspectionForm(request.POST or None)
    if request.method == "POST":
        facility = selectors.facility_for(request.user, facility_id, CHANGE)
        if form.is_valid():
            try:
                services.inspection_record(actor=request.user, facility=facility, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect("environment:facility", facility.pk)
    return render(
        request,
        "environment/facility.html",
        {
            "facility": facility,
            "inspections": facility.inspections.select_related("recorded_by"),
            "form": form,
            "may_change": selectors.may_keep_records(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def catalogue_list(request):
    require_area(request.user, ENVIRONMENT)
    is_coordinator = request.user.is_superuser or request.user.has_role(Role.PROVINCE_COORDINATOR)
    form = GroupBParameterForm(request.POST or None)
    rows = list(selectors.catalogues())
    in_force = selectors.catalogue_applying(timezone.localdate())
    if request.method == "POST":
        _require_coordinator(request)
        if in_force is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            parameter = Parameter(
                code=data["code"],
                name=data["name"],
                group="B",
                unit=data["unit"],
                kind=data["kind"],
                limit=data["limit"] if data["kind"] in {"max", "below", "min"} else None,
                low=data["low"] if data["kind"] == "range" else None,
                high=data["high"] if data["kind"] == "range" else None,
                provenance="confirmed",
                source=data["source"],
            )
            try:
                services.catalogue_add_group_b(
                    base=in_force, parameter=parameter, change_note=data["change_note"], actor=request.user
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("A new version of the catalogue was created."))
                return redirect("environment:catalogues")
    return render(
        request,
        "environment/catalogues.html",
        {"rows": rows, "in_force": in_force, "form": form, "is_coordinator": is_coordinator},
        status=400 if form.errors else 200,
    )


@login_required
def indicator_link(request):
    _require_coordinator(request)
    form = LinkForm(request.POST or None, sources=services.SOURCES)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_source_link(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The indicator now takes its value from this figure."))
            return redirect("environment:index")
    return render(
        request,
        "environment/form.html",
        {
            "form": form,
            "title": _("Feed an indicator from an environment figure"),
            "submit": _("Link"),
            "help": _(
                "The indicator's value is then computed from the figures entered here (e.g. 17.1 from the share of "
                "households using standard clean water) instead of being typed by the commune."
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def publication_schedule(request):
    _require_coordinator(request)
    current = selectors.publication_schedule()
    days = selectors.publish_delay_days()
    form = PublicationScheduleForm(request.POST or None, initial={"delay_days": days})
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_schedule_set(actor=request.user, delay_days=form.cleaned_data["delay_days"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The publication schedule is saved; the public pages follow it from now on.")
            )
            return redirect("environment:publication_schedule")
    if current is None:
        state = _("No schedule has been set yet: the system default of %(days)s days applies.") % {
            "days": days
        }
    else:
        state = _("Set by %(who)s on %(when)s.") % {
            "who": current.updated_by.get_full_name() or current.updated_by.get_username(),
            "when": f"{timezone.localtime(current.updated_at):%d/%m/%Y %H:%M}",
        }
    return render(
        request,
        "environment/form.html",
        {
            "form": form,
            "title": _("Publication schedule of water results"),
            "submit": _("Save"),
            "help": _(
                "A lab result appears on the public clean-water pages this many days after it was entered. "
                "The change applies at once, to results already entered too."
            )
            + " "
            + state,
        },
        status=400 if form.errors else 200,
    )


def _operator_units():
    return AdministrativeUnit.objects.filter(
        level__in=(Level.PROVINCE, Level.COMMUNE), valid_to__isnull=True
    ).order_by("level", "name")


@login_required
def water_operators(request):
    """The water-supply operators (organisations whose accounts enter their points' results): list and add."""
    _require_coordinator(request)
    form = WaterOperatorForm(request.POST or None, units=_operator_units())
    if request.method == "POST" and form.is_valid():
        try:
            services.water_operator_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The water-supply operator is added."))
            return redirect("environment:water_operators")
    return render(
        request,
        "environment/water_operators.html",
        {"operators": selectors.water_operators(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def water_operator_edit(request, organisation_id: int):
    _require_coordinator(request)
    organisation = selectors.water_operator(organisation_id)
    form = WaterOperatorForm(
        request.POST or None,
        units=_operator_units(),
        editing=True,
        initial={
            "name": organisation.name,
            "short_name": organisation.short_name,
            "unit": organisation.unit_id,
            "is_active": organisation.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.water_operator_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The water-supply operator is saved."))
            return redirect("environment:water_operators")
    return render(
        request,
        "environment/form.html",
        {
            "form": form,
            "title": _("Edit water-supply operator %(name)s") % {"name": organisation.name},
            "submit": _("Save"),
        },
        status=400 if form.errors else 200,
    )


def public_list(request):
    points, latest = selectors.public_points()
    rows = [(point, latest.get(point.pk)) for point in points]
    return render(request, "environment/public_list.html", {"rows": rows})


def public_point(request, point_id: int):
    point = selectors.public_point(point_id)
    return render(
        request,
        "environment/public_point.html",
        {"point": point, "samples": selectors.samples_of(point, published_only=True)[:12]},
    )
