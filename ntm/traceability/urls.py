from django.urls import path

from ntm.traceability.views import areas, lots, public

app_name = "traceability"
urlpatterns = [
    # Producers and officers
    path("vung-trong/", areas.area_list, name="areas"),
    path("vung-trong/dang-ky/", areas.area_register, name="area_register"),
    path("vung-trong/thong-ke.xlsx", areas.area_stats, name="area_stats"),
    path("vung-trong/cong-quoc-gia.json", areas.portal_export, name="portal_export"),
    path("vung-trong/<int:pk>/", areas.area_detail, name="area"),
    path("vung-trong/<int:pk>/sua/", areas.area_edit, name="area_edit"),
    path("vung-trong/<int:pk>/cap-ma/", areas.code_issue, name="code_issue"),
    path("vung-trong/<int:pk>/ma-so/", areas.code_action, name="code_action"),
    path("vung-trong/<int:pk>/kiem-tra/", areas.inspection_add, name="inspection_add"),
    path("vung-trong/<int:pk>/lo-moi/", lots.lot_create, name="lot_create"),
    path("lo-san-xuat/che-bien/", lots.lots_process, name="lots_process"),
    path("lo-san-xuat/<int:pk>/", lots.lot_detail, name="lot"),
    path("lo-san-xuat/<int:pk>/su-kien/", lots.event_add, name="event_add"),
    path("lo-san-xuat/<int:pk>/su-kien/<str:event_id>/dinh-chinh/", lots.event_correct, name="event_correct"),
    path("lo-san-xuat/<int:pk>/nhan-qr/", lots.labels, name="labels"),
    path("lo-san-xuat/<int:pk>/anh/", lots.lot_image, name="lot_image"),
    path("lo-san-xuat/<int:pk>/che-bien/", lots.lot_process, name="lot_process"),
    path("lo-san-xuat/<int:pk>/epcis.jsonld", lots.lot_epcis, name="lot_epcis"),
    path("lo-san-xuat/<int:pk>/truy-xuat.<str:fmt>", lots.lot_fields, name="lot_fields"),
    # Citizens (public): the trace page and the GS1 Digital Link entry of QR codes with a GTIN
    path("truy-xuat/<str:code>/", public.trace, name="trace"),
    path("truy-xuat/<str:code>/anh/", public.trace_image, name="trace_image"),
    path("01/<str:gtin>/10/<str:lot>", public.digital_link, name="digital_link"),
]
