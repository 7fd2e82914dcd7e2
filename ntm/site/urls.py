from django.urls import path

from ntm.site import health, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("viec-cua-toi/", views.my_work, name="my_work"),
    path("suc-khoe/", health.health, name="health"),
    path("nhat-ky/export/", views.audit_export, name="audit_export"),
]
