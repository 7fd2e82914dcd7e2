from django.urls import path

from ntm.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("tra-cuu/", views.status, name="status"),
    path("hop-thu/", views.inbox, name="inbox"),
    path("hop-thu/chuyen-tinh/", views.escalated, name="escalated"),
    path("hop-thu/<int:pk>/", views.item, name="item"),
    path("hop-thu/<int:pk>/tra-loi/", views.answer, name="answer"),
    path("hop-thu/<int:pk>/anh/", views.photo, name="photo"),
    path("ngay-nghi/", views.holidays, name="holidays"),
    path("ngay-nghi/<int:pk>/xoa/", views.holiday_remove, name="holiday_remove"),
]
