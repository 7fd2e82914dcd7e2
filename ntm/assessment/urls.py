from django.urls import path

from ntm.assessment.views import bulk, dashboards, values

app_name = "assessment"
urlpatterns = [
    path("don-vi/<str:structure>/<str:code>/", values.unit_assessment, name="unit"),
    path(
        "don-vi/<str:structure>/<str:code>/tieu-chi/<str:criterion>/",
        values.criterion_save,
        name="criterion_save",
    ),
    path("gia-tri/<int:value_id>/xac-nhan/", values.value_verify, name="value_verify"),
    path("gia-tri/<int:value_id>/tra-lai/", values.value_return, name="value_return"),
    path("gia-tri/<int:value_id>/tra-loi/", values.value_answer, name="value_answer"),
    path("gia-tri/<int:value_id>/minh-chung/", values.evidence_add, name="evidence_add"),
    path("minh-chung/<int:evidence_id>/", values.evidence_download, name="evidence"),
    path("tong-quan/", dashboards.overview, name="overview"),
    path("tong-quan/excel/", dashboards.overview_export, name="overview_export"),
    path("ma-tran/", dashboards.matrix, name="matrix"),
    path(
        "ma-tran/o/<int:version_id>/<int:year>/<str:code>/<str:criterion>",
        dashboards.matrix_cell,
        name="matrix_cell",
    ),
    path("ma-tran/excel/", dashboards.matrix_export, name="matrix_export"),
    path("so-nganh/", dashboards.department, name="department"),
    path("so-nganh/excel/", dashboards.department_export, name="department_export"),
    path("khoang-cach/", dashboards.gaps, name="gaps"),
    path("khoang-cach/excel/", dashboards.gaps_export, name="gaps_export"),
    path("nhap-excel/", bulk.import_page, name="import"),
    path("nhap-excel/mau-xa/", bulk.unit_template, name="unit_template"),
    path("nhap-excel/mau-so-nganh/", bulk.department_template, name="department_template"),
]
