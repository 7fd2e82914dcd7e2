from django.contrib import admin
from django.urls import include, path

from ntm.api.api import api

handler403 = "ntm.site.views.permission_denied"
handler404 = "ntm.site.views.page_not_found"

urlpatterns = [
    path("", include("ntm.site.urls")),
    path("", include("ntm.accounts.urls")),
    path("don-vi/", include("ntm.units.urls")),
    path("cong-nhan/", include("ntm.status.urls")),
    path("van-ban/", include("ntm.legal.urls")),
    path("cong-nhan/", include("ntm.recognition.urls")),
    path("ban-do/", include("ntm.maps.urls")),
    path("thong-bao/", include("ntm.core.urls_notifications")),
    path("danh-gia/", include("ntm.assessment.urls")),
    path("bo-tieu-chi/", include("ntm.criteria.urls")),
    path("chuong-trinh/", include("ntm.programme.urls")),
    path("nhat-ky/", include("ntm.audit.urls")),
    path("tac-vu/", include("ntm.jobs.urls")),
    path("", include("ntm.surveys.urls")),
    path("moi-truong/", include("ntm.environment.urls")),
    path("", include("ntm.traceability.urls")),
    path("ocop/", include("ntm.ocop.urls")),
    path("ha-tang-so/", include("ntm.infrastructure.urls")),
    path("phan-anh/", include("ntm.feedback.urls")),
    path("du-lieu-mo/", include("ntm.api.urls")),
    path("kien-thuc/", include("ntm.knowledge.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]
