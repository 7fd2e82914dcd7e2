from django.urls import path, re_path

from ntm.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.public_map, name="public"),
    re_path(r"^ranh-gioi/(?P<structure>2025|legacy)\.topojson$", views.boundaries, name="boundaries"),
    path("don-vi/<str:structure>/<str:code>/", views.unit_page, name="unit"),
    re_path(r"^xuat/(?P<fmt>xlsx|geojson)/$", views.export, name="export"),
    re_path(r"^in/(?P<fmt>svg|pdf|png)/$", views.print_map, name="print"),
    path("lop/<slug:key>/", views.public_point_layer, name="public_point_layer"),
    path("noi-bo/", views.internal_map, name="internal"),
    re_path(r"^noi-bo/xuat/(?P<fmt>xlsx|geojson)/$", views.internal_export, name="internal_export"),
    path("noi-bo/lop/<slug:key>/", views.point_layer, name="point_layer"),
]
