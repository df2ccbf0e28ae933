from django.urls import path

from . import views, views_calls, views_reconsideration, views_results, views_staff, views_terms

app_name = "applications"

urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("convocatoria/<slug:code>/", views.start, name="start"),
    path("convocatoria/<slug:code>/bases/", views_calls.call_info, name="call_info"),
    path("convocatoria/<slug:code>/documentos/<int:pk>.pdf", views_calls.call_document, name="call_document"),
    path("gestion/bases/", views_terms.terms_index, name="terms_index"),
    path("gestion/consultas/<slug:code>/", views_terms.staff_questions, name="staff_questions"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/paso/<int:step>/", views.step, name="step"),
    path("<int:pk>/enviar/", views.review, name="review"),
    path("<int:pk>/responder/", views.respond, name="respond"),
    path("<int:pk>/subsanar/", views.correct, name="correct"),
    path("<int:pk>/consultas/<int:item>/", views.answer_clarification, name="answer"),
    path("<int:pk>/comprobante.pdf", views.receipt, name="receipt"),
    path("<int:pk>/reposicion/", views_reconsideration.file, name="reconsider"),
    path("recursos/<int:pk>/adjuntos/<int:item>/", views_reconsideration.attachment, name="reconsideration_file"),
    path("gestion/recursos/", views_reconsideration.queue, name="reconsiderations"),
    path("gestion/recursos/<int:pk>/", views_reconsideration.resolve, name="reconsideration"),
    path("documentos/<int:pk>/", views_staff.document, name="document"),
    path("gestion/", views_staff.staff_list, name="staff_list"),
    path("gestion/<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("evaluacion/", views_staff.evaluator_list, name="evaluator_list"),
    path("evaluacion/<int:pk>/", views_staff.evaluate, name="evaluate"),
    path("resultados/<slug:code>/", views_results.results, name="results"),
    path("resultados/<slug:code>.csv", views_results.results_csv, name="results_csv"),
    path("comite/<slug:code>/publicar/", views_results.publish, name="publish"),
    path("comite/", views_staff.committee_index, name="committee_index"),
    path("comite/<slug:code>/", views_staff.committee, name="committee"),
    path("comite/sesion/<int:pk>/", views_staff.session_detail, name="session"),
    path("comite/sesion/<int:pk>/acta.pdf", views_staff.acta, name="acta"),
]
