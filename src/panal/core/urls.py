from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("fuentes/", views.about, name="about"),
    path("mi-trabajo/", views.my_work, name="my_work"),
]
