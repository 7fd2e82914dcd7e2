from django.urls import path

from ntm.programme import views_plans, views_registries, views_reports, views_targets

app_name = "programme"


def _registry(slug: str, kind: str) -> list:
    return [
        path(f"{slug}/", views_registries.registry_list, {"kind": kind}, name=kind),
        path(f"{slug}/them/", views_registries.registry_create, {"kind": kind}, name=f"{kind}_create"),
        path(f"{slug}/xuat-excel/", views_registries.registry_export, {"kind": kind}, name=f"{kind}_export"),
        path(f"{slug}/<int:pk>/sua/", views_registries.registry_edit, {"kind": kind}, name=f"{kind}_edit"),
    ]


urlpatterns = [
    # Targets and progress
    path("", views_targets.progress, name="progress"),
    path("chi-tieu/xuat-excel/", views_targets.progress_export, name="progress_export"),
    path("chi-tieu/them/", views_targets.target_create, name="target_create"),
    path("ke-hoach/them/", views_targets.plan_create, name="target_plan_create"),
    path("chi-tieu/<int:pk>/", views_targets.target_detail, name="target"),
    path("chi-tieu/<int:pk>/sua/", views_targets.target_edit, name="target_edit"),
    path("chi-tieu/<int:pk>/bat-tat/", views_targets.target_toggle, name="target_toggle"),
    path("chi-tieu/<int:pk>/so-lieu/", views_targets.reported_add, name="reported_add"),
    path("so-lieu/<int:pk>/minh-chung/", views_targets.reported_evidence, name="reported_evidence"),
    # Registries
    *_registry("hop-tac-xa", "cooperatives"),
    *_registry("lien-ket-san-xuat", "linkage"),
    *_registry("dich-vu-truc-tuyen", "services"),
    *_registry("can-bo-quan-ly", "managers"),
    *_registry("dao-tao", "courses"),
    *_registry("thi-diem", "pilots"),
    path("dao-tao/<int:pk>/", views_registries.course_detail, name="course"),
    path("dao-tao/<int:pk>/hoc-vien/", views_registries.course_attendance, name="course_attendance"),
    path("thi-diem/<int:pk>/", views_registries.pilot_detail, name="pilot"),
    path("thi-diem/<int:pk>/moc/", views_registries.pilot_milestone, name="pilot_milestone"),
    path("thi-diem/<int:pk>/minh-chung/", views_registries.pilot_evidence, name="pilot_evidence"),
    path("thi-diem/<int:pk>/quyet-dinh/", views_registries.pilot_approval, name="pilot_approval"),
    path(
        "thi-diem/minh-chung/<int:evidence_id>/",
        views_registries.pilot_evidence_download,
        name="pilot_evidence_file",
    ),
    # Annual plans
    path("ke-hoach-nam/", views_plans.plan_list, name="plans"),
    path("ke-hoach-nam/tao/", views_plans.plan_create, name="plan_create"),
    path("ke-hoach-nam/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("ke-hoach-nam/<int:pk>/sua/", views_plans.plan_update, name="plan_update"),
    path("ke-hoach-nam/<int:pk>/chi-tieu/", views_plans.plan_indicator_add, name="plan_indicator_add"),
    path(
        "ke-hoach-nam/<int:pk>/chi-tieu/<int:indicator_id>/xoa/",
        views_plans.plan_indicator_remove,
        name="plan_indicator_remove",
    ),
    path("ke-hoach-nam/<int:pk>/hoat-dong/", views_plans.plan_activity, name="plan_activity_add"),
    path(
        "ke-hoach-nam/<int:pk>/hoat-dong/<int:activity_id>/", views_plans.plan_activity, name="plan_activity"
    ),
    path("ke-hoach-nam/<int:pk>/kinh-phi/", views_plans.plan_budget, name="plan_budget_add"),
    path("ke-hoach-nam/<int:pk>/kinh-phi/<int:line_id>/", views_plans.plan_budget, name="plan_budget"),
    path(
        "ke-hoach-nam/<int:pk>/kinh-phi/<int:line_id>/xoa/",
        views_plans.plan_budget_remove,
        name="plan_budget_remove",
    ),
    # Report cycles
    path("ky-bao-cao/", views_reports.cycle_list, name="cycles"),
    path("ky-bao-cao/<int:pk>/", views_reports.cycle_detail, name="cycle"),
    path("ky-bao-cao/<int:pk>/nhac-nho/", views_reports.cycle_remind, name="cycle_remind"),
    path("ky-bao-cao/<int:pk>/dong/", views_reports.cycle_close, name="cycle_close"),
    path("ky-bao-cao/<int:pk>/mo-lai/", views_reports.cycle_reopen, name="cycle_reopen"),
    path("ky-bao-cao/<int:pk>/tong-hop/", views_reports.cycle_consolidate, name="cycle_consolidate"),
    path("ky-bao-cao/<int:pk>/bao-cao-cua-toi/", views_reports.my_report, name="my_report"),
    path("bao-cao/<int:pk>/", views_reports.report_detail, name="report"),
    path("bao-cao/<int:pk>/tra-lai/", views_reports.report_return, name="report_return"),
    path("bao-cao/<int:pk>/tep/", views_reports.report_attachment, name="report_attachment"),
    path("bao-cao/tep/<int:pk>/", views_reports.attachment_download, name="attachment"),
    path("tong-hop/<int:pk>/<str:kind>/", views_reports.consolidated_download, name="consolidated"),
]
