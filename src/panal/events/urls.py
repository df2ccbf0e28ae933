from django.urls import path

from . import views, views_staff

app_name = "events"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("ediciones/<slug:slug>/calendario.ics", views.edition_ics, name="edition_ics"),
    path("actividades/<int:pk>/", views.activity_detail, name="activity"),
    path("actividades/<int:pk>/calendario.ics", views.activity_ics, name="activity_ics"),
    path("inscripciones/<str:code>/", views.registration_detail, name="registration"),
    path("inscripciones/<str:code>/cancelar/", views.registration_cancel, name="registration_cancel"),
    path("inscripciones/<str:code>/certificado.pdf", views.registration_certificate, name="certificate"),
    path("certificados/", views.verify, name="verify_form"),
    path("certificados/<str:code>/", views.verify, name="verify"),
    path("asistencia/<str:code>/", views_staff.scan, name="scan"),
    path("gestion/", views_staff.manage, name="manage"),
    path("gestion/actividades/nueva/", views_staff.activity_create, name="activity_create"),
    path("gestion/actividades/<int:pk>/editar/", views_staff.activity_edit, name="activity_edit"),
    path("gestion/actividades/<int:pk>/asistencia/", views_staff.attendance, name="attendance"),
    path(
        "gestion/actividades/<int:pk>/asistencia.<str:fmt>",
        views_staff.attendance_export,
        name="attendance_export",
    ),
]
