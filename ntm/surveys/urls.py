from django.urls import path

from ntm.surveys.views import campaigns, public

app_name = "surveys"
urlpatterns = [
    # Officers
    path("khao-sat/", campaigns.campaign_list, name="list"),
    path("khao-sat/tao-moi/", campaigns.campaign_create, name="create"),
    path("khao-sat/mau-danh-sach-ho.xlsx", campaigns.household_template, name="household_template"),
    path("khao-sat/<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("khao-sat/<int:pk>/sua/", campaigns.campaign_edit, name="edit"),
    path("khao-sat/<int:pk>/mo/", campaigns.campaign_open, name="open"),
    path("khao-sat/<int:pk>/dong/", campaigns.campaign_close, name="close"),
    path("khao-sat/<int:pk>/nhap-ho/", campaigns.households_import, name="import"),
    path("khao-sat/<int:pk>/ho/", campaigns.households, name="households"),
    path("khao-sat/<int:pk>/ho/xuat-excel/", campaigns.households_export, name="households_export"),
    path("khao-sat/<int:pk>/ho/<int:household_id>/cap-lai-ma/", campaigns.household_reissue, name="reissue"),
    path("khao-sat/<int:pk>/xoa-danh-sach-ho/", campaigns.households_purge, name="purge"),
    path("khao-sat/<int:pk>/phieu-qr/", campaigns.slips, name="slips"),
    path("khao-sat/<int:pk>/phieu-giay/", campaigns.paper_entry, name="paper"),
    path(
        "khao-sat/<int:pk>/phieu-giay/<int:draft_id>/huy/",
        campaigns.paper_draft_discard,
        name="paper_discard",
    ),
    path("khao-sat/<int:pk>/ket-qua/", campaigns.results, name="results"),
    path("khao-sat/<int:pk>/ket-qua/xuat-excel/", campaigns.results_export, name="results_export"),
    path("khao-sat/<int:pk>/ket-qua/bao-cao.docx", campaigns.report_docx, name="report_docx"),
    # Citizens (public; the short /ks/ keeps the QR codes small). A slip's code never appears in these paths: the
    # QR code opens /ks/#<code> (the fragment is not sent) and every request carries the code in its POST body.
    path("ks/", public.answer, name="answer"),
    path("ks/gui/", public.answer_send, name="answer_send"),
    path("ks/cam-on/", public.thanks, name="thanks"),
]
