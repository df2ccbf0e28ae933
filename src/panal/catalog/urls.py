from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalogue, name="list"),
    path("convocatorias/<slug:code>/", views.call_detail, name="call"),
    path("<slug:code>/", views.instrument_detail, name="instrument"),
]
