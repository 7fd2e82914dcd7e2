"""Pages of the dossier workflow: list, creation, the dossier page, and the POST endpoints of its forms.

Views stay thin: they parse a form, call one service or selector and redirect back to the dossier with the
service's answer (a refusal shows its reason and changes nothing). Out-of-scope dossiers answer 404; a role that
may not act answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.files import serve_file
from ntm.core.paging import paginate, querystring_without_page
from ntm.core.uploads import DOCX
from ntm.criteria.models import CriteriaSetVersion
from ntm.recognition import documents, selectors
from ntm.recognition import procedure as procedure_file
from ntm.recognition.exports import dossiers_workbook
from ntm.recognition.forms import (
    AnswerForm,
    CouncilMemberForm,
    DecisionForm,
    DocumentForm,
    DossierCreateForm,
    GenerateForm,
    PostingForm,
    TransitionForm,
    VoteForm,
)
from ntm.recognition.models import DocumentKind, PostingEntry, ReturnReason
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import effective_procedure, procedures_load
from ntm.recognition.snapshots import dossier_evaluation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_LABELS = {
    "submit": gettext_lazy("Submit the dossier"),
    "complete": gettext_lazy("Complete this step"),
    "approve": gettext_lazy("Approve (the council passed it)"),
    "reject": gettext_lazy("Reject"),
    "return": gettext_lazy("Return with reasons"),
    "decide": gettext_lazy("Record the decision in the register"),
    "announce": gettext_lazy("Announce"),
    "withdraw": gettext_lazy("Withdraw the dossier"),
}


def role_labels(roles) -> str:
    return ", ".join(str(Role(role).label) if role in Role.values else role for role in roles)


class Row:
    """A dossier on the list page with its current step and who it waits on."""

    def __init__(self, dossier, procedure: procedure_file.Procedure):
        self.dossier = dossier
        self.step = procedure.step(dossier.state) if procedure.has_step(dossier.state) else None
        self.waiting_on = role_labels(self.step.all_roles) if self.step and not self.step.terminal else ""
        self.overdue = bool(dossier.is_open and dossier.due_at and dossier.due_at < timezone.now())


def _rows(dossiers_page):
    procedures = {}
    rows = []
    for dossier in dossiers_page:
        if dossier.procedure_id not in procedures:
            procedures[dossier.procedure_id] = effective_procedure(dossier.procedure)
        rows.append(Row(dossier, procedures[dossier.procedure_id]))
    return rows


@login_required
def dossier_list(request):
    mine = request.GET.get("mine") == "1"
    if mine:
        records = selectors.dossiers_waiting_on(request.user)
        _all, dossier_filter = selectors.dossiers_for(request.user)
    else:
        records, dossier_filter = selectors.dossiers_for(request.user, request.GET)
    page = paginate(request, records)
    return render(
        request,
        "recognition/dossier_list.html",
        {
            "page": page,
            "rows": _rows(page.object_list),
            "filter": dossier_filter,
            "mine": mine,
            "querystring": querystring_without_page(request),
            "can_create": selectors.can_create_dossier(request.user),
            "is_coordinator": selectors.is_coordinator(request.user),
        },
    )


@login_required
def dossier_export(request):
    records, _filter = selectors.dossiers_for(request.user, request.GET)
    response = HttpResponse(dossiers_workbook(records[:20000]), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ho-so-xet-cong-nhan.xlsx"'
    return response


@login_required
def dossier_create(request):
    if not selectors.can_create_dossier(request.user):
        raise PermissionDenied(
            _("Only commune officers and the provincial coordination office open dossiers.")
        )
    procedures_load()  # the shipped procedure files are code: make sure their current versions are loaded
    form = DossierCreateForm(
        request.POST or None,
        units=selectors.creatable_units(request.user),
        procedures=selectors.procedures_for_new_dossiers("recognition"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = dossiers.dossier_create(
                unit=data["unit"],
                criteria_version=get_object_or_404(CriteriaSetVersion, pk=data["criteria_set"]),
                year=data["year"],
                procedure_version=selectors.procedure_version(int(data["procedure"])),
                note=data["note"],
                actor=request.user,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Dossier opened."))
            return redirect("recognition:dossier_detail", dossier_id=dossier.pk)
    return render(
        request,
        "recognition/dossier_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _labelled(events) -> list:
    for event in events:
        event.action_label = ACTION_LABELS.get(event.action, event.action)
    return events


@login_required
def dossier_detail(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    page = selectors.dossier_page(request.user, dossier)
    step, can_work = page["step"], page["can_work"]
    context = {
        **page,
        "actions": [
            {**action, "label": ACTION_LABELS.get(action["name"], action["name"])}
            for action in page["actions"]
        ],
        "events": _labelled(page["events"]),
        "waiting_on": role_labels(step.all_roles) if not step.terminal else "",
        "document_form": DocumentForm(choices=page["document_choices"]) if can_work else None,
        "posting_form": PostingForm() if page["may_post"] else None,
        "council_form": CouncilMemberForm(users=selectors.eligible_council_members(dossier))
        if page["may_appoint"]
        else None,
        "vote_form": VoteForm() if page["may_vote"] else None,
        "decision_form": DecisionForm(
            initial={
                "number": dossier.decision_number,
                "date": dossier.decision_date,
                "signer": dossier.decision_signer,
                "signer_position": dossier.decision_signer_position,
            }
        )
        if page["may_decide"]
        else None,
        "answer_form": AnswerForm() if can_work else None,
        "generate_kinds": [
            (kind, label)
            for kind, label in DocumentKind.choices
            if documents.can_generate(request.user, dossier, kind)
        ],
        "generate_form": GenerateForm(),
        "jobs": documents.generation_jobs(dossier),
    }
    return render(request, "recognition/dossier_detail.html", context)


def _require_step_worker(request, dossier):
    """403 before reading the form when the user's role does not work on the dossier's current step."""
    if not selectors.may_work_on_step(request.user, dossier, effective_procedure(dossier.procedure)):
        raise PermissionDenied(_("Your role does not act on the current step of this dossier."))


def _back(dossier_id: int, anchor: str = ""):
    response = redirect("recognition:dossier_detail", dossier_id=dossier_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _plan_of(user, dossier, action: str) -> dict | None:
    """What ``action`` will do on the dossier now (None when the current step does not offer it)."""
    procedure = effective_procedure(dossier.procedure)
    if procedure.step(dossier.state).target(action) is None:
        return None
    evaluation, _frozen = dossier_evaluation(dossier)
    return selectors.action_plan(dossier, procedure, action, evaluation)


def _refused(request, exc: ServiceError) -> None:
    messages.error(request, exc.message)


@login_required
@require_POST
def dossier_transition(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    if not selectors.may_act_on_dossier(request.user, dossier):
        raise PermissionDenied(_("Your role does not act on this dossier."))
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing changed."))
        return _back(dossier.pk)
    reasons = []
    for key, value in request.POST.items():
        if key.startswith("reason_") and value.strip():
            criterion = key.removeprefix("reason_")
            reasons.append(dossiers.Reason("" if criterion == "general" else criterion, value))
    plan = _plan_of(request.user, dossier, form.cleaned_data["action"])
    if plan is not None and plan["irreversible"] and request.POST.get("confirmed") != "1":
        # An irreversible step: show what will happen and ask again (a plain form: works without JavaScript).
        return render(
            request,
            "recognition/transition_confirm.html",
            {
                "dossier": dossier,
                "plan": {**plan, "label": ACTION_LABELS.get(plan["name"], plan["name"])},
                "posted": [
                    (key, value)
                    for key, value in request.POST.items()
                    if key not in ("csrfmiddlewaretoken", "confirmed", "override_reason")
                ],
                "override_reason": request.POST.get("override_reason", ""),
            },
        )
    try:
        dossiers.dossier_transition(
            dossier_id=dossier.pk,
            action=form.cleaned_data["action"],
            expected_state=form.cleaned_data["expected_state"],
            comment=form.cleaned_data["comment"],
            reasons=reasons,
            override_reason=request.POST.get("override_reason", ""),
            actor=request.user,
        )
    except ServiceError as exc:  # StateConflict included: the reason is shown, nothing changed
        _refused(request, exc)
    else:
        messages.success(request, _("Done: the dossier moved on."))
    return _back(dossier.pk)


@login_required
@require_POST
def document_add(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    _require_step_worker(request, dossier)
    procedure = effective_procedure(dossier.procedure)
    form = DocumentForm(
        request.POST, request.FILES, choices=selectors.document_choices(procedure, dossier.state)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a document and a file; nothing was added."))
        return _back(dossier.pk, "documents")
    data = form.cleaned_data
    try:
        dossiers.dossier_document_add(
            dossier=dossier,
            code=data["code"],
            upload=data["file"],
            author=data["author"],
            number=data["number"],
            note=data["note"],
            actor=request.user,
        )
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Document added."))
    return _back(dossier.pk, "documents")


@login_required
@require_POST
def document_withdraw(request, document_id: int):
    document = selectors.document_for_view(request.user, document_id)
    _require_step_worker(request, document.dossier)
    try:
        dossiers.dossier_document_withdraw(document=document, actor=request.user)
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Document withdrawn; it stays in the record."))
    return _back(document.dossier_id, "documents")


@login_required
def document_download(request, document_id: int):
    document = selectors.document_for_view(request.user, document_id)
    if request.GET.get("docx") == "1":
        if not document.docx:
            raise Http404
        name = document.original_name.rsplit(".", 1)[0] + ".docx"
        return serve_file(request, document.docx, content_type=DOCX, download_name=name)
    return serve_file(
        request, document.file, content_type=document.mime_type, download_name=document.original_name
    )


@login_required
def posting_proof(request, posting_id: int):
    posting = get_object_or_404(
        PostingEntry.objects.filter(dossier__in=selectors.dossier_scope(request.user)), pk=posting_id
    )
    return serve_file(
        request, posting.file, content_type=posting.mime_type, download_name=posting.original_name
    )


@login_required
@require_POST
def posting_add(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    _require_step_worker(request, dossier)
    form = PostingForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Give the date, the place and how it was posted; nothing was recorded."))
        return _back(dossier.pk, "postings")
    data = form.cleaned_data
    try:
        dossiers.posting_add(
            dossier=dossier,
            posted_on=data["posted_on"],
            place=data["place"],
            method=data["method"],
            proof=data["proof"],
            note=data["note"],
            actor=request.user,
        )
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Posting recorded."))
    return _back(dossier.pk, "postings")


@login_required
@require_POST
def return_answer(request, reason_id: int):
    reason = get_object_or_404(
        ReturnReason.objects.filter(dossier__in=selectors.dossier_scope(request.user)), pk=reason_id
    )
    _require_step_worker(request, reason.dossier)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer; nothing changed."))
        return _back(reason.dossier_id, "returns")
    try:
        dossiers.return_answer(reason=reason, answer=form.cleaned_data["answer"], actor=request.user)
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Answer recorded."))
    return _back(reason.dossier_id, "returns")


@login_required
@require_POST
def survey_attach(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    _require_step_worker(request, dossier)
    try:
        dossiers.survey_attach(dossier=dossier, actor=request.user)
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Survey result attached."))
    return _back(dossier.pk)


@login_required
@require_POST
def council_add(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    if not selectors.may_act(request.user, dossier.unit_id, [Role.PROVINCE_COORDINATOR]):
        raise PermissionDenied(_("Only the provincial coordination office sets up the council."))
    form = CouncilMemberForm(request.POST, users=selectors.eligible_council_members(dossier))
    if not form.is_valid():
        messages.error(request, _("Choose a council member; nothing changed."))
        return _back(dossier.pk, "council")
    try:
        dossiers.council_member_add(
            dossier=dossier,
            user=form.cleaned_data["user"],
            position=form.cleaned_data["position"],
            actor=request.user,
        )
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Council member appointed."))
    return _back(dossier.pk, "council")


@login_required
@require_POST
def council_vote(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    if selectors.council_membership(request.user, dossier) is None:
        raise PermissionDenied(_("Only members of this dossier's appraisal council vote."))
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree or disagree; nothing changed."))
        return _back(dossier.pk, "council")
    try:
        dossiers.council_vote_cast(
            dossier=dossier,
            agree=form.cleaned_data["agree"],
            remarks=form.cleaned_data["remarks"],
            actor=request.user,
        )
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Vote recorded."))
    return _back(dossier.pk, "council")


@login_required
@require_POST
def decision_details(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    _require_step_worker(request, dossier)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        messages.error(
            request,
            _("Give the decision number and a date as dd/mm/yyyy; nothing changed.")
            + " "
            + " ".join(problems),
        )
        return _back(dossier.pk, "decision")
    data = form.cleaned_data
    try:
        dossiers.decision_details_set(
            dossier=dossier,
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            signer_position=data["signer_position"],
            actor=request.user,
        )
    except ServiceError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Decision details recorded."))
    return _back(dossier.pk, "decision")


@login_required
@require_POST
def document_generate(request, dossier_id: int):
    dossier = selectors.dossier_for_view(request.user, dossier_id)
    if not any(documents.can_generate(request.user, dossier, kind) for kind in DocumentKind.values):
        raise PermissionDenied(_("Your role does not generate documents for this dossier."))
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document to generate."))
        return _back(dossier.pk, "generate")
    try:
        job = documents.document_generate_start(
            dossier=dossier,
            kind=form.cleaned_data["kind"],
            number=form.cleaned_data["number"],
            actor=request.user,
        )
    except ServiceError as exc:
        _refused(request, exc)
    else:
        job.refresh_from_db()
        if job.status == "failed":
            messages.error(request, _("Generation failed: %(reason)s") % {"reason": job.message})
        elif job.status == "succeeded":
            messages.success(request, _("Document generated."))
        else:
            messages.success(request, _("Generation started; the document appears here when it is ready."))
    return _back(dossier.pk, "documents")
