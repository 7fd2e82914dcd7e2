"""Signed-in OCOP pages: the work list, a product's registration, an evaluation and its steps, producers' account
requests, score sheets and the dashboard. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import ProvenanceStatus, Role
from ntm.core.documents import docx_to_pdf
from ntm.core.excel import ExcelImportError
from ntm.core.excel_writer import Sheet, workbook_bytes
from ntm.core.exceptions import ServiceError
from ntm.core.files import download, serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.permissions import CHANGE, OCOP, VIEW, require_area
from ntm.core.uploads import read_upload
from ntm.ocop import catalogue_import as importer
from ntm.ocop import cycle as cycle_file
from ntm.ocop import documents, selectors, sheetbook
from ntm.ocop.charts import bar_chart
from ntm.ocop.forms import (
    DecisionForm,
    DossierFileForm,
    ImportForm,
    InspectionForm,
    PhotoForm,
    PrecheckForm,
    ProductForm,
    RevokeForm,
    ScoreForm,
    TourismPointForm,
)
from ntm.ocop.models import (
    CERTIFICATE_MONTHS,
    REEVALUATION_WINDOW_DAYS,
    EvaluationState,
    ScoreSheet,
)
from ntm.ocop.scoring import missing_values
from ntm.ocop.services import certificates as certificate_services
from ntm.ocop.services import cycles as cycle_services
from ntm.ocop.services import evaluations as services
from ntm.ocop.services import files as file_services
from ntm.ocop.services import producers as producer_services
from ntm.ocop.services import sheets as sheet_services
from ntm.ocop.services import tourism as tourism_services
from ntm.units.models import AdministrativeUnit, Level

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _roles(user) -> dict[str, bool]:
    superuser = user.is_superuser
    return {
        "is_producer": user.has_role(Role.PRODUCER),
        "is_commune": superuser or user.has_role(Role.COMMUNE_OFFICER),
        "is_council": user.has_role(Role.OCOP_COUNCIL_MEMBER),
        "is_coordinator": superuser or user.has_role(Role.PROVINCE_COORDINATOR),
    }


@login_required
def work_list(request):
    require_area(request.user, OCOP, VIEW)
    evaluations = selectors.evaluations_visible(request.user)
    state = request.GET.get("state", "")
    if state in EvaluationState.values:
        evaluations = evaluations.filter(state=state)
    try:
        in_use = cycle_services.read_cycle(cycle_services.cycle_for_new(timezone.localdate()).text)
    except ServiceError:
        in_use = None
    return render(
        request,
        "ocop/work_list.html",
        {
            "cycle": in_use,
            "cycle_rows": cycle_rows(in_use) if in_use else [],
            "history_cycles": [(c, cycle_rows(c)) for c in cycle_services.history_cycles()],
            "page": paginate(request, evaluations),
            "states": EvaluationState.choices,
            "state": state,
            "querystring": querystring_without_page(request),
            "own_producers": selectors.own_producers(request.user),
            "pending": selectors.pending_producers(request.user).count(),
            **_roles(request.user),
        },
    )


@login_required
def product_create(request):
    producers = selectors.own_producers(request.user)
    if not producers.exists():
        raise PermissionDenied(_("Only an approved producer registers products."))
    form = ProductForm(request.POST or None, producers=producers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            evaluation = services.product_register(
                actor=request.user,
                producer=data.pop("producer"),
                category=data.pop("category"),
                data=data,
                year=data.pop("year"),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "The product and its dossier are saved. Submit the dossier to the commune when it is complete."
                ),
            )
            return redirect("ocop:evaluation", pk=evaluation.pk)
    return render(request, "ocop/product_form.html", {"form": form})


def cycle_rows(cycle: cycle_file.Cycle, current: str | None = None) -> list[dict]:
    """The steps of a cycle file for a page: who acts, the papers, the source, and (for an evaluation) whether
    the step is done, current or still ahead."""
    codes = [step.code for step in cycle.steps]
    at = codes.index(current) if current in codes else None
    rows = []
    for index, step in enumerate(cycle.steps):
        status = "" if at is None else ("done" if index < at else "current" if index == at else "ahead")
        rows.append(
            {
                "step": step,
                "status": status,
                "role": Role(step.role).label if step.role in Role.values else step.role,
                "close_role": Role(step.close_role).label if step.close_role in Role.values else "",
                "provenance": ProvenanceStatus(step.provenance).label,
            }
        )
    return rows


@login_required
def evaluation_detail(request, pk: int):
    evaluation = selectors.evaluation_for(request.user, pk)
    cycle = cycle_services.cycle_of(evaluation)
    current = cycle.current(evaluation.state, awaiting_central=services.awaiting_central(evaluation))
    next_step = cycle.after(current.code) if not current.terminal else None
    precheck_form = PrecheckForm()
    for check in cycle_file.CHECKS:
        if check not in current.checks:
            precheck_form.fields.pop(check, None)
    parsed = evaluation.sheet.parsed().sheet
    roles = _roles(request.user)
    own_score = evaluation.scores.filter(member=request.user).first()
    closed = evaluation.state not in (
        EvaluationState.DRAFT,
        EvaluationState.SUBMITTED,
        EvaluationState.RETURNED,
        EvaluationState.SCORING,
    )
    return render(
        request,
        "ocop/evaluation.html",
        {
            "evaluation": evaluation,
            "product": evaluation.product,
            "sheet": parsed,
            "missing": missing_values(parsed),
            "score_count": evaluation.scores.count(),
            "scores": evaluation.scores.select_related("member")
            if closed and not roles["is_producer"]
            else [],
            "own_score": own_score,
            "certificates": evaluation.product.certificates.select_related("decision"),
            "decisions": evaluation.decisions.all(),
            "history": selectors.product_history(evaluation).exclude(pk=evaluation.pk),
            "owns": selectors.owns(request.user, evaluation.product.producer),
            "precheck_form": precheck_form,
            "cycle": cycle,
            "cycle_rows": cycle_rows(cycle, current.code),
            "current_step": current,
            "next_step": next_step,
            "dossier_problems": services.dossier_problems(evaluation, current)
            if current.code == cycle_file.DOSSIER
            else [],
            "file_form": DossierFileForm(),
            "photo_form": PhotoForm(),
            "files": evaluation.files.all(),
            "photos": evaluation.product.photos.all(),
            "may_add_photo": roles["is_coordinator"]
            or selectors.owns(request.user, evaluation.product.producer),
            "decision_form": DecisionForm(initial={"signed_on": timezone.localdate()}),
            "revoke_form": RevokeForm(initial={"revoked_on": timezone.localdate()}),
            "S": {state.name: state.value for state in EvaluationState},
            **roles,
        },
    )


def _run(request, pk: int, action, success: str):
    evaluation = selectors.evaluation_for(request.user, pk)
    try:
        action(evaluation)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("ocop:evaluation", pk=evaluation.pk)


@login_required
@require_POST
def dossier_file_add(request, pk: int):
    evaluation = selectors.evaluation_for(request.user, pk)
    form = DossierFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of paper and a file."))
        return redirect("ocop:evaluation", pk=evaluation.pk)
    return _run(
        request,
        pk,
        lambda e: file_services.dossier_file_add(
            actor=request.user, evaluation=e, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        ),
        _("The file was added to the dossier."),
    )


@login_required
def dossier_file(request, pk: int):
    row = selectors.dossier_file_for(request.user, pk)
    return serve_file(
        request, row.file, content_type=row.mime_type, download_name=row.original_name, attachment=True
    )


@login_required
@require_POST
def product_photo_add(request, pk: int):
    evaluation = selectors.evaluation_for(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo."))
        return redirect("ocop:evaluation", pk=evaluation.pk)
    return _run(
        request,
        pk,
        lambda e: file_services.product_photo_add(
            actor=request.user, product=e.product, upload=form.cleaned_data["photo"]
        ),
        _("The photo was added."),
    )


@login_required
@require_POST
def evaluation_submit(request, pk: int):
    return _run(
        request,
        pk,
        lambda e: services.evaluation_submit(actor=request.user, evaluation=e),
        _("The dossier was sent to the commune."),
    )


@login_required
@require_POST
def evaluation_precheck(request, pk: int):
    form = PrecheckForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    data = form.cleaned_data
    return _run(
        request,
        pk,
        lambda e: services.evaluation_precheck(
            actor=request.user,
            evaluation=e,
            raw_material_origin=data.get("raw_material_origin", False),
            idea_origin=data.get("idea_origin", False),
            local_labour=data.get("local_labour", False),
            note=data.get("note", ""),
            accept=accept,
        ),
        _("The pre-check is recorded."),
    )


@login_required
def evaluation_score(request, pk: int):
    evaluation = selectors.evaluation_to_score(request.user, pk)
    parsed = evaluation.sheet.parsed().sheet
    missing = missing_values(parsed)
    own = evaluation.scores.filter(member=request.user).first()
    form = ScoreForm(request.POST or None, sheet=parsed, initial_choices=own.choices if own else None)
    if request.method == "POST" and not missing and form.is_valid():
        try:
            score = services.score_submit(actor=request.user, evaluation=evaluation, choices=form.choices())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your score is saved: %(total)s points.") % {"total": score.total})
            return redirect("ocop:evaluation", pk=evaluation.pk)
    return render(
        request,
        "ocop/score.html",
        {"evaluation": evaluation, "sheet": parsed, "missing": missing, "form": form},
    )


@login_required
@require_POST
def evaluation_close(request, pk: int):
    return _run(
        request,
        pk,
        lambda e: services.scoring_close(actor=request.user, evaluation=e),
        _("The council's scoring is closed."),
    )


@login_required
@require_POST
def evaluation_decide(request, pk: int):
    selectors.evaluation_for(request.user, pk)  # an id outside the user's reach is a 404 before anything else
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the decision: number and signing date are needed."))
        return redirect("ocop:evaluation", pk=pk)
    data = form.cleaned_data
    return _run(
        request,
        pk,
        lambda e: services.decision_record(
            actor=request.user,
            evaluation=e,
            number=data["number"],
            signed_on=data["signed_on"],
            signer=data["signer"],
            certificate_number=data["certificate_number"],
            level=data["level"],
        ),
        _("The decision is recorded."),
    )


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    certificate = get_object_or_404(selectors.certificates_visible(request.user), pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason and a date."))
    else:
        try:
            certificate_services.certificate_revoke(
                actor=request.user,
                certificate=certificate,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["revoked_on"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The certificate is revoked."))
    evaluation = certificate.decision.evaluation
    return redirect("ocop:evaluation", pk=evaluation.pk) if evaluation else redirect("ocop:dashboard")


@login_required
def reevaluations(request):
    require_area(request.user, OCOP, VIEW)
    today = timezone.localdate()
    due = selectors.reevaluation_due(request.user, today)
    roles = _roles(request.user)
    return render(
        request,
        "ocop/reevaluations.html",
        {
            "page": paginate(request, due),
            "querystring": querystring_without_page(request),
            "today": today,
            "window": REEVALUATION_WINDOW_DAYS,
            "months": CERTIFICATE_MONTHS,
            "validity_source": documents.VALIDITY_SOURCE,
            "validity_provenance": documents.VALIDITY_PROVENANCE,
            "may_open": roles["is_coordinator"] or roles["is_producer"],
            **roles,
        },
    )


@login_required
@require_POST
def reevaluation_open(request, pk: int):
    certificate = get_object_or_404(selectors.certificates_visible(request.user), pk=pk)
    today = timezone.localdate()
    try:
        evaluation = services.reevaluation_register(
            actor=request.user, certificate=certificate, year=today.year, today=today
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("ocop:reevaluations")
    messages.success(
        request, _("The re-evaluation dossier is open; the earlier evaluations and certificates are kept.")
    )
    return redirect("ocop:evaluation", pk=evaluation.pk)


@login_required
def producers(request):
    require_area(request.user, OCOP, VIEW)
    rows = selectors.producers_visible(request.user)
    return render(
        request,
        "ocop/producers.html",
        {
            "page": paginate(request, rows),
            "querystring": querystring_without_page(request),
            **_roles(request.user),
        },
    )


@login_required
@require_POST
def producer_decide(request, pk: int):
    producer = selectors.producer_for(request.user, pk)
    try:
        if request.POST.get("decision") == "approve":
            producer_services.producer_approve(actor=request.user, producer=producer)
            messages.success(request, _("The producer's account is approved."))
        else:
            producer_services.producer_refuse(
                actor=request.user, producer=producer, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The request is refused."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("ocop:producers")


@login_required
def sheets(request):
    require_area(request.user, OCOP, VIEW)
    rows = [(sheet, sheet.parsed().sheet) for sheet in ScoreSheet.objects.filter(is_active=True)]
    used = set(ScoreSheet.objects.filter(evaluations__isnull=False).values_list("pk", flat=True).distinct())
    return render(
        request,
        "ocop/sheets.html",
        {
            "rows": [(s, p, missing_values(p), s.pk in used) for s, p in rows],
            "may_edit": _may_edit_sheets(request.user),
        },
    )


def _may_edit_sheets(user) -> bool:
    return (
        user.is_superuser
        or AdministrativeUnit.objects.restrict(
            user, CHANGE, area=OCOP, roles={Role.PROVINCE_COORDINATOR}
        ).exists()
    )


@login_required
def sheet_export(request, pk: int):
    if not _may_edit_sheets(request.user):
        raise PermissionDenied(_("Only the province coordinator edits score sheets."))
    sheet = get_object_or_404(ScoreSheet, pk=pk)
    return download(sheetbook.export_workbook(sheet.text), f"phieu-cham-ocop-{sheet.pk}.xlsx")


@login_required
def sheet_import(request, pk: int):
    if not _may_edit_sheets(request.user):
        raise PermissionDenied(_("Only the province coordinator edits score sheets."))
    base = get_object_or_404(ScoreSheet, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            sheet = sheet_services.sheet_import(
                actor=request.user, base=base, data=read_upload(form.cleaned_data["file"])
            )
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:
            errors = [exc.message]
        else:
            messages.success(
                request,
                _("Version %(version)s of the score sheet is loaded; new registrations are scored on it.")
                % {"version": sheet.version},
            )
            return redirect("ocop:sheets")
    status = 400 if errors or form.errors else 200
    return render(
        request, "ocop/sheet_import.html", {"form": form, "errors": errors, "sheet": base}, status=status
    )


@login_required
def dashboard(request):
    require_area(request.user, OCOP, VIEW)
    data = selectors.dashboard(request.user, timezone.localdate())
    charts = {
        "star": bar_chart([(f"{star}★", n) for star, n in data["by_star"]]),
        "group": bar_chart(data["by_group"]),
        "unit": bar_chart([(row["product__producer__unit__name"], row["n"]) for row in data["by_unit"]]),
    }
    return render(request, "ocop/dashboard.html", {"data": data, "charts": charts})


@login_required
def dashboard_export(request):
    require_area(request.user, OCOP, VIEW)
    today = timezone.localdate()
    certificates = selectors.certificates_visible(request.user)
    header = [
        _("Certificate number"),
        _("Product"),
        _("Producer"),
        _("Commune"),
        _("Group"),
        _("Star"),
        _("Decision"),
        _("Issued on"),
        _("Expires on"),
        _("In force"),
    ]
    rows = [
        (
            c.number,
            c.product.name,
            c.product.producer.name,
            c.product.producer.unit.name,
            c.product.category.group.name,
            c.star,
            c.decision.number,
            c.issued_on,
            c.expires_on,
            _("yes") if c.in_force(today) else _("no"),
        )
        for c in certificates
    ]
    content = workbook_bytes([Sheet(title=_("OCOP certificates"), header=header, rows=rows, freeze="A2")])
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ocop-chung-nhan.xlsx"'
    return response


def _import_units(user):
    units = AdministrativeUnit.objects.restrict(user, CHANGE, area=OCOP, roles={Role.PROVINCE_COORDINATOR})
    return units.filter(level=Level.COMMUNE)


def _require_coordinator(user) -> None:
    if (
        not user.is_superuser
        and not AdministrativeUnit.objects.restrict(
            user, CHANGE, area=OCOP, roles={Role.PROVINCE_COORDINATOR}
        ).exists()
    ):
        raise PermissionDenied(_("Only the province coordinator imports the OCOP catalogue."))


@login_required
def catalogue_import(request):
    _require_coordinator(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
            count = importer.catalogue_import(
                data=data, units=_import_units(request.user), actor=request.user
            )
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:
            errors = [exc.message]
        else:
            messages.success(request, _("%(n)s certified products imported.") % {"n": count})
            return redirect("ocop:dashboard")
    status = 400 if errors or form.errors else 200
    return render(request, "ocop/import.html", {"form": form, "errors": errors}, status=status)


@login_required
def catalogue_template(request):
    _require_coordinator(request.user)
    response = HttpResponse(importer.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ocop.xlsx"'
    return response


@login_required
def certificate_document(request, pk: int, kind: str):
    if kind not in ("docx", "pdf"):
        raise Http404
    certificate = get_object_or_404(selectors.certificates_visible(request.user), pk=pk)
    if kind == "pdf":
        try:
            content, content_type = documents.certificate_pdf(certificate), "application/pdf"
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("ocop:dashboard")
    else:
        content, content_type = documents.certificate_docx(certificate), DOCX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-ocop-{certificate.pk}.{kind}"'
    return response


def _word_or_pdf(request, docx: bytes, kind: str, name: str, back):
    if kind == "pdf":
        try:
            content, content_type = docx_to_pdf(docx), "application/pdf"
        except ServiceError as exc:
            messages.error(request, exc.message)
            return back
    else:
        content, content_type = docx, DOCX
    return download(content, f"{name}.{kind}", content_type)


@login_required
def minutes_document(request, pk: int, kind: str):
    """The council's minutes: staff who see the evaluation (members' scores are not the producer's to read)."""
    if kind not in ("docx", "pdf"):
        raise Http404
    evaluation = selectors.evaluation_minutes_for(request.user, pk)
    if evaluation.average is None:
        raise Http404
    return _word_or_pdf(
        request,
        documents.minutes_docx(evaluation),
        kind,
        f"bien-ban-hoi-dong-ocop-{evaluation.pk}",
        redirect("ocop:evaluation", pk=evaluation.pk),
    )


