from django.urls import path

from ntm.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_browser, name="browser"),
    path("xuat-excel/", views.units_export, name="export"),
    path("ap-khu-pho/nhap-excel/", views.hamlets_import, name="hamlets_import"),
    path("ap-khu-pho/mau-excel/", views.hamlets_template, name="hamlets_template"),
    path("ap-khu-pho/<int:hamlet_id>/", views.hamlet_update, name="hamlet_update"),
    path("ke-thua/nhap-csv/", views.lineage_import, name="lineage_import"),
    path("ranh-gioi/nhap-geojson/", views.boundaries_import, name="boundaries_import"),
    path("<str:structure>/<str:code>/", views.unit_detail, name="detail"),
    path("<str:structure>/<str:code>/ap-khu-pho/", views.hamlet_create, name="hamlet_create"),
    path("<str:structure>/<str:code>/thuoc-tinh/", views.attribute_set, name="attribute_set"),
]
