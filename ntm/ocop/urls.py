from django.urls import path

from ntm.ocop.views import manage, public

app_name = "ocop"
urlpatterns = [
    # Public
    path("", public.catalogue, name="catalogue"),
    path("san-pham/<int:pk>/", public.product, name="product"),
    path("san-pham/<int:pk>/qr.svg", public.product_qr, name="product_qr"),
    path("san-pham/<int:pk>/anh/<int:photo_id>/", public.product_photo, name="product_photo"),
    path("du-lich/", public.tourism, name="tourism"),
    path("du-lich/<int:pk>/anh/<int:photo_id>/", public.tourism_photo, name="tourism_photo"),
    path("dang-ky-chu-the/", public.producer_register, name="register"),
    # Signed in
    path("quan-ly/", manage.work_list, name="work_list"),
    path("quan-ly/san-pham/moi/", manage.product_create, name="product_create"),
    path("quan-ly/danh-gia/<int:pk>/", manage.evaluation_detail, name="evaluation"),
    path("quan-ly/danh-gia/<int:pk>/nop/", manage.evaluation_submit, name="evaluation_submit"),
    path("quan-ly/danh-gia/<int:pk>/ho-so/", manage.dossier_file_add, name="dossier_file_add"),
    path("quan-ly/danh-gia/<int:pk>/anh/", manage.product_photo_add, name="product_photo_add"),
    path("quan-ly/tep-ho-so/<int:pk>/", manage.dossier_file, name="dossier_file"),
    path("quan-ly/danh-gia/<int:pk>/so-kiem/", manage.evaluation_precheck, name="evaluation_precheck"),
    path("quan-ly/danh-gia/<int:pk>/cham-diem/", manage.evaluation_score, name="evaluation_score"),
    path("quan-ly/danh-gia/<int:pk>/ket-thuc-cham/", manage.evaluation_close, name="evaluation_close"),
    path("quan-ly/danh-gia/<int:pk>/quyet-dinh/", manage.evaluation_decide, name="evaluation_decide"),
    path("quan-ly/chung-nhan/<int:pk>/thu-hoi/", manage.certificate_revoke, name="certificate_revoke"),
    path(
        "quan-ly/chung-nhan/<int:pk>/giay-chung-nhan.<str:kind>",
        manage.certificate_document,
        name="certificate_document",
    ),
    path("quan-ly/tai-danh-gia/", manage.reevaluations, name="reevaluations"),
    path("quan-ly/chung-nhan/<int:pk>/tai-danh-gia/", manage.reevaluation_open, name="reevaluation_open"),
    path("quan-ly/danh-gia/<int:pk>/bien-ban.<str:kind>", manage.minutes_document, name="minutes_document"),
    path(
        "quan-ly/quyet-dinh/<int:pk>/quyet-dinh.<str:kind>",
        manage.decision_document,
        name="decision_document",
    ),
    path("quan-ly/chu-the/", manage.producers, name="producers"),
    path("quan-ly/chu-the/<int:pk>/quyet-dinh/", manage.producer_decide, name="producer_decide"),
    path("quan-ly/du-lich/", manage.tourism_points, name="tourism_points"),
    path("quan-ly/du-lich/<int:pk>/", manage.tourism_point, name="tourism_point"),
    path("quan-ly/du-lich/<int:pk>/anh/", manage.tourism_point_photo_add, name="tourism_point_photo_add"),
    path("quan-ly/phieu-cham/", manage.sheets, name="sheets"),
    path("quan-ly/phieu-cham/<int:pk>/phieu-cham.xlsx", manage.sheet_export, name="sheet_export"),
    path("quan-ly/phieu-cham/<int:pk>/nhap-excel/", manage.sheet_import, name="sheet_import"),
    path("quan-ly/thong-ke/", manage.dashboard, name="dashboard"),
    path("quan-ly/nhap-excel/", manage.catalogue_import, name="import"),
    path("quan-ly/nhap-excel/mau.xlsx", manage.catalogue_template, name="import_template"),
    path("quan-ly/thong-ke/xuat-excel/", manage.dashboard_export, name="dashboard_export"),
]
