from django.urls import path

from . import views, views_staff

app_name = "networks"
urlpatterns = [
    path("", views.rueda_list, name="list"),
    path("<int:pk>/", views.rueda_detail, name="detail"),
    path("<int:pk>/participantes/", views.participants, name="participants"),
    path("<int:pk>/participantes/<int:participant_id>/solicitar/", views.request_meeting, name="request"),
    path("<int:pk>/solicitudes/", views.requests_page, name="requests"),
    path("<int:pk>/solicitudes/<int:request_id>/responder/", views.respond, name="respond"),
    path("<int:pk>/mi-agenda/", views.agenda, name="agenda"),
    path("<int:pk>/mi-agenda.<str:fmt>", views.agenda_file, name="agenda_file"),
    path("<int:pk>/seguimiento/", views.follow_up, name="follow_up"),
    path("nueva/<int:activity_id>/", views_staff.create, name="create"),
    path("<int:pk>/gestion/", views_staff.manage, name="manage"),
    path("<int:pk>/gestion/agendar/", views_staff.schedule, name="schedule"),
    path("<int:pk>/gestion/publicar/", views_staff.publish, name="publish"),
    path("<int:pk>/gestion/reuniones/<int:meeting_id>/mover/", views_staff.move, name="move"),
    path("<int:pk>/gestion/reuniones/<int:meeting_id>/estado/", views_staff.meeting_status, name="meeting_status"),
    path("<int:pk>/gestion/participantes/<int:participant_id>/llegada/", views_staff.check_in, name="check_in"),
    path("<int:pk>/gestion/tablero/", views_staff.board, name="board"),
    path("<int:pk>/gestion/mesas.pdf", views_staff.table_signs, name="table_signs"),
]
