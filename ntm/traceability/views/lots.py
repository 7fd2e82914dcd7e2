"""Pages of lots: recording a harvest lot from a coded area, the lot with its events (add one, correct one),
labels (a background job), and the exports (EPCIS 2.0 JSON-LD; the ten TT 02/2024 fields as CSV or JSON)."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import Role
from ntm.core.csvfile import csv_text
from ntm.core.exceptions import ServiceError
from ntm.jobs.services import job_start
from ntm.traceability import exports, selectors
from ntm.traceability.forms import (
    CorrectionForm,
    EventForm,
    HarvestForm,
    LabelForm,
    LotImageForm,
    MultiProcessForm,
    ProcessForm,
)
from ntm.traceability.labels import trace_url
from ntm.traceability.services import lots as services
from ntm.traceability.tasks import generate_labels


@login_required
@require_POST
def lot_create(request, pk: int):
    area = selectors.area_for_view(request.user, pk)
    if not (selectors.owns(request.user, area) or request.user.is_superuser):
        raise Http404
    form = HarvestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the lot: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("traceability:area", pk=pk)
    try:
        lot = services.lot_harvest(actor=request.user, area=area, data=form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("traceability:area", pk=pk)
    messages.success(request, _("The lot %(code)s was recorded with its harvest.") % {"code": lot.code})
    return redirect("traceability:lot", pk=lot.pk)


@login_required
def lot_detail(request, pk: int):
    lot = selectors.lot_for_view(request.user, pk)
    owns = selectors.owns(request.user, lot) or request.user.is_superuser
    base_url = request.build_absolute_uri("/")
    return render(
        request,
        "traceability/lot_detail.html",
        {
            "lot": lot,
            "events": selectors.events_of(lot),
            "owns": owns,
            "event_form": EventForm(),
            "label_form": LabelForm(),
            "image_form": LotImageForm(),
            "correction_form": CorrectionForm(),
            "process_form": ProcessForm(initial={"standard": lot.standard}),
            "qr_url": trace_url(lot, base_url),
            "inputs": lot.inputs.all(),
            "outputs": lot.outputs.all(),
        },
    )


@login_required
@require_POST
def event_add(request, pk: int):
    lot = selectors.lot_for_change(request.user, pk)
    form = EventForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the event: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("traceability:lot", pk=pk)
    data = dict(form.cleaned_data)
    stage = data.pop("stage")
    try:
        services.event_record(actor=request.user, lot=lot, stage=stage, data=data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The event was recorded."))
    return redirect("traceability:lot", pk=pk)


@login_required
@require_POST
def lot_process(request, pk: int):
    """A processed lot made from this one (sơ chế, chế biến): one step back from the new lot is this lot."""
    source = selectors.lot_for_change(request.user, pk)
    form = ProcessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the lot: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("traceability:lot", pk=pk)
    try:
        made = services.lot_process(actor=request.user, inputs=[source], data=form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("traceability:lot", pk=pk)
    messages.success(request, _("The processed lot %(code)s was recorded.") % {"code": made.code})
    return redirect("traceability:lot", pk=made.pk)


@login_required
def lots_process(request):
    """The page for a processed lot made from several of the producer's lots (``?lot=<id>`` ticks one at the
    start); only a producer's account, on its own lots."""
    if not (request.user.is_superuser or request.user.has_role(Role.PRODUCER)):
        raise PermissionDenied(_("Only a producer's account records processed lots."))
    lots = list(selectors.owned_lots(request.user))
    initial = {"made_at": timezone.localtime().replace(second=0, microsecond=0)}
    wanted = request.GET.get("lot", "")
    if wanted.isdigit() and any(lot.pk == int(wanted) for lot in lots):
        initial["inputs"] = [int(wanted)]
    form = MultiProcessForm(request.POST or None, lots=lots, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        inputs = list(data.pop("inputs"))
        try:
            made = services.lot_process(actor=request.user, inputs=inputs, data=data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The processed lot %(code)s was recorded.") % {"code": made.code})
            return redirect("traceability:lot", pk=made.pk)
    return render(request, "traceability/lots_process.html", {"form": form, "has_lots": bool(lots)})


@login_required
@require_POST
def event_correct(request, pk: int, event_id):
    lot = selectors.lot_for_change(request.user, pk)
    try:
        event_uuid = uuid.UUID(event_id)
    except ValueError as error:
        raise Http404 from error
    event = get_object_or_404(lot.events, pk=event_uuid)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the correction: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("traceability:lot", pk=pk)
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    try:
        services.event_correct(actor=request.user, event=event, data=data, reason=reason)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The correction was recorded; the original event is kept."))
    return redirect("traceability:lot", pk=pk)


@login_required
@require_POST
def lot_image(request, pk: int):
    """The owner uploads the product image its trace page shows."""
    lot = selectors.lot_for_change(request.user, pk)
    form = LotImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a JPEG or PNG image."))
        return redirect("traceability:lot", pk=pk)
    try:
        services.lot_image_set(actor=request.user, lot=lot, upload=form.cleaned_data["image"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The product image was saved; the trace page shows it."))
    return redirect("traceability:lot", pk=pk)


@login_required
@require_POST
def labels(request, pk: int):
    lot = selectors.lot_for_change(request.user, pk)
    form = LabelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the layout and a number of labels between 1 and 480."))
        return redirect("traceability:lot", pk=pk)
    job = job_start(
        owner=request.user,
        kind="traceability.labels",
        label=_("QR labels: %(lot)s") % {"lot": lot.code},
        task=generate_labels,
        params={
            "lot_id": lot.pk,
            "layout": form.cleaned_data["layout"],
            "copies": form.cleaned_data["copies"],
            "base_url": request.build_absolute_uri("/"),
        },
        unit=None,
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def lot_epcis(request, pk: int):
    lot = selectors.lot_for_view(request.user, pk)
    document = exports.epcis_for_lot(lot, request.build_absolute_uri("/"))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json"
    response["Content-Disposition"] = f'attachment; filename="epcis-{lot.code}.jsonld"'
    return response


@login_required
def lot_fields(request, pk: int, fmt: str):
    if fmt not in {"csv", "json"}:
        raise Http404
    lot = selectors.lot_for_view(request.user, pk)
    fields = exports.ten_fields(lot, request.build_absolute_uri("/"))
    if fmt == "json":
        body = json.dumps({f["key"]: f["value"] for f in fields}, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json")
    else:
        values = [
            "; ".join(f"{s['stage']} {s['time']} {s['place']} {s['place_code']}".strip() for s in f["value"])
            if f["key"] == "stages"
            else f["value"]
            for f in fields
        ]
        body = csv_text([[f["label"] for f in fields], values])
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="truy-xuat-{lot.code}.{fmt}"'
    return response
