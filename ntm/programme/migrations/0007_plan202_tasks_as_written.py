"""Plan 202's section IV as the plan writes it: the seven invented tasks IV.1–IV.7 give way to the lettered items
IV.1.a … IV.5.b, read from ``ntm/programme/targets/plan-202.toml`` (the plan's own wording).

Existing rows are mapped, nothing a report depends on is lost:
- each annual-plan activity filed under an old task moves to the lettered item it belongs to (``OLD_TO_NEW``);
- each report's text for an old task moves to that item (texts of two old tasks landing on one item are joined);
- the old task rows, then without dependants, are removed.
The plan's reporting data gains who reports per period (VI.6); the opening, closing and reminder days leave it
(they are settings of the system). Sources of the plan, its pilots and targets that still hold the old free-text wording ("chưa đối chiếu …") are
rewritten to the registry citation the file now ships (only where the row still holds the old shipped text).
"""

from django.db import migrations

PLAN_CODE = "ke-hoach-202"
# Old invented task → the lettered item of section IV whose wording covers it.
OLD_TO_NEW = {
    "IV.1": "IV.1.a",  # tuyên truyền, nâng cao nhận thức
    "IV.2": "IV.2.d",  # nền tảng số, phần mềm quản lý Chương trình
    "IV.3": "IV.2.c",  # công nghệ số trong quản lý, điều hành các cấp
    "IV.4": "IV.3.a",  # kinh tế số nông thôn
    "IV.5": "IV.4.b",  # dịch vụ số cho người dân
    "IV.6": "IV.1.d",  # tập huấn cán bộ
    "IV.7": "IV.2.c",  # thí điểm chuyển đổi số cấp xã (quản lý, điều hành cấp xã)
}
OLD_UNCHECKED = "KH 202/KH-UBND ngày 18/8/2023 (chưa đối chiếu từng con số với toàn văn)"


def _shipped_plan():
    from ntm.programme.planfile import PLANS_DIR, load_path

    path = PLANS_DIR / "plan-202.toml"
    return load_path(path) if path.exists() else None


def forwards(apps, schema_editor):
    TargetPlan = apps.get_model("programme", "TargetPlan")
    PlanTask = apps.get_model("programme", "PlanTask")
    PlanActivity = apps.get_model("programme", "PlanActivity")
    Report = apps.get_model("programme", "Report")
    Target = apps.get_model("programme", "Target")
    PilotModel = apps.get_model("programme", "PilotModel")
    plan = TargetPlan.objects.filter(code=PLAN_CODE).first()
    spec = _shipped_plan()
    if plan is None or spec is None:
        return
    tasks = {task.code: task for task in PlanTask.objects.filter(plan=plan)}
    for position, item in enumerate(spec.tasks, start=1):
        values = {
            "title": item.title,
            "pillar": item.pillar,
            "position": position,
            "provenance": item.provenance,
            "source": item.source,
            "note": item.note,
        }
        if item.code in tasks:
            PlanTask.objects.filter(pk=tasks[item.code].pk).update(**values)
        else:
            tasks[item.code] = PlanTask.objects.create(plan=plan, code=item.code, **values)
    for old_code, new_code in OLD_TO_NEW.items():
        old, new = tasks.get(old_code), tasks.get(new_code)
        if old is None or new is None:
            continue
        PlanActivity.objects.filter(task=old).update(task=new)
    for report in Report.objects.filter(cycle__plan=plan):
        texts = dict((report.content or {}).get("tasks") or {})
        if not any(code in texts for code in OLD_TO_NEW):
            continue
        moved: dict[str, str] = {}
        for code, text in texts.items():
            target = OLD_TO_NEW.get(code, code)
            text = str(text or "").strip()
            if text:
                moved[target] = f"{moved[target]}\n{text}" if moved.get(target) else text
            else:
                moved.setdefault(target, "")
        report.content = {**report.content, "tasks": moved}
        report.save(update_fields=["content"])
    PlanTask.objects.filter(plan=plan, code__in=list(OLD_TO_NEW)).delete()
    # Sources: only rows still holding the old shipped wording.
    TargetPlan.objects.filter(pk=plan.pk).update(
        legal_source=spec.legal_source[:300], source=spec.source[:500]
    )
    for target in spec.targets:
        Target.objects.filter(plan=plan, code=target.code, source=OLD_UNCHECKED).update(source=target.source)
    for pilot in spec.pilots:
        PilotModel.objects.filter(plan_code=pilot.code, source__contains="chưa đối chiếu").update(
            source=pilot.source
        )


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_plan_task_wording")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
