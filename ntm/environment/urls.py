from django.urls import path

from ntm.environment import views

app_name = "environment"
urlpatterns = [
    path("", views.index, name="index"),
    path("diem/", views.point_list, name="points"),
    path("diem/xuat-excel/", views.point_export, name="point_export"),
    path("diem/them/", views.point_create, name="point_create"),
    path("diem/<int:point_id>/", views.point_detail, name="point"),
    path("diem/<int:point_id>/trang-thai/", views.point_status, name="point_status"),
    path("diem/<int:point_id>/ket-qua/them/", views.sample_create, name="sample_create"),
    path("ket-qua/<int:sample_id>/phieu/", views.lab_report, name="lab_report"),
    path("ket-qua/nhap-excel/", views.results_import, name="results_import"),
    path("ket-qua/mau-excel/", views.results_template, name="results_template"),
    path("vuot-gioi-han/", views.exceedances, name="exceedances"),
    path("xa/<int:unit_id>/<int:year>/", views.commune, name="commune"),
    path("bao-cao/<int:unit_id>/<int:year>/", views.report, name="report"),
    path("nuoc-sach-ho-gia-dinh/", views.coverage_edit, name="coverage_edit"),
    path("chat-thai/", views.waste_edit, name="waste_edit"),
    path("co-so/them/", views.facility_create, name="facility_create"),
    path("co-so/<int:facility_id>/", views.facility_detail, name="facility"),
    path("danh-muc-thong-so/", views.catalogue_list, name="catalogues"),
    path("lien-ket-chi-tieu/", views.indicator_link, name="indicator_link"),
    path("lich-cong-bo/", views.publication_schedule, name="publication_schedule"),
    path("don-vi-cap-nuoc/", views.water_operators, name="water_operators"),
    path("don-vi-cap-nuoc/<int:organisation_id>/sua/", views.water_operator_edit, name="water_operator_edit"),
    path("cong-khai/nuoc-sach/", views.public_list, name="public_list"),
    path("cong-khai/nuoc-sach/<int:point_id>/", views.public_point, name="public_point"),
]
