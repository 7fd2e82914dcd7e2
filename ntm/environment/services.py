"""Writes of the environment app: one function per use case, each in a transaction and audited.

Figures that feed criterion 17 go to the assessment app as computed values (``computed_value_set``) under the
source keys below; the province maps an indicator of a criteria set to one of them (``indicator_source_link``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.models import Organisation, OrganisationKind
from ntm.accounts.selectors import members_of, people_acting_for
from ntm.accounts.services import organisation_create
from ntm.assessment import services as assessment_services
from ntm.assessment.services import computed_value_set
from ntm.audit.context import acting_as, current_request_id
from ntm.audit.services import audit_record, snapshot
from ntm.core.choices import Role
from ntm.core.exceptions import ServiceError
from ntm.core.notifications import notify
from ntm.core.permissions import ENVIRONMENT
from ntm.core.scoping import CHANGE
from ntm.core.tomlfile import content_hash
from ntm.core.uploads import attach
from ntm.environment import coverage
from ntm.environment.models import (
    PUBLISH_DELAY_MAX,
    WASTE_STREAMS,
    Facility,
    Inspection,
    LabReport,
    ParameterCatalogue,
    PointStatus,
    PublicationSchedule,
    Sample,
    WasteFigures,
    WaterCoverage,
    WaterPoint,
)
from ntm.environment.parameters import (
    FAIL,
    Catalogue,
    CatalogueFileError,
    Parameter,
    catalogue_as_data,
    judge_sample,
    read_catalogue,
    sample_outcome,
)
from ntm.environment.selectors import KEEPERS, catalogue_applying, latest_inspections, scoped_points
from ntm.units.models import AdministrativeUnit, Level

REPORT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
# The province's commune set with its criterion-17 thresholds (a criteria-set data file, loaded on request with
# ``manage.py load_criteria_sets <file>`` and by the demo; not among ntm/criteria/setfiles/ because commune values
# are entered per set code, so shipping it there would make every 2024-2025 "ntm" evaluation read a set without
# the communes' values).
PROVINCE_SET_FILE = Path(__file__).resolve().parent / "criteria_sets" / "xa-ntm-dong-nai-2024-2025.toml"

# Computed-value sources this app supplies to the assessment app, with what each one is.
CLEAN_WATER = "environment.clean_water"
CLEAN_WATER_PIPED = "environment.clean_water_piped"
DOMESTIC_WASTE = "environment.domestic_waste"
PESTICIDE_PACKAGING = "environment.pesticide_packaging"
MEDICAL_WASTE = "environment.medical_waste"
FACILITY_COMPLIANCE = "environment.facility_compliance"
# Composite figures for indicators with parts (the province's 17.1 "clean water ≥ x% AND piped ≥ y%", and 17.7
# "pesticide packaging AND medical waste"): a table of the shares by part, judged by the criteria engine.
CLEAN_WATER_SHARES = "environment.clean_water_shares"
PACKAGING_MEDICAL = "environment.packaging_medical_waste"
WASTE_SOURCES = {DOMESTIC_WASTE: "domestic", PESTICIDE_PACKAGING: "packaging", MEDICAL_WASTE: "medical"}
SOURCES = {
    CLEAN_WATER: gettext_lazy("Share of households using standard clean water (%)"),
    CLEAN_WATER_PIPED: gettext_lazy("Share of households using piped standard clean water (%)"),
    DOMESTIC_WASTE: gettext_lazy("Domestic solid waste collected and treated (%)"),
    PESTICIDE_PACKAGING: gettext_lazy("Pesticide packaging collected and treated (%)"),
    MEDICAL_WASTE: gettext_lazy("Medical waste collected and treated (%)"),
    FACILITY_COMPLIANCE: gettext_lazy("Facilities meeting environmental-protection requirements (%)"),
    CLEAN_WATER_SHARES: gettext_lazy("Standard clean water and, of it, piped water (%, both parts)"),
    PACKAGING_MEDICAL: gettext_lazy(
        "Pesticide packaging and medical waste collected and treated (%, both parts)"
    ),
}


def _check_may_change(actor, unit: AdministrativeUnit) -> None:
    """The unit's records are its keepers' (a water-supply operator's account keeps none of them)."""
    if (
        not AdministrativeUnit.objects.restrict(actor, CHANGE, roles=KEEPERS[CHANGE], area=ENVIRONMENT)
        .filter(pk=unit.pk)
        .exists()
    ):
        raise ServiceError(_("You may not change environment records of %(unit)s.") % {"unit": unit.name})


def _check_may_enter_results(actor, point: WaterPoint) -> None:
    """Results of a point are entered by its unit's keepers or by the accounts of the operator that runs it."""
    if not scoped_points(actor, CHANGE).filter(pk=point.pk).exists():
        raise ServiceError(
            _("You may not enter lab results for the water point %(code)s.") % {"code": point.code}
        )


def _check_commune(unit: AdministrativeUnit) -> None:
    if unit.level != Level.COMMUNE:
        raise ServiceError(_("%(unit)s is not a commune-level unit.") % {"unit": unit.name})


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year:
        raise ServiceError(_("The year must be between 2000 and this year."))


# --- Parameter catalogues -------------------------------------------------------------------------------------


def catalogue_load(data: bytes, *, actor=None) -> tuple[ParameterCatalogue, bool]:
    """Load one catalogue file. Unchanged → the existing row (False); a new version → a new row (True). A file
    that changes a version already loaded is refused: versions are immutable, the file must raise its number."""
    catalogue = read_catalogue(data)
    digest = content_hash(data)
    existing = ParameterCatalogue.objects.filter(code=catalogue.code, version=catalogue.version).first()
    if existing is not None:
        if existing.content_hash != digest and existing.data != catalogue_as_data(catalogue):
            raise CatalogueFileError(
                [
                    _(
                        "%(code)s version %(version)s is already loaded with other content; give the file a new version."
                    )
                    % {"code": catalogue.code, "version": catalogue.version}
                ]
            )
        return existing, False
    with transaction.atomic():
        row = ParameterCatalogue.objects.create(
            code=catalogue.code,
            version=catalogue.version,
            name=catalogue.name,
            valid_from=catalogue.valid_from,
            data=catalogue_as_data(catalogue),
            content_hash=digest,
            created_by=actor,
        )
        audit_record(
            action="environment.catalogue_load",
            instance=row,
            after=snapshot(row, ("code", "version")),
            actor=actor,
        )
    return row, True


def catalogues_load_shipped(*, actor=None) -> list[tuple[ParameterCatalogue, bool]]:
    return [catalogue_load(path.read_bytes(), actor=actor) for path in sorted(CATALOGUE_DIR.glob("*.toml"))]


def catalogue_add_group_b(
    *, base: ParameterCatalogue, parameter: Parameter, change_note: str, actor
) -> ParameterCatalogue:
    """A new version of ``base`` with one more province-chosen (group B) parameter. Coordinator only."""
    if not actor.is_superuser and not actor.has_role(Role.PROVINCE_COORDINATOR):
        raise ServiceError(_("Only the provincial coordination office edits the parameter catalogue."))
    if not change_note.strip():
        raise ServiceError(
            _("Write why the catalogue changes (the province's decision that chose the parameter).")
        )
    current = base.catalogue()
    if current.parameter(parameter.code) is not None:
        raise ServiceError(
            _("The catalogue already has a parameter with the code “%(code)s”.") % {"code": parameter.code}
        )
    if parameter.group != "B":
        raise ServiceError(_("Only group-B parameters are added by the province."))
    with transaction.atomic():
        latest = (
            ParameterCatalogue.objects.select_for_update().filter(code=base.code).order_by("-version").first()
        )
        if latest.pk != base.pk:
            raise ServiceError(_("The catalogue changed meanwhile; open its latest version and try again."))
        new = Catalogue(
            code=current.code,
            version=latest.version + 1,
            name=current.name,
            valid_from=max(current.valid_from, timezone.localdate()),
            provenance=current.provenance,
            source=current.source,
            parameters=(*current.parameters, parameter),
        )
        data = catalogue_as_data(new)
        row = ParameterCatalogue.objects.create(
            code=new.code,
            version=new.version,
            name=new.name,
            valid_from=new.valid_from,
            data=data,
            content_hash=content_hash(repr(data).encode()),
            change_note=change_note.strip()[:500],
            created_by=actor,
        )
        audit_record(
            action="environment.catalogue_add_parameter",
            instance=row,
            after={"version": row.version, "parameter": parameter.code, "note": row.change_note},
            actor=actor,
        )
    return row


def catalogue_in_force(on: dt.date) -> ParameterCatalogue:
    row = catalogue_applying(on)
    if row is None:
        raise ServiceError(
            _("No water-parameter catalogue applies on %(date)s; load the catalogues first.")
            % {"date": f"{on:%d/%m/%Y}"}
        )
    return row


# --- Water points and samples ---------------------------------------------------------------------------------


def water_point_create(*, actor, unit: AdministrativeUnit, code: str, **fields: Any) -> WaterPoint:
    _check_commune(unit)
    _check_may_change(actor, unit)
    operator = fields.get("operator_organisation")
    if operator is not None and operator.kind != OrganisationKind.WATER_OPERATOR:
        raise ServiceError(_("Choose a water-supply operator."))
    code = code.strip().upper()
    if not code:
        raise ServiceError(_("The point needs a code."))
    if WaterPoint.objects.filter(code=code).exists():
        raise ServiceError(_("A water point with the code %(code)s already exists.") % {"code": code})
    with transaction.atomic():
        point = WaterPoint.objects.create(unit=unit, code=code, created_by=actor, **fields)
        audit_record(
            action="environment.point_create", instance=point, after=snapshot(point), actor=actor, unit=unit
        )
    return point


def water_point_set_status(*, actor, point: WaterPoint, status: str) -> WaterPoint:
    _check_may_change(actor, point.unit)
    if status not in PointStatus.values:
        raise ServiceError(_("The status is not valid."))
    with transaction.atomic():
        before = snapshot(point, ("status",))
        point.status = status
        point.save(update_fields=["status"])
        audit_record(
            action="environment.point_status",
            instance=point,
            before=before,
            after=snapshot(point, ("status",)),
            actor=actor,
            unit=point.unit,
        )
    return point


def water_point_set_operator(*, actor, point: WaterPoint, organisation) -> WaterPoint:
    """Name the operator (an organisation of kind water-supply operator, or none) whose accounts enter the point's
    lab results and receive its alerts. The unit's keepers (commune, department, coordinator) decide it."""
    _check_may_change(actor, point.unit)
    if organisation is not None and organisation.kind != OrganisationKind.WATER_OPERATOR:
        raise ServiceError(_("Choose a water-supply operator."))
    with transaction.atomic():
        before = snapshot(point, ("operator_organisation",))
        point.operator_organisation = organisation
        point.save(update_fields=["operator_organisation"])
        audit_record(
            action="environment.point_operator",
            instance=point,
            before=before,
            after=snapshot(point, ("operator_organisation",)),
            actor=actor,
            unit=point.unit,
        )
    return point


def _alert_recipients(point: WaterPoint) -> list:
    """Who is told of a result outside a limit: the commune's officers, the provincial coordinators and, when
    an operator with accounts runs the point, those accounts."""
    people = list(people_acting_for(point.unit, (Role.COMMUNE_OFFICER, Role.PROVINCE_COORDINATOR)))
    if point.operator_organisation_id is not None:
        known = {person.pk for person in people}
        people += [
            person
            for person in members_of(point.operator_organisation, Role.WATER_OPERATOR)
            if person.pk not in known
        ]
    return people


def lab_report_store(*, actor, upload: UploadedFile) -> LabReport:
    """Keep a lab report (PDF, JPEG or PNG, checked by content and size)."""
    with transaction.atomic():
        report = attach(LabReport(uploaded_by=actor), upload, allowed=REPORT_TYPES)
        report.save()
        audit_record(
            action="environment.lab_report_store",
            instance=report,
            after=snapshot(report, ("original_name", "mime_type", "size")),
            actor=actor,
        )
    return report


def sample_record(
    *,
    actor,
    point: WaterPoint,
    sampled_on: dt.date,
    laboratory: str,
    values: dict[str, object],
    report: LabReport | None = None,
    corrects: Sample | None = None,
) -> Sample:
    """Record one lab result, judged against the catalogue in force on the sampling date. A result outside a
    limit notifies the commune's officers, the provincial coordinators and the accounts of the point's operator
    (in the app and by e-mail)."""
    _check_may_enter_results(actor, point)
    if sampled_on > timezone.localdate():
        raise ServiceError(_("The sampling date cannot be in the future."))
    if not laboratory.strip():
        raise ServiceError(_("Name the laboratory that tested the sample."))
    if corrects is not None and (corrects.point_id != point.pk or hasattr(corrects, "corrected_by")):
        raise ServiceError(_("Only a sample of this point that has not been corrected yet can be corrected."))
    catalogue_row = catalogue_in_force(sampled_on)
    cleaned = {code: value for code, value in values.items() if value not in (None, "")}
    try:
        judgements = judge_sample(catalogue_row.catalogue(), cleaned)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    if not cleaned:
        raise ServiceError(_("The sample has no result; enter at least one parameter."))
    with transaction.atomic():
        sample = Sample.objects.create(
            point=point,
            sampled_on=sampled_on,
            laboratory=laboratory.strip()[:200],
            catalogue=catalogue_row,
            values={code: str(value).strip() for code, value in cleaned.items()},
            corrects=corrects,
            report=report,
            entered_by=actor,
        )
        audit_record(
            action="environment.sample_record",
            instance=sample,
            after=snapshot(sample),
            actor=actor,
            unit=point.unit,
        )
        if sample_outcome(judgements) == FAIL:
            failed = ", ".join(j.parameter.name for j in judgements if j.failed)
            notify(
                users=_alert_recipients(point),
                text=_("Water sample of %(point)s (%(date)s) is outside the limit: %(parameters)s.")
                % {"point": point.name, "date": f"{sampled_on:%d/%m/%Y}", "parameters": failed},
                link=reverse("environment:point", args=[point.pk]),
                key=f"environment.sample:{sample.pk}",
            )
    return sample


# --- Coverage, waste and facilities → criterion 17 ------------------------------------------------------------


def _publish(
    unit: AdministrativeUnit,
    year: int,
    source: str,
    value: Decimal | dict[str, Decimal | None] | None,
    detail: dict,
    actor,
) -> None:
    if isinstance(value, dict):  # a composite figure: no figure unless every part has one
        value = None if None in value.values() else {part: float(share) for part, share in value.items()}
    elif value is not None:
        value = float(value)
    computed_value_set(
        unit=unit,
        year=year,
        source=source,
        value=value,
        description=str(SOURCES[source]),
        detail=detail,
        reference=f"environment:{unit.pk}:{year}",
        url=reverse("environment:commune", args=[unit.pk, year]),
        actor=actor,
    )


def coverage_set(
    *, actor, unit: AdministrativeUnit, year: int, counts: coverage.HouseholdCounts, note: str = ""
) -> WaterCoverage:
    """Record (or correct) a commune's household water coverage for ``year`` and send its shares to criterion 17."""
    _check_commune(unit)
    _check_year(year)
    _check_may_change(actor, unit)
    problems = counts.problems()
    if problems:
        raise ServiceError(" ".join(problems))
    result = coverage.shares(counts)
    fields = {
        "households": counts.total,
        "hygienic": counts.hygienic,
        "clean": counts.clean,
        "clean_piped": counts.clean_piped,
        "note": note.strip()[:500],
    }
    with transaction.atomic():
        row = WaterCoverage.objects.select_for_update().filter(unit=unit, year=year).first()
        before = snapshot(row) if row else None
        if row is None:
            row = WaterCoverage(unit=unit, year=year)
        for name, value in fields.items():
            setattr(row, name, value)
        row.entered_by = actor
        row.save()
        audit_record(
            action="environment.coverage_set",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=unit,
        )
        detail = {
            "households": counts.total,
            "hygienic": str(result.hygienic),
            "clean": str(result.clean),
            "clean_piped": str(result.clean_piped),
        }
        _publish(unit, year, CLEAN_WATER, result.clean, detail, actor)
        _publish(unit, year, CLEAN_WATER_PIPED, result.clean_piped, detail, actor)
        shares = {"clean": result.clean, "piped": result.clean_piped}
        _publish(unit, year, CLEAN_WATER_SHARES, shares, detail, actor)
    return row


def waste_set(
    *, actor, unit: AdministrativeUnit, year: int, figures: dict[str, Decimal], schedule: str = ""
) -> WasteFigures:
    """Record (or correct) a commune's waste figures for ``year``; the collection rates go to criterion 17."""
    _check_commune(unit)
    _check_year(year)
    _check_may_change(actor, unit)
    for generated, treated in WASTE_STREAMS.values():
        if figures[generated] < 0 or figures[treated] < 0:
            raise ServiceError(_("Waste quantities cannot be negative."))
        if figures[treated] > figures[generated]:
            raise ServiceError(_("The quantity collected and treated cannot exceed the quantity generated."))
    with transaction.atomic():
        row = WasteFigures.objects.select_for_update().filter(unit=unit, year=year).first()
        before = snapshot(row) if row else None
        if row is None:
            row = WasteFigures(unit=unit, year=year)
        for name, value in figures.items():
            setattr(row, name, value)
        row.collection_schedule = schedule.strip()[:500]
        row.entered_by = actor
        row.save()
        audit_record(
            action="environment.waste_set",
            instance=row,
            before=before,
            after=snapshot(row),
            actor=actor,
            unit=unit,
        )
        rates = {}
        for source, stream in WASTE_SOURCES.items():
            generated, treated = WASTE_STREAMS[stream]
            total, done = figures[generated], figures[treated]
            detail = {"generated": str(total), "treated": str(done)}
            rates[stream] = coverage.quantity_rate(done, total)
            _publish(unit, year, source, rates[stream], detail, actor)
        parts = {"packaging": rates["packaging"], "medical": rates["medical"]}
        detail = {part: None if rate is None else str(rate) for part, rate in parts.items()}
        _publish(unit, year, PACKAGING_MEDICAL, parts, detail, actor)
    return row


def facility_create(*, actor, unit: AdministrativeUnit, name: str, kind: str, address: str = "") -> Facility:
    _check_commune(unit)
    _check_may_change(actor, unit)
    if not name.strip():
        raise ServiceError(_("The facility needs a name."))
    with transaction.atomic():
        facility = Facility.objects.create(
            unit=unit, name=name.strip()[:200], kind=kind, address=address.strip()[:300], created_by=actor
        )
        audit_record(
            action="environment.facility_create",
            instance=facility,
            after=snapshot(facility),
            actor=actor,
            unit=unit,
        )
    return facility


def facility_compliance_publish(*, unit: AdministrativeUnit, year: int, actor=None) -> Decimal | None:
    """The share of the commune's operating facilities whose latest inspection up to the end of ``year`` found
    them compliant (a facility never inspected counts as not shown compliant), sent to criterion 17."""
    facilities = list(Facility.objects.filter(unit=unit, is_active=True))
    latest = latest_inspections(facilities, year)
    compliant = sum(1 for facility in facilities if facility.pk in latest and latest[facility.pk].compliant)
    value = coverage.rate(compliant, len(facilities))
    _publish(
        unit, year, FACILITY_COMPLIANCE, value, {"facilities": len(facilities), "compliant": compliant}, actor
    )
    return value


def inspection_record(
    *, actor, facility: Facility, inspected_on: dt.date, compliant: bool, findings: str = ""
) -> Inspection:
    _check_may_change(actor, facility.unit)
    if inspected_on > timezone.localdate():
        raise ServiceError(_("The inspection date cannot be in the future."))
    with transaction.atomic():
        inspection = Inspection.objects.create(
            facility=facility,
            inspected_on=inspected_on,
            compliant=compliant,
            findings=findings.strip()[:1000],
            recorded_by=actor,
        )
        audit_record(
            action="environment.inspection_record",
            instance=inspection,
            after=snapshot(inspection),
            actor=actor,
            unit=facility.unit,
        )
        facility_compliance_publish(unit=facility.unit, year=inspected_on.year, actor=actor)
    return inspection


def publication_schedule_set(*, actor, delay_days: int) -> PublicationSchedule:
    """Set the province's schedule for publishing water results (days after entry). Coordinator only; audited.
    Applies to the public pages from now on, for results already entered too."""
    if not actor.is_superuser and not actor.has_role(Role.PROVINCE_COORDINATOR):
        raise ServiceError(_("Only the provincial coordination office sets the publication schedule."))
    if (
        isinstance(delay_days, bool)
        or not isinstance(delay_days, int)
        or not 0 <= delay_days <= PUBLISH_DELAY_MAX
    ):
        raise ServiceError(
            _("The delay is a whole number of days from 0 to %(max)s.") % {"max": PUBLISH_DELAY_MAX}
        )
    with transaction.atomic():
        schedule = PublicationSchedule.objects.select_for_update().filter(pk=1).first()
        before = snapshot(schedule) if schedule is not None else None
        if schedule is None:
            schedule = PublicationSchedule(pk=1)
        schedule.delay_days = delay_days
        schedule.updated_by = actor
        schedule.save()
        audit_record(
            action="environment.publication_schedule_set",
            instance=schedule,
            before=before,
            after=snapshot(schedule),
            actor=actor,
        )
    return schedule


def _check_operator_fields(
    name: str, short_name: str, unit: AdministrativeUnit, *, exclude: int | None = None
):
    if not name or not short_name:
        raise ServiceError(_("Give the operator's name and short name."))
    if len(name) > 200 or len(short_name) > 30:
        raise ServiceError(_("The name is at most 200 characters and the short name at most 30."))
    if unit.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ServiceError(_("A water-supply operator belongs to a commune or to the province."))
    taken = Organisation.objects.filter(short_name__iexact=short_name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ServiceError(
            _("Another organisation already has the short name “%(short_name)s”.")
            % {"short_name": short_name}
        )


def _check_coordinator(actor, message) -> None:
    if not actor.is_superuser and not actor.has_role(Role.PROVINCE_COORDINATOR):
        raise ServiceError(message)


def water_operator_create(*, actor, name: str, short_name: str, unit: AdministrativeUnit) -> Organisation:
    """A water-supply operator (an organisation whose accounts enter its points' results). Coordinator only;
    made by the accounts service ``organisation_create``, audited under the coordinator's name."""
    _check_coordinator(actor, _("Only the provincial coordination office manages water-supply operators."))
    name, short_name = name.strip(), short_name.strip()
    _check_operator_fields(name, short_name, unit)
    with acting_as(actor, current_request_id() or None):
        return organisation_create(
            name=name, short_name=short_name, unit=unit, kind=OrganisationKind.WATER_OPERATOR
        )


@transaction.atomic
def water_operator_update(
    *,
    actor,
    organisation: Organisation,
    name: str,
    short_name: str,
    unit: AdministrativeUnit,
    is_active: bool,
) -> Organisation:
    """Rename, move or deactivate a water-supply operator. Coordinator only; audited."""
    _check_coordinator(actor, _("Only the provincial coordination office manages water-supply operators."))
    if organisation.kind != OrganisationKind.WATER_OPERATOR:
        raise ServiceError(_("Only water-supply operators are edited here."))
    name, short_name = name.strip(), short_name.strip()
    _check_operator_fields(name, short_name, unit, exclude=organisation.pk)
    before = snapshot(organisation)
    organisation.name, organisation.short_name, organisation.unit, organisation.is_active = (
        name,
        short_name,
        unit,
        is_active,
    )
    organisation.save()
    audit_record(
        action="organisation.changed",
        instance=organisation,
        before=before,
        after=snapshot(organisation),
        actor=actor,
    )
    return organisation


def indicator_source_link(*, actor, set_code: str, indicator_code: str, source: str):
    """Make an indicator of a criteria set take its value from one of this app's figures (coordinator only)."""
    return assessment_services.indicator_source_link(
        actor=actor, set_code=set_code, indicator_code=indicator_code, source=source, offered=SOURCES
    )
