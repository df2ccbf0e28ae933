from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("resultados.csv", views.download_csv, name="csv"),
    path("encuesta/<str:token>/", views.survey, name="survey"),
    path("<slug:code>/", views.call_results, name="call"),
]
