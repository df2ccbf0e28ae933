from django.urls import path

from . import views, views_staff

app_name = "privacy"
urlpatterns = [
    path("privacidad/", views.notice, name="notice"),
    path("privacidad/registro.csv", views.records_csv, name="records_csv"),
    path("privacidad/solicitudes/", views_staff.queue, name="staff_queue"),
    path("privacidad/solicitudes/<int:pk>/", views_staff.detail, name="staff_detail"),
    path("privacidad/incidentes/", views_staff.incidents, name="incidents"),
    path("mis-datos/solicitudes/", views.my_requests, name="my_requests"),
    path("mis-datos/solicitudes/<int:pk>/respuesta/", views.answer_download, name="answer_download"),
    path("mis-datos/consentimientos/", views.consent, name="consent"),
]
