from django.urls import path, register_converter

from ntm.criteria import views


class SetRefConverter:
    """``code`` or ``code@version`` (e.g. ``xa-ntm-2021-2025@2``)."""

    regex = r"[a-z0-9][a-z0-9._-]*(?:@[1-9][0-9]{0,8})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IndicatorCodeConverter:
    regex = r"[A-Za-z0-9][A-Za-z0-9._-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SetRefConverter, "setref")
register_converter(IndicatorCodeConverter, "indicatorcode")

app_name = "criteria"
urlpatterns = [
    path("", views.set_list, name="list"),
    path("nhap-excel/", views.workbook_import, name="import"),
    path("<setref:ref>/", views.set_detail, name="detail"),
    path("<setref:ref>/excel/", views.set_excel, name="excel"),
    path("<setref:ref>/danh-gia/", views.set_evaluate, name="evaluate"),
    path("<setref:ref>/chi-tieu/<indicatorcode:indicator>/sua/", views.indicator_edit, name="indicator_edit"),
]