@login_required
def decision_document(request, pk: int, kind: str):
    if kind not in ("docx", "pdf"):
        raise Http404
    decision = selectors.decision_for(request.user, pk)
    return _word_or_pdf(
        request,
        documents.decision_docx(decision),
        kind,
        f"quyet-dinh-ocop-{decision.pk}",
        redirect("ocop:dashboard"),
    )


@login_required
def tourism_points(request):
    require_area(request.user, OCOP, VIEW)
    producers = selectors.producers_visible(request.user).filter(status="approved")
    form = TourismPointForm(request.POST or None, producers=producers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            point = tourism_services.tourism_point_create(
                actor=request.user, producer=data.pop("producer"), data=data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The tourism point is recorded."))
            return redirect("ocop:tourism_point", pk=point.pk)
    points = selectors.tourism_points_visible(request.user)
    return render(
        request,
        "ocop/tourism_points.html",
        {"page": paginate(request, points), "querystring": querystring_without_page(request), "form": form},
    )


@login_required
def tourism_point(request, pk: int):
    point = get_object_or_404(selectors.tourism_points_visible(request.user), pk=pk)
    roles_of = _roles(request.user)
    form = InspectionForm(request.POST or None, initial={"inspected_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            tourism_services.site_inspection_record(
                actor=request.user,
                point=point,
                inspected_on=form.cleaned_data["inspected_on"],
                findings=form.cleaned_data["findings"],
                passed=form.cleaned_data["passed"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("ocop:tourism_point", pk=point.pk)
    return render(
        request,
        "ocop/tourism_point.html",
        {
            "point": point,
            "photos": point.photos.all(),
            "photo_form": PhotoForm(),
            "may_add_photo": selectors.owns(request.user, point.producer)
            or roles_of["is_coordinator"]
            or roles_of["is_commune"],
            "inspections": point.inspections.select_related("inspector"),
            "form": form,
            **roles_of,
        },
    )


@login_required
@require_POST
def tourism_point_photo_add(request, pk: int):
    point = get_object_or_404(selectors.tourism_points_visible(request.user), pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo."))
    else:
        try:
            file_services.tourism_point_photo_add(
                actor=request.user, point=point, upload=form.cleaned_data["photo"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The photo was added."))
    return redirect("ocop:tourism_point", pk=point.pk)
