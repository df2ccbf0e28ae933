from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("fuentes/", views.about, name="about"),
    path("mi-trabajo/", views.my_work, name="my_work"),
    path("salud/", views.health, name="health"),
]
