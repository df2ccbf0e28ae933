from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("gestion/gastos/", views.expense_queue, name="expense_queue"),
    path("gestion/gastos/<int:pk>/", views.expense_review, name="expense_review"),
    path("<str:code>/", views.project, name="project"),
    path("<str:code>/convenio.pdf", views.convenio, name="convenio"),
    path("<str:code>/gastos/<int:pk>/documento", views.expense_file, name="expense_file"),
    path("<str:code>/beneficiaria/", views.grantee_action, name="grantee_action"),
    path("<str:code>/institucion/", views.staff_action, name="staff_action"),
]
