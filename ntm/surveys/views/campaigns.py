"""Officer pages of the survey app: thin views over selectors (reads, scoped) and services (writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.core.choices import ProvenanceStatus
from ntm.core.excel import ExcelImportError
from ntm.core.exceptions import ServiceError
from ntm.core.files import download
from ntm.core.paging import is_htmx_partial, paginate, querystring_without_page
from ntm.core.uploads import DOCX, XLSX, read_upload
from ntm.jobs.services import job_start
from ntm.surveys import household_import, reports, selectors, thresholds
from ntm.surveys.forms import CampaignForm, HouseholdImportForm, PaperEntryForm, SlipsForm
from ntm.surveys.models import CampaignStatus, Purpose
from ntm.surveys.services import answers as answer_services
from ntm.surveys.services import campaigns as campaign_services
from ntm.surveys.services import households as household_services
from ntm.surveys.tasks import generate_slips


@login_required
def campaign_list(request):
    campaigns, campaign_filter = selectors.campaigns_for(request.user, request.GET)
    context = {
        "page": paginate(request, campaigns),
        "filter": campaign_filter,
        "querystring": querystring_without_page(request),
        "can_manage": selectors.can_manage_surveys(request.user),
    }
    template = "surveys/_campaign_table.html" if is_htmx_partial(request) else "surveys/campaign_list.html"
    return render(request, template, context)


def _threshold_defaults() -> list[tuple]:
    names = {
        "overall": _("Overall satisfaction"),
        "content": _("Each content"),
        "coverage": _("Coverage target"),
    }
    kinds = (
        (Purpose.RECOGNITION, "commune", Purpose.RECOGNITION.label),
        (
            Purpose.RECOGNITION,
            "district",
            _("%(purpose)s, district-level unit") % {"purpose": Purpose.RECOGNITION.label},
        ),
        (Purpose.SERVICE, "commune", Purpose.SERVICE.label),
    )
    return [
        (label, names[name], default.value, ProvenanceStatus(default.provenance).label, default.source)
        for purpose, level, label in kinds
        for name, default in thresholds.defaults_for(purpose, level).items()
    ]


@login_required
def campaign_create(request):
    if not selectors.can_manage_surveys(request.user):
        raise PermissionDenied(_("Only Fatherland Front officers organise satisfaction surveys."))
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.campaign_create(actor=request.user, data=form.campaign_data())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The campaign was created. Import the household list next."))
            return redirect("surveys:detail", pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "defaults": _threshold_defaults()}
    return render(request, "surveys/campaign_form.html", context, status=status)


@login_required
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    if campaign.status != CampaignStatus.DRAFT:
        messages.error(request, _("Only a campaign that is not open yet can be edited."))
        return redirect("surveys:detail", pk=pk)
    form = CampaignForm(request.POST or None, user=request.user, initial=CampaignForm.initial_from(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.campaign_update(campaign=campaign, data=form.campaign_data())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect("surveys:detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "campaign": campaign, "defaults": _threshold_defaults()}
    return render(request, "surveys/campaign_form.html", context, status=status)


def _detail_context(request, campaign, **extra) -> dict:
    user = request.user
    can_change = selectors.can_change_campaign(user, campaign)
    return {
        "campaign": campaign,
        "results": selectors.results_of(campaign),
        "officers": campaign.officers.order_by("full_name"),
        "can_change": can_change,
        "can_enter_paper": can_change and selectors.can_enter_paper(user, campaign),
        "can_read_households": selectors.can_read_households(user, campaign),
        "import_form": HouseholdImportForm(),
        "slips_form": SlipsForm(campaign=campaign),
        "drafts": selectors.paper_drafts_of(campaign).count(),
        **extra,
    }


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    return render(request, "surveys/campaign_detail.html", _detail_context(request, campaign))


@login_required
@require_POST
def campaign_open(request, pk: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    if request.POST.get("confirm") == "ask":  # the page's button: show what will happen first (no JavaScript)
        hamlets = selectors.households_per_hamlet(campaign)
        context = {
            "campaign": campaign,
            "today": timezone.localdate(),
            "hamlets": hamlets,
            "households": sum(count for _name, count in hamlets),
        }
        return render(request, "surveys/open_confirm.html", context)
    try:
        campaign_services.campaign_open(campaign=campaign)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The campaign is open: households can answer now."))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def campaign_close(request, pk: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    if request.POST.get("confirm") == "ask":  # the page's button: show what will happen first (no JavaScript)
        return render(
            request, "surveys/close_confirm.html", {"campaign": campaign, "today": timezone.localdate()}
        )
    try:
        campaign_services.campaign_close(campaign=campaign)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The campaign is closed and its results are frozen."))
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def households_import(request, pk: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    form = HouseholdImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            counts = household_services.households_import(
                campaign=campaign, data=read_upload(form.cleaned_data["file"])
            )
        except ExcelImportError as exc:
            errors = exc.lines
        except ServiceError as exc:
            errors = [exc.message]
        else:
            messages.success(
                request,
                _("Household list imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
                % counts,
            )
            return redirect("surveys:detail", pk=pk)
    context = _detail_context(request, campaign, import_form=form, import_errors=errors)
    return render(request, "surveys/campaign_detail.html", context, status=400)


@login_required
def household_template(request):
    if not selectors.can_manage_surveys(request.user):
        raise PermissionDenied(_("Only Fatherland Front officers organise satisfaction surveys."))
    names: list[str] = []
    if (request.GET.get("campaign") or "").isdigit():
        campaign = selectors.campaign_for(request.user, int(request.GET["campaign"]))
        names = selectors.hamlet_names(campaign)
    return download(household_import.template_workbook(names), "mau-danh-sach-ho.xlsx", XLSX)


@login_required
def households(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    queryset, household_filter = selectors.households_for(request.user, campaign, request.GET)
    context = {
        "campaign": campaign,
        "page": paginate(request, queryset),
        "filter": household_filter,
        "querystring": querystring_without_page(request),
        "can_change": selectors.can_change_campaign(request.user, campaign),
    }
    template = "surveys/_household_table.html" if is_htmx_partial(request) else "surveys/households.html"
    return render(request, template, context)


@login_required
def households_export(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    queryset, _filter = selectors.households_for(request.user, campaign, request.GET)
    filename = f"danh-sach-ho-{slugify(campaign.unit.short_name or campaign.unit.name)}.xlsx"
    return download(reports.households_workbook(campaign, queryset), filename, XLSX)


@login_required
@require_POST
def household_reissue(request, pk: int, household_id: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    household = selectors.household_for_change(request.user, campaign, household_id)
    try:
        household_services.household_token_reissue(household=household)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "A new code was issued to household %(code)s; its old slip no longer works. Print its new slip."
            )
            % {"code": household.code},
        )
    return redirect("surveys:households", pk=pk)


@login_required
@require_POST
def households_purge(request, pk: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    try:
        deleted = household_services.households_purge(campaign=campaign)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The household list was deleted (%(n)s households).") % {"n": deleted})
    return redirect("surveys:detail", pk=pk)


@login_required
@require_POST
def slips(request, pk: int):
    campaign = selectors.campaign_for_change(request.user, pk)
    form = SlipsForm(request.POST, campaign=campaign)
    if not form.is_valid() or campaign.status == CampaignStatus.CLOSED:
        messages.error(request, _("The slips cannot be printed for this choice."))
        return redirect("surveys:detail", pk=pk)
    hamlet = form.cleaned_data.get("hamlet")
    household_id = request.POST.get("household")
    job = job_start(
        owner=request.user,
        kind="surveys.slips",
        label=_("QR slips: %(campaign)s") % {"campaign": campaign.title},
        task=generate_slips,
        params={
            "campaign_id": campaign.pk,
            "hamlet_id": hamlet.pk if hamlet else None,
            "household_id": int(household_id) if (household_id or "").isdigit() else None,
            "include_answered": form.cleaned_data["include_answered"],
            "base_url": request.build_absolute_uri("/"),
        },
        unit=None,  # only the officer who asked sees the file: it holds working codes
    )
    return redirect("jobs:detail", job_id=job.pk)


def _paper_message(request, result: answer_services.PaperResult) -> None:
    code = result.household.code
    if result.status == "recorded":
        messages.success(request, _("The paper form of household %(code)s was recorded.") % {"code": code})
    else:
        messages.info(
            request,
            _("First entry of household %(code)s saved. Enter the same form a second time to confirm it.")
            % {"code": code},
        )


@login_required
def paper_entry(request, pk: int):
    campaign = selectors.campaign_for_paper_entry(request.user, pk)
    questions = answer_services.questions_of(campaign.questionnaire)
    form = PaperEntryForm(request.POST or None, questions=questions)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = answer_services.paper_answer_record(
                campaign=campaign,
                officer=request.user,
                household_code=form.cleaned_data["household_code"],
                responses=form.responses(),
                comments=form.comments(),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if result.status != "mismatch":  # a mismatch shows both entries' differences on the page
                _paper_message(request, result)
                return redirect("surveys:paper", pk=pk)
    context = {
        "campaign": campaign,
        "form": form,
        "result": result,
        "drafts": selectors.paper_drafts_of(campaign),
        "max_comment": answer_services.MAX_COMMENT,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/paper_entry.html", context, status=status)


@login_required
@require_POST
def paper_draft_discard(request, pk: int, draft_id: int):
    campaign = selectors.campaign_for_paper_entry(request.user, pk)
    draft = selectors.paper_draft_for(campaign, draft_id)
    answer_services.paper_draft_discard(draft=draft)
    messages.success(request, _("The first entry was discarded."))
    return redirect("surveys:paper", pk=pk)


@login_required
def results(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    survey_results = selectors.results_of(campaign)
    rows = reports.content_rows(campaign, survey_results)
    context = {
        "campaign": campaign,
        "results": survey_results,
        "rows": rows,
        "chart": reports.content_chart(rows, campaign.threshold_content),
        "comments": selectors.comments_of(campaign, survey_results),
    }
    return render(request, "surveys/results.html", context)


@login_required
def results_export(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    survey_results = selectors.results_of(campaign)
    content = reports.results_workbook(
        campaign, survey_results, selectors.comments_of(campaign, survey_results)
    )
    return download(content, f"ket-qua-khao-sat-{campaign.pk}.xlsx", XLSX)


@login_required
def report_docx(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    content = reports.result_report_docx(campaign, selectors.results_of(campaign))
    return download(content, f"bao-cao-ket-qua-khao-sat-{campaign.pk}.docx", DOCX)
