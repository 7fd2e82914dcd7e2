from django.urls import path

from ntm.assessment import views, views_bulk, views_dashboards

app_name = "assessment"
urlpatterns = [
    path("don-vi/<str:structure>/<str:code>/", views.unit_assessment, name="unit"),
    path("don-vi/<str:structure>/<str:code>/chi-tieu/<str:indicator>/", views.value_save, name="value_save"),
    path("gia-tri/<int:value_id>/xac-nhan/", views.value_verify, name="value_verify"),
    path("gia-tri/<int:value_id>/tra-lai/", views.value_return, name="value_return"),
    path("gia-tri/<int:value_id>/tra-loi/", views.value_answer, name="value_answer"),
    path("gia-tri/<int:value_id>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("tong-quan/", views_dashboards.overview, name="overview"),
    path("tong-quan/excel/", views_dashboards.overview_export, name="overview_export"),
    path("ma-tran/", views_dashboards.matrix, name="matrix"),
    path("ma-tran/excel/", views_dashboards.matrix_export, name="matrix_export"),
    path("so-nganh/", views_dashboards.department, name="department"),
    path("so-nganh/excel/", views_dashboards.department_export, name="department_export"),
    path("khoang-cach/", views_dashboards.gaps, name="gaps"),
    path("khoang-cach/excel/", views_dashboards.gaps_export, name="gaps_export"),
    path("nhap-excel/", views_bulk.import_page, name="import"),
    path("nhap-excel/mau-xa/", views_bulk.unit_template, name="unit_template"),
    path("nhap-excel/mau-so-nganh/", views_bulk.department_template, name="department_template"),
]
