"""Writes of the survey app on a campaign's household list: import, re-issued codes, purge, QR slips (audited)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_record
from ntm.core.excel import ExcelImportError, read_sheet
from ntm.core.exceptions import StateConflict
from ntm.jobs.services import JobRun
from ntm.surveys import household_import, tokens
from ntm.surveys.models import (
    Campaign,
    CampaignStatus,
    Household,
    PaperDraft,
    Receipt,
)
from ntm.surveys.selectors import campaign_for_change, campaign_hamlets
from ntm.surveys.services.answers import TokenUsed
from ntm.surveys.slips import slips_pdf

PURGE_AFTER_DAYS = 365


# --- Households --------------------------------------------------------------------------------------------


def households_import(*, campaign: Campaign, data: bytes) -> dict[str, int]:
    """Add or update households from the Excel template; all-or-nothing, every bad row named.

    A hamlet must already be in the commune's list (the province maintains hamlets, see the units app): an
    unknown hamlet is an error, never created here. A household that has answered cannot move or be renamed.
    """
    if campaign.status == CampaignStatus.CLOSED:
        raise StateConflict(
            _("The survey round is closed: no more households can be imported."),
            expected_state=CampaignStatus.OPEN,
            actual_state=campaign.status,
        )
    rows = read_sheet(data, household_import.SHEET, household_import.HEADERS)
    hamlets = household_import.hamlet_index(campaign_hamlets(campaign))
    valid, errors = household_import.check_rows(rows, hamlets=hamlets, commune_name=campaign.unit.name)
    existing = {
        h.code.upper(): h for h in Household.objects.filter(campaign=campaign).select_related("receipt")
    }
    new: list[Household] = []
    changed: list[Household] = []
    unchanged = 0
    for row in valid:
        current = existing.get(row.code.upper())
        if current is None:
            new.append(
                Household(campaign=campaign, hamlet_id=row.hamlet_id, code=row.code, head_name=row.head_name)
            )
        elif (current.head_name, current.hamlet_id) == (row.head_name, row.hamlet_id):
            unchanged += 1
        elif hasattr(current, "receipt"):
            errors.append(
                _(
                    "Sheet %(sheet)s, row %(row)s: household “%(code)s” has already answered; its name or hamlet "
                    "cannot be changed."
                )
                % {"sheet": household_import.SHEET, "row": row.number, "code": current.code}
            )
        else:
            current.head_name, current.hamlet_id = row.head_name, row.hamlet_id
            changed.append(current)
    if errors:
        raise ExcelImportError(errors)
    key = campaign.token_key()
    for household in new:
        household.token_hash = tokens.hash_token(tokens.derive_token(key, household.code, 1))
    with transaction.atomic():
        Household.objects.bulk_create(new, batch_size=1000)
        Household.objects.bulk_update(changed, ["head_name", "hamlet"], batch_size=1000)
        counts = {"created": len(new), "updated": len(changed), "unchanged": unchanged}
        audit_record(
            action="survey.households_import",
            instance=campaign,
            object_label=str(campaign)[:255],
            extra=counts,
        )
    return counts


def household_token_reissue(*, household: Household) -> Household:
    """A new token for a household whose slip was lost: the old slip stops working."""
    campaign = household.campaign
    if campaign.status == CampaignStatus.CLOSED:
        raise StateConflict(
            _("The survey round is closed."), expected_state=CampaignStatus.OPEN, actual_state=campaign.status
        )
    if Receipt.objects.filter(household=household).exists():
        raise TokenUsed(
            _("Household %(code)s has already answered: no new code is issued.") % {"code": household.code}
        )
    with transaction.atomic():
        household.token_version += 1
        household.refresh_token_hash()
        household.save(update_fields=["token_version", "token_hash"])
        audit_record(
            action="survey.token_reissue",
            instance=household,
            unit=campaign.unit,
            after={"token_version": household.token_version},
        )
    return household


def households_purge(*, campaign: Campaign) -> int:
    """Delete a closed campaign's household list, receipts and tokens; the frozen results keep the counts."""
    if campaign.status != CampaignStatus.CLOSED:
        raise StateConflict(
            _("Only a closed round's household list can be deleted."),
            expected_state=CampaignStatus.CLOSED,
            actual_state=campaign.status,
        )
    with transaction.atomic():
        PaperDraft.objects.filter(campaign=campaign).delete()
        Receipt.objects.filter(household__campaign=campaign).delete()
        deleted, _by_model = Household.objects.filter(campaign=campaign).delete()
        campaign.households_purged_at = timezone.now()
        campaign.save(update_fields=["households_purged_at"])
        audit_record(action="survey.households_purge", instance=campaign, extra={"households": deleted})
    return deleted


def purge_expired_household_lists(now: dt.datetime) -> str:
    """Scheduled: household lists of campaigns closed more than ``PURGE_AFTER_DAYS`` ago (privacy notice)."""
    cutoff = now - dt.timedelta(days=PURGE_AFTER_DAYS)
    due = Campaign.objects.filter(
        status=CampaignStatus.CLOSED, closed_at__lt=cutoff, households_purged_at__isnull=True
    )
    purged = [households_purge(campaign=campaign) for campaign in due]
    return f"{len(purged)} household list(s) deleted ({sum(purged)} households)"


def slips_print_run(run: JobRun) -> None:
    """The slips job's work: A4 sheets of QR slips for a campaign (one hamlet, one household or all) as a PDF on
    the job, and the audit entry. The job's owner must still be allowed to change the campaign."""
    params = run.params
    campaign = campaign_for_change(run.job.owner, params["campaign_id"])
    pdf, count = slips_pdf(
        campaign=campaign,
        base_url=params["base_url"],
        hamlet_id=params.get("hamlet_id"),
        household_id=params.get("household_id"),
        include_answered=params.get("include_answered", False),
        progress=run.progress,
    )
    run.attach(f"phieu-qr-khao-sat-{campaign.pk}.pdf", pdf)
    audit_record(
        action="survey.slips_print",
        instance=campaign,
        extra={"slips": count, "hamlet": params.get("hamlet_id"), "household": params.get("household_id")},
    )
