"""The recognition app's lines on the "my work" home: dossier steps waiting for me and council votes I have not
cast yet. Registered in ``RecognitionConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.core.worklist import WorkItem
from ntm.councils.models import CouncilMember, CouncilVote
from ntm.councils.selectors import subject_key
from ntm.recognition.models import Dossier
from ntm.recognition.selectors import dossiers_waiting_on
from ntm.recognition.services.procedures import effective_procedure

DETAILS = 5


def votes_waiting_on(user) -> list[Dossier]:
    """Open dossiers at a council-vote step of a council the user sits on, without the user's vote in the
    current round."""
    seats = dict(CouncilMember.objects.current().filter(user=user).values_list("council_id", "pk"))
    if not seats:
        return []
    found = []
    for dossier in (
        Dossier.objects.open()
        .filter(council_id__in=seats)
        .select_related("unit", "procedure")
        .order_by("due_at", "pk")
    ):
        step = effective_procedure(dossier.procedure).step(dossier.state)
        if not step.council_vote:
            continue
        subject_type, subject_id = subject_key(dossier)
        voted = CouncilVote.objects.filter(
            member_id=seats[dossier.council_id],
            subject_type=subject_type,
            subject_id=subject_id,
            round=dossier.council_round,
        ).exists()
        if not voted:
            found.append(dossier)
    return found


def _dossier_url(dossier: Dossier) -> str:
    return reverse("recognition:dossier_detail", args=[dossier.pk])


def recognition_work(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    votes = votes_waiting_on(user)
    if votes:
        items.append(
            WorkItem(
                key="recognition.votes",
                label=_("Council votes to cast"),
                count=len(votes),
                url=_dossier_url(votes[0]) + "#council",
                details=tuple((str(d.unit.name), _dossier_url(d) + "#council") for d in votes[:DETAILS]),
                urgent=True,
            )
        )
    waiting = dossiers_waiting_on(user)
    count = waiting.count()
    if count:
        items.append(
            WorkItem(
                key="recognition.steps",
                label=_("Recognition dossiers at a step waiting for you"),
                count=count,
                url=reverse("recognition:dossier_list") + "?mine=1",
                details=tuple(
                    (
                        _("%(unit)s: %(step)s")
                        % {"unit": d.unit.name, "step": effective_procedure(d.procedure).step(d.state).name},
                        _dossier_url(d),
                    )
                    for d in waiting[:DETAILS]
                ),
            )
        )
    return items
