from django.urls import path

from ntm.programme.views import plans, registries, reports, targets

app_name = "programme"


def _registry(slug: str, kind: str) -> list:
    return [
        path(f"{slug}/", registries.registry_list, {"kind": kind}, name=kind),
        path(f"{slug}/them/", registries.registry_create, {"kind": kind}, name=f"{kind}_create"),
        path(f"{slug}/xuat-excel/", registries.registry_export, {"kind": kind}, name=f"{kind}_export"),
        path(f"{slug}/<int:pk>/sua/", registries.registry_edit, {"kind": kind}, name=f"{kind}_edit"),
    ]


urlpatterns = [
    # Targets and progress
    path("", targets.progress, name="progress"),
    path("chi-tieu/xuat-excel/", targets.progress_export, name="progress_export"),
    path("chi-tieu/them/", targets.target_create, name="target_create"),
    path("ke-hoach/them/", targets.plan_create, name="target_plan_create"),
    path("ke-hoach/<int:pk>/nguoi-bao-cao/", targets.reporter_rules, name="reporter_rules"),
    path("chi-tieu/<int:pk>/", targets.target_detail, name="target"),
    path("chi-tieu/<int:pk>/sua/", targets.target_edit, name="target_edit"),
    path("chi-tieu/<int:pk>/bat-tat/", targets.target_toggle, name="target_toggle"),
    path("chi-tieu/<int:pk>/so-lieu/", targets.reported_add, name="reported_add"),
    path("so-lieu/<int:pk>/minh-chung/", targets.reported_evidence, name="reported_evidence"),
    # Registries
    *_registry("hop-tac-xa", "cooperatives"),
    *_registry("lien-ket-san-xuat", "linkage"),
    *_registry("dich-vu-truc-tuyen", "services"),
    *_registry("can-bo-quan-ly", "managers"),
    *_registry("dao-tao", "courses"),
    *_registry("thi-diem", "pilots"),
    path("dao-tao/<int:pk>/", registries.course_detail, name="course"),
    path("dao-tao/<int:pk>/hoc-vien/", registries.course_attendance, name="course_attendance"),
    path("dao-tao/<int:pk>/theo-don-vi/", registries.course_unit_attendance, name="course_unit_attendance"),
    path("dao-tao/theo-nam/", registries.courses_by_year, name="courses_by_year"),
    path("thi-diem/<int:pk>/", registries.pilot_detail, name="pilot"),
    path("thi-diem/<int:pk>/moc/", registries.pilot_milestone, name="pilot_milestone"),
    path("thi-diem/<int:pk>/minh-chung/", registries.pilot_evidence, name="pilot_evidence"),
    path("thi-diem/<int:pk>/quyet-dinh/", registries.pilot_approval, name="pilot_approval"),
    path("thi-diem/<int:pk>/quyet-dinh/tep/", registries.pilot_approval_download, name="pilot_approval_file"),
    path(
        "thi-diem/minh-chung/<int:evidence_id>/",
        registries.pilot_evidence_download,
        name="pilot_evidence_file",
    ),
    # Annual plans
    path("ke-hoach-nam/", plans.plan_list, name="plans"),
    path("ke-hoach-nam/tao/", plans.plan_create, name="plan_create"),
    path("ke-hoach-nam/<int:pk>/", plans.plan_detail, name="plan"),
    path("ke-hoach-nam/<int:pk>/sua/", plans.plan_update, name="plan_update"),
    path("ke-hoach-nam/<int:pk>/chi-tieu/", plans.plan_indicator_add, name="plan_indicator_add"),
    path(
        "ke-hoach-nam/<int:pk>/chi-tieu/<int:indicator_id>/xoa/",
        plans.plan_indicator_remove,
        name="plan_indicator_remove",
    ),
    path("ke-hoach-nam/<int:pk>/hoat-dong/", plans.plan_activity, name="plan_activity_add"),
    path("ke-hoach-nam/<int:pk>/hoat-dong/<int:activity_id>/", plans.plan_activity, name="plan_activity"),
    path("ke-hoach-nam/<int:pk>/kinh-phi/", plans.plan_budget, name="plan_budget_add"),
    path("ke-hoach-nam/<int:pk>/kinh-phi/<int:line_id>/", plans.plan_budget, name="plan_budget"),
    path(
        "ke-hoach-nam/<int:pk>/kinh-phi/<int:line_id>/xoa/",
        plans.plan_budget_remove,
        name="plan_budget_remove",
    ),
    # Report cycles
    path("ky-bao-cao/", reports.cycle_list, name="cycles"),
    path("ky-bao-cao/<int:pk>/", reports.cycle_detail, name="cycle"),
    path("ky-bao-cao/<int:pk>/nhac-nho/", reports.cycle_remind, name="cycle_remind"),
    path("ky-bao-cao/<int:pk>/dong/", reports.cycle_close, name="cycle_close"),
    path("ky-bao-cao/<int:pk>/mo-lai/", reports.cycle_reopen, name="cycle_reopen"),
    path("ky-bao-cao/<int:pk>/tong-hop/", reports.cycle_consolidate, name="cycle_consolidate"),
    path("ky-bao-cao/<int:pk>/bao-cao-cua-toi/", reports.my_report, name="my_report"),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report"),
    path("bao-cao/<int:pk>/tra-lai/", reports.report_return, name="report_return"),
    path("bao-cao/<int:pk>/tep/", reports.report_attachment, name="report_attachment"),
    path("bao-cao/tep/<int:pk>/", reports.attachment_download, name="attachment"),
    path("tong-hop/<int:pk>/<str:kind>/", reports.consolidated_download, name="consolidated"),
]
