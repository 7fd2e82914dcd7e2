from django.urls import path

from ntm.surveys import views, views_public

app_name = "surveys"
urlpatterns = [
    # Officers
    path("khao-sat/", views.campaign_list, name="list"),
    path("khao-sat/tao-moi/", views.campaign_create, name="create"),
    path("khao-sat/mau-danh-sach-ho.xlsx", views.household_template, name="household_template"),
    path("khao-sat/<int:pk>/", views.campaign_detail, name="detail"),
    path("khao-sat/<int:pk>/sua/", views.campaign_edit, name="edit"),
    path("khao-sat/<int:pk>/mo/", views.campaign_open, name="open"),
    path("khao-sat/<int:pk>/dong/", views.campaign_close, name="close"),
    path("khao-sat/<int:pk>/nhap-ho/", views.households_import, name="import"),
    path("khao-sat/<int:pk>/ho/", views.households, name="households"),
    path("khao-sat/<int:pk>/ho/xuat-excel/", views.households_export, name="households_export"),
    path("khao-sat/<int:pk>/ho/<int:household_id>/cap-lai-ma/", views.household_reissue, name="reissue"),
    path("khao-sat/<int:pk>/xoa-danh-sach-ho/", views.households_purge, name="purge"),
    path("khao-sat/<int:pk>/phieu-qr/", views.slips, name="slips"),
    path("khao-sat/<int:pk>/phieu-giay/", views.paper_entry, name="paper"),
    path("khao-sat/<int:pk>/phieu-giay/<int:draft_id>/huy/", views.paper_draft_discard, name="paper_discard"),
    path("khao-sat/<int:pk>/ket-qua/", views.results, name="results"),
    path("khao-sat/<int:pk>/ket-qua/xuat-excel/", views.results_export, name="results_export"),
    path("khao-sat/<int:pk>/ket-qua/bao-cao.docx", views.report_docx, name="report_docx"),
    # Citizens (public; the short /ks/ form keeps the QR codes small)
    path("ks/", views_public.enter_code, name="enter_code"),
    path("ks/cam-on/", views_public.thanks, name="thanks"),
    path("ks/<str:token>/", views_public.answer, name="answer"),
]
