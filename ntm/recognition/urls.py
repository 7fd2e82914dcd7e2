from django.urls import path

from ntm.recognition import views_admin, views_dossiers

app_name = "recognition"
urlpatterns = [
    path("ho-so/", views_dossiers.dossier_list, name="dossier_list"),
    path("ho-so/xuat-excel/", views_dossiers.dossier_export, name="dossier_export"),
    path("ho-so/tao/", views_dossiers.dossier_create, name="dossier_create"),
    path("ho-so/<int:dossier_id>/", views_dossiers.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:dossier_id>/chuyen-buoc/", views_dossiers.dossier_transition, name="dossier_transition"),
    path("ho-so/<int:dossier_id>/tai-lieu/", views_dossiers.document_add, name="document_add"),
    path("ho-so/<int:dossier_id>/cong-khai/", views_dossiers.posting_add, name="posting_add"),
    path("ho-so/<int:dossier_id>/khao-sat/", views_dossiers.survey_attach, name="survey_attach"),
    path("ho-so/<int:dossier_id>/hoi-dong/", views_dossiers.council_add, name="council_add"),
    path("ho-so/<int:dossier_id>/bieu-quyet/", views_dossiers.council_vote, name="council_vote"),
    path("ho-so/<int:dossier_id>/quyet-dinh/", views_dossiers.decision_details, name="decision_details"),
    path("ho-so/<int:dossier_id>/tao-van-ban/", views_dossiers.document_generate, name="document_generate"),
    path("tai-lieu/<int:document_id>/", views_dossiers.document_download, name="document_download"),
    path("tai-lieu/<int:document_id>/rut/", views_dossiers.document_withdraw, name="document_withdraw"),
    path("cong-khai/<int:posting_id>/minh-chung/", views_dossiers.posting_proof, name="posting_proof"),
    path("tra-loi/<int:reason_id>/", views_dossiers.return_answer, name="return_answer"),
    path("quy-trinh/", views_admin.procedure_list, name="procedure_list"),
    path("quy-trinh/<int:version_id>/", views_admin.procedure_detail, name="procedure_detail"),
    path(
        "quy-trinh/<int:version_id>/buoc/<str:step_code>/",
        views_admin.procedure_step_settings,
        name="procedure_step_settings",
    ),
    path("mau-van-ban/", views_admin.template_list, name="templates"),
    path("mau-van-ban/<str:kind>/tai-ve/", views_admin.template_download, name="template_download"),
    path(
        "mau-van-ban/thay-the/<int:override_id>/go-bo/",
        views_admin.template_deactivate,
        name="template_deactivate",
    ),
    path("thu-hoi/", views_admin.revocation_list, name="revocations"),
    path("thu-hoi/tao/", views_admin.revocation_create, name="revocation_create"),
]
