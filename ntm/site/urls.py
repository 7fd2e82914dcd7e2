from django.urls import path

from ntm.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/export/", views.audit_export, name="audit_export"),
]
