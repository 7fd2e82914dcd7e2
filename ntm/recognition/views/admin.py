"""Pages around the workflow: procedure versions and their configuration, Word templates and revocation
suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import ProvenanceStatus
from ntm.core.exceptions import ServiceError
from ntm.core.params import year_param
from ntm.core.permissions import RECOGNITION, VIEW, require_area
from ntm.criteria.models import CriteriaSetVersion
from ntm.recognition import documents, selectors
from ntm.recognition.forms import RevocationForm, StepSettingForm, TemplateForm
from ntm.recognition.models import DocumentKind, TemplateOverride
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import (
    effective_procedure,
    parse_documents,
    procedure_step_configure,
    procedures_load,
)
from ntm.recognition.views.dossiers import ACTION_LABELS, role_labels


def provenance_label(status: str) -> str:
    return str(ProvenanceStatus(status).label) if status in ProvenanceStatus.values else status


def _require_coordinator(request) -> None:
    if not selectors.is_coordinator(request.user):
        raise PermissionDenied(_("Only the provincial NTM Coordination Office does this."))


@login_required
def procedure_list(request):
    procedures_load()
    return render(request, "recognition/procedure_list.html", {"versions": selectors.procedure_versions()})


def _step_row(procedure, step, setting, editable: bool) -> dict:
    return {
        "step": step,
        "setting": setting,
        "form": StepSettingForm(prefix=step.code, initial=StepSettingForm.initial_from(setting))
        if editable
        else None,
        "roles": role_labels(step.all_roles),
        "actions": [
            (ACTION_LABELS.get(name, name), procedure.step(target).name) for name, target in step.actions
        ],
        "provenances": {doc.code: provenance_label(doc.provenance) for doc in step.required_documents},
    }


@login_required
def procedure_detail(request, version_id: int):
    version = selectors.procedure_version(version_id)
    procedure = effective_procedure(version)
    settings_by_step = selectors.step_settings_of(version)
    is_coordinator = selectors.is_coordinator(request.user)
    rows = [
        _step_row(procedure, step, settings_by_step.get(step.code), is_coordinator and not step.terminal)
        for step in procedure.steps
    ]
    return render(
        request,
        "recognition/procedure_detail.html",
        {
            "version": version,
            "procedure": procedure,
            "provenance": provenance_label(procedure.provenance),
            "rows": rows,
            "is_coordinator": is_coordinator,
        },
    )


@login_required
@require_POST
def procedure_step_settings(request, version_id: int, step_code: str):
    _require_coordinator(request)
    version = selectors.procedure_version(version_id)
    form = StepSettingForm(request.POST, prefix=step_code)
    if not form.is_valid():
        messages.error(request, _("Check the values: days 1-365, threshold 0-100; nothing changed."))
        return redirect("recognition:procedure_detail", version_id=version.pk)
    data = form.cleaned_data
    try:
        documents_list = parse_documents(data["documents"]) if data["documents"].strip() else None
        procedure_step_configure(
            version=version,
            step_code=step_code,
            time_limit_days=data["time_limit_days"],
            no_time_limit=data["no_time_limit"],
            documents=documents_list,
            council_threshold=data["council_threshold"],
            council_quorum=data["council_quorum"],
            source=data["source"],
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Step configuration saved."))
    return redirect("recognition:procedure_detail", version_id=version.pk)


@login_required
def template_list(request):
    _require_coordinator(request)
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.template_override_upload(
                kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], actor=request.user
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Template replaced; new documents use it."))
            return redirect("recognition:templates")
    in_use = selectors.templates_in_use()
    kinds = [
        {"kind": kind, "label": label, "override": in_use.get(kind)} for kind, label in DocumentKind.choices
    ]
    return render(
        request,
        "recognition/templates.html",
        {
            "kinds": kinds,
            "form": form,
            "history": TemplateOverride.objects.select_related("uploaded_by")[:50],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def template_download(request, kind: str):
    _require_coordinator(request)
    if kind not in DocumentKind.values:
        raise Http404
    path = documents.shipped_template(kind)
    return FileResponse(path.open("rb"), filename=path.name)


@login_required
@require_POST
def template_deactivate(request, override_id: int):
    _require_coordinator(request)
    override = get_object_or_404(TemplateOverride, pk=override_id)
    documents.template_override_deactivate(override=override, actor=request.user)
    messages.success(request, _("Replacement template withdrawn; the shipped template is used again."))
    return redirect("recognition:templates")


@login_required
def revocation_list(request):
    """Every role of the recognition area reads the suggestions in its scope; only the coordinator opens one."""
    require_area(request.user, RECOGNITION, VIEW)
    this_year = timezone.localdate().year
    year = year_param(request, this_year, low=2021, high=this_year, clamp=True)
    procedures_load()
    return render(
        request,
        "recognition/revocations.html",
        {
            "year": year,
            "candidates": selectors.revocation_candidates(request.user, year),
            "procedures": selectors.procedures_for_new_dossiers("revocation"),
            "may_open": selectors.is_coordinator(request.user),
        },
    )


@login_required
@require_POST
def revocation_create(request):
    _require_coordinator(request)
    form = RevocationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing changed."))
        return redirect("recognition:revocations")
    data = form.cleaned_data
    unit = get_object_or_404(selectors.creatable_units(request.user), pk=data["unit"])
    try:
        dossier = dossiers.dossier_create(
            unit=unit,
            criteria_version=get_object_or_404(CriteriaSetVersion, pk=data["criteria_set"]),
            year=data["year"],
            procedure_version=selectors.procedure_version(data["procedure"]),
            actor=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("recognition:revocations")
    messages.success(request, _("Revocation dossier opened."))
    return redirect("recognition:dossier_detail", dossier_id=dossier.pk)
