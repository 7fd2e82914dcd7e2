"""The appraisal council moves to the councils app: each dossier with appointed members gets one appraisal
council (``Dossier.council``); its members and votes move into ``councils.CouncilMember`` and
``councils.CouncilVote`` (the vote's subject is the dossier) with their ids, dates and remarks kept. The shape
changes (members belonged to a dossier, now to a council), so this copies the rows, then drops the old tables.
Reversible: the backward copy returns the sitting members and their votes to the old tables and removes the
dossiers' councils from the new ones.
"""

from django.core.management.color import no_style
from django.db import migrations, models
from django.utils import timezone

SUBJECT = "recognition.dossier"


def _finish(schema_editor, models_):
    """Move the id sequences past the copied ids, and on PostgreSQL check the deferred foreign keys now, so the
    table changes that follow in this migration's transaction find no pending trigger events."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def forward(apps, schema_editor):
    Dossier = apps.get_model("recognition", "Dossier")
    OldMember = apps.get_model("recognition", "CouncilMember")
    OldVote = apps.get_model("recognition", "CouncilVote")
    Council = apps.get_model("councils", "Council")
    Member = apps.get_model("councils", "CouncilMember")
    Vote = apps.get_model("councils", "CouncilVote")
    dossier_ids = OldMember.objects.values_list("dossier_id", flat=True).distinct()
    for dossier in Dossier.objects.filter(pk__in=dossier_ids).select_related("unit").order_by("pk"):
        members = list(OldMember.objects.filter(dossier=dossier).order_by("id"))
        council = Council.objects.create(
            kind="appraisal",
            unit_id=dossier.unit_id,
            # The name ntm.recognition.services.dossiers._council_for gives a council it convenes.
            name=f"Hội đồng thẩm định hồ sơ #{dossier.pk} ({dossier.unit.name}, {dossier.year})",
            created_by_id=members[0].added_by_id,
        )
        Council.objects.filter(pk=council.pk).update(created_at=members[0].added_at)
        Dossier.objects.filter(pk=dossier.pk).update(council=council)
        for old in members:
            Member.objects.create(
                id=old.id,
                council=council,
                user_id=old.user_id,
                position=old.position,
                active_from=timezone.localdate(old.added_at),
                added_by_id=old.added_by_id,
            )
            Member.objects.filter(pk=old.id).update(added_at=old.added_at)
        for old in OldVote.objects.filter(member__dossier=dossier).order_by("id"):
            Vote.objects.create(
                id=old.id,
                member_id=old.member_id,
                subject_type=SUBJECT,
                subject_id=dossier.pk,
                round=old.round,
                agree=old.agree,
                remarks=old.remarks,
            )
            Vote.objects.filter(pk=old.id).update(voted_at=old.voted_at)
    _finish(schema_editor, [Council, Member, Vote])


def backward(apps, schema_editor):
    Dossier = apps.get_model("recognition", "Dossier")
    Council = apps.get_model("councils", "Council")
    OldMember = apps.get_model("recognition", "CouncilMember")
    OldVote = apps.get_model("recognition", "CouncilVote")
    Member = apps.get_model("councils", "CouncilMember")
    Vote = apps.get_model("councils", "CouncilVote")
    for dossier in Dossier.objects.filter(council__isnull=False).order_by("pk"):
        sitting = Member.objects.filter(council_id=dossier.council_id, active_to__isnull=True).order_by("id")
        for member in sitting:
            OldMember.objects.create(
                id=member.id,
                dossier=dossier,
                user_id=member.user_id,
                position=member.position,
                added_by_id=member.added_by_id,
            )
            OldMember.objects.filter(pk=member.id).update(added_at=member.added_at)
        votes = Vote.objects.filter(member__in=sitting, subject_type=SUBJECT, subject_id=dossier.pk).order_by(
            "id"
        )
        for vote in votes:
            OldVote.objects.create(
                id=vote.id, member_id=vote.member_id, round=vote.round, agree=vote.agree, remarks=vote.remarks
            )
            OldVote.objects.filter(pk=vote.id).update(voted_at=vote.voted_at)
    # Undo the forward copy entirely, so that migrating forward again copies onto empty ground.
    council_ids = list(Dossier.objects.filter(council__isnull=False).values_list("council_id", flat=True))
    Dossier.objects.filter(council__isnull=False).update(council=None)
    Vote.objects.filter(member__council_id__in=council_ids).delete()
    Member.objects.filter(council_id__in=council_ids).delete()
    Council.objects.filter(pk__in=council_ids).delete()
    _finish(schema_editor, [OldMember, OldVote])


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0001_initial"),
        ("recognition", "0003_statusrecord_to_status_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="council",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="dossiers",
                to="councils.council",
                verbose_name="appraisal council",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="CouncilVote"),
        migrations.DeleteModel(name="CouncilMember"),
    ]
