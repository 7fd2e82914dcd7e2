from django.urls import path

from ntm.status import views

app_name = "status"
urlpatterns = [
    path("so-dang-ky/", views.register_list, name="register"),
    path("so-dang-ky/xuat-excel/", views.register_export, name="register_export"),
    path("so-dang-ky/them/", views.record_create, name="record_create"),
    path("so-dang-ky/nhap-excel/", views.register_import_view, name="register_import"),
    path("so-dang-ky/mau-excel/", views.register_template, name="register_template"),
    path("lich-su/<str:structure>/<str:code>/", views.unit_history, name="history"),
    path("quyet-dinh/<int:record_id>/van-ban/", views.decision_document, name="document"),
]
