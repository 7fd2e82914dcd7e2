from django.urls import path

from ntm.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("mo-hinh-hay/", views.showcase, name="showcase"),
    path("rss/", views.LatestFeed(), name="feed"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/anh/<int:image_id>/", views.public_image, name="public_image"),
    path("khen-thuong/", views.public_awards, name="public_awards"),
    path("quan-ly/", views.manage_list, name="manage_list"),
    path("quan-ly/them/", views.article_create, name="article_create"),
    path("quan-ly/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("quan-ly/<int:pk>/sua/", views.article_edit, name="article_edit"),
    path("quan-ly/<int:pk>/chuyen/", views.article_transition, name="article_transition"),
    path("quan-ly/<int:pk>/anh/them/", views.image_add, name="image_add"),
    path("quan-ly/<int:pk>/anh/<int:image_id>/", views.manage_image, name="manage_image"),
    path("quan-ly/<int:pk>/anh/<int:image_id>/xoa/", views.image_remove, name="image_remove"),
    path("thi-dua/", views.emulation, name="emulation"),
    path("thi-dua/phong-trao/them/", views.movement_create, name="movement_create"),
    path("thi-dua/phong-trao/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("thi-dua/phong-trao/<int:pk>/don-vi/", views.participant_add, name="participant_add"),
    path("thi-dua/quyet-dinh/them/", views.decision_create, name="decision_create"),
    path("thi-dua/quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("thi-dua/quyet-dinh/<int:pk>/khen-thuong/", views.award_add, name="award_add"),
    path("thi-dua/quyet-dinh/<int:pk>/word/", views.decision_word, name="decision_word"),
]
