from django.urls import path

from ntm.accounts import views, views_manage

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/ma-truy-cap/", views.token_create, name="token_create"),
    path("tai-khoan/ma-truy-cap/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("tai-khoan/xac-thuc-hai-buoc/thiet-lap/", views.two_factor_setup, name="two_factor_setup"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "quen-mat-khau/dat-lai/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("quen-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("quan-ly-tai-khoan/", views_manage.account_list, name="account_list"),
    path("quan-ly-tai-khoan/tao/", views_manage.account_create, name="account_create"),
    path("quan-ly-tai-khoan/nhap-excel/", views_manage.account_import, name="account_import"),
    path("quan-ly-tai-khoan/mau-excel/", views_manage.account_template, name="account_template"),
    path("quan-ly-tai-khoan/<int:user_id>/", views_manage.account_detail, name="account_detail"),
    path("quan-ly-tai-khoan/<int:user_id>/vai-tro/", views_manage.role_add, name="role_add"),
    path(
        "quan-ly-tai-khoan/<int:user_id>/vai-tro/<int:role_id>/ket-thuc/",
        views_manage.role_remove,
        name="role_remove",
    ),
    path(
        "quan-ly-tai-khoan/<int:user_id>/vo-hieu/", views_manage.account_deactivate, name="account_deactivate"
    ),
    path(
        "quan-ly-tai-khoan/<int:user_id>/kich-hoat/",
        views_manage.account_reactivate,
        name="account_reactivate",
    ),
    path(
        "quan-ly-tai-khoan/<int:user_id>/gui-lien-ket/",
        views_manage.account_send_link,
        name="account_send_link",
    ),
    path(
        "quan-ly-tai-khoan/<int:user_id>/dat-lai-hai-buoc/",
        views_manage.account_two_factor_reset,
        name="account_two_factor_reset",
    ),
]
