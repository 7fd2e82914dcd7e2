from django.urls import path

from ntm.infrastructure import views

app_name = "infrastructure"
urlpatterns = [
    path("", views.index, name="index"),
    path("xa/<int:unit_id>/", views.commune, name="commune"),
    path("xa/<int:unit_id>/them/", views.asset_create, name="asset_create"),
    path("xa/<int:unit_id>/nhap-excel/", views.asset_import, name="asset_import"),
    path("xa/<int:unit_id>/mau-excel/", views.import_template, name="import_template"),
    path("xa/<int:unit_id>/song-di-dong/", views.coverage_edit, name="coverage_edit"),
    path("xa/<int:unit_id>/song-di-dong/nhap-excel/", views.coverage_upload, name="coverage_import"),
    path("xa/<int:unit_id>/song-di-dong/mau-excel/", views.coverage_template, name="coverage_template"),
    path("xa/<int:unit_id>/quy-hoach/", views.planning, name="planning"),
    path("diem/<int:asset_id>/kiem-tra/", views.asset_check, name="asset_check"),
    path("quy-hoach/<int:record_id>/sua/", views.planning_edit, name="planning_edit"),
    path("quy-hoach/<int:record_id>/tai-lieu/", views.document_add, name="document_add"),
    path("quy-hoach/tai-lieu/<int:document_id>/", views.document, name="document"),
    path("quy-hoach/<int:record_id>/ban-do/", views.map_upload, name="map_upload"),
    path("quy-hoach/<int:record_id>/ban-do.geojson", views.map_geojson, name="map_geojson"),
    path("lien-ket-chi-tieu/", views.indicator_link, name="indicator_link"),
]
