from django.urls import path

from ntm.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/ma-truy-cap/", views.token_create, name="token_create"),
    path("tai-khoan/ma-truy-cap/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
