from django.urls import path

from ntm.api import open_data

app_name = "open_data"
urlpatterns = [
    path("", open_data.index, name="index"),
    path("ntm-ket-qua.json", open_data.results_json, name="results_json"),
    path("ntm-ket-qua.xlsx", open_data.results_xlsx, name="results_xlsx"),
    path("ntm-ket-qua.schema.json", open_data.results_schema, name="results_schema"),
    path("lam-moi/", open_data.rebuild, name="rebuild"),
]
