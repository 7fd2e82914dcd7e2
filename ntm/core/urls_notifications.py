"""The user's notifications, mounted at /thong-bao/."""

from django.urls import path

from ntm.core import views_notifications

app_name = "notifications"
urlpatterns = [
    path("", views_notifications.notification_list, name="list"),
    path("da-doc/", views_notifications.notification_read, name="read"),
]
