"""Builders for the dossier-workflow tests: extra cast members, a dossier, and a journey that does each step's
work (documents, postings, survey, council, decision details) and moves the dossier on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ntm.accounts.models import RoleAssignment, User
from ntm.core.choices import Role
from ntm.criteria.models import CriteriaSetVersion
from ntm.criteria.services import criteria_sets_load_shipped
from ntm.recognition import selectors
from ntm.recognition.models import Dossier, ProcedureVersion
from ntm.recognition.services import dossiers
from ntm.recognition.services.procedures import effective_procedure, procedure_step_configure, procedures_load
from ntm.testing.cast import Cast
from ntm.testing.factories import UserFactory

TWO_TIER = "hai-cap-tu-1-7-2025"
LEGACY = "qd18-2022-truoc-1-7-2025"
REVOCATION = "thu-hoi-hai-cap-tu-1-7-2025"
SET = "xa-ntm-2021-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "tai-lieu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def load_data() -> None:
    criteria_sets_load_shipped()
    procedures_load()


def procedure(code: str = TWO_TIER) -> ProcedureVersion:
    return ProcedureVersion.objects.filter(code=code).order_by("-version").first()


def criteria_version(code: str = SET) -> CriteriaSetVersion:
    return CriteriaSetVersion.objects.filter(code=code).order_by("-version").first()


@dataclass
class People:
    coordinator: User
    officer: User
    front: User
    council: User
    outsider: User


def person(username: str, full_name: str, role: str, unit, email: str = "") -> User:
    user = UserFactory(username=username, full_name=full_name, email=email)
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return user


def people(cast: Cast) -> People:
    """The cast plus a Front officer of commune A and an appraisal-council member."""
    return People(
        coordinator=cast.coordinator,
        officer=cast.officer_a,
        front=person("mttq_longphuoc", "Võ Thị Mặt", Role.FRONT_OFFICER, cast.commune_a),
        council=person("hoidong", "Bùi Thị Thẩm", Role.COUNCIL_MEMBER, cast.province),
        outsider=cast.officer_b,
    )


def make_dossier(cast: Cast, code: str = TWO_TIER, *, year: int = 2025, actor=None, unit=None) -> Dossier:
    return dossiers.dossier_create(
        unit=unit or cast.commune_a,
        criteria_version=criteria_version(),
        year=year,
        procedure_version=procedure(code),
        actor=actor or cast.officer_a,
    )


class Journey:
    """Does the work each step needs with the right person, then takes the step's forward action."""

    def __init__(self, dossier: Dossier, cast_people: People, *, extra_actors: dict[str, User] | None = None):
        self.dossier = dossier
        self.people = cast_people
        self.actors = {
            Role.COMMUNE_OFFICER: cast_people.officer,
            Role.FRONT_OFFICER: cast_people.front,
            Role.PROVINCE_COORDINATOR: cast_people.coordinator,
            **(extra_actors or {}),
        }

    def refresh(self) -> Dossier:
        self.dossier.refresh_from_db()
        return self.dossier

    def actor_for(self, step):
        return self.actors[step.role]

    def prepare(self) -> str:
        """Do the current step's work; returns the forward action to take."""
        dossier = self.refresh()
        proc = effective_procedure(dossier.procedure)
        step = proc.step(dossier.state)
        actor = self.actor_for(step)
        present = set(dossier.documents.filter(is_active=True).values_list("code", flat=True))
        for spec in step.required_documents:
            if spec.code not in present:
                dossiers.dossier_document_add(
                    dossier=dossier, code=spec.code, upload=pdf(f"{spec.code}.pdf"), actor=actor
                )
        if step.posting_rule:
            today = timezone.localdate()
            for offset in range(step.posting_rule.min_count):
                dossiers.posting_add(
                    dossier=dossier,
                    posted_on=today - dt.timedelta(days=offset),
                    place="Trụ sở UBND xã",
                    method="notice_board",
                    actor=actor,
                )
        if step.survey and step.survey.document:
            dossiers.dossier_document_add(
                dossier=dossier, code=step.survey.document, upload=pdf("khao-sat.pdf"), actor=actor
            )
        if step.council_vote:
            if not dossier.procedure.step_settings.filter(
                step_code=step.code, council_threshold__isnull=False
            ).exists():
                procedure_step_configure(
                    version=dossier.procedure,
                    step_code=step.code,
                    time_limit_days=None,
                    no_time_limit=False,
                    documents=None,
                    council_threshold=Decimal("50"),
                    council_quorum=Decimal("50"),
                    source="Giá trị thử nghiệm",
                    actor=self.people.coordinator,
                )
            if selectors.council_membership(self.people.council, dossier) is None:
                dossiers.council_member_add(
                    dossier=dossier, user=self.people.council, position="chair", actor=self.people.coordinator
                )
            dossiers.council_vote_cast(dossier=dossier, actor=self.people.council, agree=True)
            return "approve"
        if any("decision" in names for _a, names in step.effects):
            dossiers.decision_details_set(
                dossier=dossier,
                number=f"{100 + dossier.pk}/QĐ-UBND",
                date=timezone.localdate(),
                signer="Nguyễn Văn Chủ Tịch",
                actor=actor,
            )
        forward = [
            a for a in step.action_names if a in ("submit", "complete", "approve", "decide", "announce")
        ]
        return forward[0]

    def advance(self) -> Dossier:
        action = self.prepare()
        step = effective_procedure(self.dossier.procedure).step(self.dossier.state)
        dossiers.dossier_transition(
            dossier_id=self.dossier.pk,
            action=action,
            expected_state=self.dossier.state,
            actor=self.actor_for(step),
            # The journey's dossiers carry no indicator values, so a recognition needs the recorded override.
            override_reason="Kết luận của Hội đồng thẩm định (hồ sơ thử nghiệm không có số liệu)",
        )
        return self.refresh()

    def run_to(self, state: str) -> Dossier:
        for _ in range(30):
            if self.dossier.state == state:
                return self.dossier
            self.advance()
        raise AssertionError(f"never reached {state}")
