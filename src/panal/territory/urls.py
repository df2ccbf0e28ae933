from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("regiones/<str:code>/", views.region_detail, name="region"),
    path("comunas/<str:code>/", views.commune_detail, name="commune"),
]
