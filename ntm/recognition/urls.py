from django.urls import path

from ntm.recognition.views import admin, dossiers, hamlet_models, hamlets

app_name = "recognition"
urlpatterns = [
    path("ho-so/", dossiers.dossier_list, name="dossier_list"),
    path("ap-mo-hinh/", hamlet_models.hamlet_models, name="hamlet_models"),
    path("ap-mo-hinh/xa/<int:unit_id>/", hamlets.commune_hamlets, name="commune_hamlets"),
    path("ap/<int:hamlet_id>/", hamlets.hamlet_detail, name="hamlet_detail"),
    path("ap/<int:hamlet_id>/gia-tri/", hamlets.hamlet_value, name="hamlet_value"),
    path("ap/<int:hamlet_id>/ho-so/", hamlets.hamlet_dossier_create, name="hamlet_dossier_create"),
    path("ap/ho-so/<int:dossier_id>/chuyen-buoc/", hamlets.hamlet_dossier_step, name="hamlet_dossier_step"),
    path("ho-so/xuat-excel/", dossiers.dossier_export, name="dossier_export"),
    path("ho-so/tao/", dossiers.dossier_create, name="dossier_create"),
    path("ho-so/<int:dossier_id>/", dossiers.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:dossier_id>/chuyen-buoc/", dossiers.dossier_transition, name="dossier_transition"),
    path("ho-so/<int:dossier_id>/tai-lieu/", dossiers.document_add, name="document_add"),
    path("ho-so/<int:dossier_id>/cong-khai/", dossiers.posting_add, name="posting_add"),
    path("ho-so/<int:dossier_id>/khao-sat/", dossiers.survey_attach, name="survey_attach"),
    path("ho-so/<int:dossier_id>/hoi-dong/", dossiers.council_add, name="council_add"),
    path("ho-so/<int:dossier_id>/bieu-quyet/", dossiers.council_vote, name="council_vote"),
    path("ho-so/<int:dossier_id>/quyet-dinh/", dossiers.decision_details, name="decision_details"),
    path("ho-so/<int:dossier_id>/tao-van-ban/", dossiers.document_generate, name="document_generate"),
    path("tai-lieu/<int:document_id>/", dossiers.document_download, name="document_download"),
    path("tai-lieu/<int:document_id>/rut/", dossiers.document_withdraw, name="document_withdraw"),
    path("cong-khai/<int:posting_id>/minh-chung/", dossiers.posting_proof, name="posting_proof"),
    path("tra-loi/<int:reason_id>/", dossiers.return_answer, name="return_answer"),
    path("quy-trinh/", admin.procedure_list, name="procedure_list"),
    path("quy-trinh/<int:version_id>/", admin.procedure_detail, name="procedure_detail"),
    path(
        "quy-trinh/<int:version_id>/buoc/<str:step_code>/",
        admin.procedure_step_settings,
        name="procedure_step_settings",
    ),
    path("mau-van-ban/", admin.template_list, name="templates"),
    path("mau-van-ban/<str:kind>/tai-ve/", admin.template_download, name="template_download"),
    path(
        "mau-van-ban/thay-the/<int:override_id>/go-bo/",
        admin.template_deactivate,
        name="template_deactivate",
    ),
    path("thu-hoi/", admin.revocation_list, name="revocations"),
    path("thu-hoi/tao/", admin.revocation_create, name="revocation_create"),
]
