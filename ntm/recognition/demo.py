"""Illustrative data for the run command: the procedure files (legal configuration, loaded as in production)
and one open recognition dossier of Xã Long Phước for 2025 at its first step, opened by the demo commune officer.
Nothing here is official; the whole instance shows "Dữ liệu minh họa"."""

from __future__ import annotations

from django.conf import settings

from ntm.accounts.models import User
from ntm.core.choices import Role
from ntm.criteria.models import CriteriaSetVersion
from ntm.recognition.models import Dossier, ProcedureVersion
from ntm.recognition.services.dossiers import dossier_create
from ntm.recognition.services.procedures import procedures_load
from ntm.units.models import AdministrativeUnit, Level, Structure

DEMO_COMMUNE = "Xã Long Phước"
DEMO_YEAR = 2025
DEMO_PROCEDURE = "hai-cap-tu-1-7-2025"
DEMO_SET = "xa-ntm-2021-2025"


def load_recognition_demo() -> Dossier | None:
    procedures_load()
    if Dossier.objects.exists():
        return None
    province = AdministrativeUnit.objects.filter(
        structure=Structure.REFORM_2025, code=settings.NTM_PROVINCE_CODE, level=Level.PROVINCE
    ).first()
    unit = (
        AdministrativeUnit.objects.subtree(province).filter(name=DEMO_COMMUNE).first() if province else None
    )
    officer = User.objects.filter(
        is_demo=True, role_assignments__role=Role.COMMUNE_OFFICER, role_assignments__unit=unit
    ).first()
    version = CriteriaSetVersion.objects.filter(code=DEMO_SET).order_by("-version").first()
    procedure = ProcedureVersion.objects.filter(code=DEMO_PROCEDURE).order_by("-version").first()
    if None in (unit, officer, version, procedure):
        return None
    return dossier_create(
        unit=unit,
        criteria_version=version,
        year=DEMO_YEAR,
        procedure_version=procedure,
        actor=officer,
        note="Dữ liệu minh họa",
    )
