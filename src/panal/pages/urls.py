from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("fuentes/", views.about, name="about"),
    path("salud/", views.health, name="health"),
]
