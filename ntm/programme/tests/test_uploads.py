"""Every programme upload goes through ``ntm.core.uploads``: an oversized file and a file renamed to an allowed
name but of another type are refused, and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.core.exceptions import ServiceError
from ntm.programme import cycles
from ntm.programme.models import PilotEvidence, PilotModel, ReportAttachment, ReportedActual, Target
from ntm.programme.reporters import Reporter
from ntm.programme.services import cycles as services_cycles
from ntm.programme.services import registries as services_registries
from ntm.programme.services import targets as services_targets
from ntm.programme.tests.factories import PDF, load_plan, old_dong_nai

pytestmark = pytest.mark.django_db


def add_reported_figure(cast, upload):
    load_plan()
    services_targets.reported_actual_add(
        actor=cast.coordinator,
        target=Target.objects.get(code="KH202-16"),
        as_of=dt.date(2025, 12, 31),
        numerator=48,
        denominator=60,
        evidence=upload,
    )


def add_report_attachment(cast, upload):
    cycle, _created = services_cycles.cycle_open(
        period=cycles.period_for(cycles.ANNUAL, 2026, load_plan().rules())
    )
    reporter = Reporter(cast.commune_a.pk, None, cast.commune_a.name)
    report = services_cycles.report_start(actor=cast.officer_a, cycle=cycle, reporter=reporter)
    services_cycles.report_attachment_add(actor=cast.officer_a, report=report, upload=upload)


def add_pilot_evidence(cast, upload):
    old = old_dong_nai(cast)
    load_plan()
    pilot = PilotModel.objects.get(unit=old.old_long_phuoc)
    services_registries.pilot_evidence_add(actor=cast.coordinator, pilot=pilot, upload=upload)


def approve_pilot(cast, upload):
    old = old_dong_nai(cast)
    load_plan()
    pilot = PilotModel.objects.get(unit=old.old_long_phuoc)
    services_registries.pilot_approve(
        actor=cast.coordinator,
        pilot=pilot,
        number="12/QĐ-UBND",
        date=dt.date(2025, 6, 1),
        body="UBND tỉnh",
        document=upload,
    )


@pytest.mark.parametrize(
    "entry", [add_reported_figure, add_report_attachment, add_pilot_evidence, approve_pilot]
)
@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("minh-chung.pdf", PDF + b" " * 2048, "quá lớn"),
        ("minh-chung.pdf", b"MZ\x90\x00 a program", "không đúng loại"),
    ],
)
def test_uploads_refuse_oversized_and_renamed_files(cast, settings, entry, name, content, refusal):
    settings.NTM_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ServiceError, match=refusal):
        entry(cast, SimpleUploadedFile(name, content))
    assert not ReportedActual.objects.exists() and not ReportAttachment.objects.exists()
    assert not PilotEvidence.objects.exists() and not PilotModel.objects.exclude(approval_number="").exists()
