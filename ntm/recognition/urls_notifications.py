"""The user's notifications, mounted at /thong-bao/ (recognition owns the Notification model)."""

from django.urls import path

from ntm.recognition import views_admin

app_name = "notifications"
urlpatterns = [
    path("", views_admin.notification_list, name="list"),
    path("da-doc/", views_admin.notification_read, name="read"),
]
