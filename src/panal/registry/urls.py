from django.urls import path

from . import views, views_claims, views_staff

app_name = "registry"
urlpatterns = [
    path("mis-datos/", views.my_data, name="my_data"),
    path("mis-datos/editar/", views.my_data_edit, name="my_data_edit"),
    path("mis-datos/descargar.json", views.my_data_download, name="my_data_download"),
    path("mis-datos/empresas/", views_claims.my_claims, name="my_claims"),
    path("mis-datos/empresas/<int:pk>/documento", views_claims.claim_document, name="claim_document"),
    path("registro/representaciones/", views_claims.claims_queue, name="claims_queue"),
    path("registro/representaciones/<int:pk>/", views_claims.claim_review, name="claim_review"),
    path("registro/", views_staff.search, name="search"),
    path("registro/personas/<int:pk>/", views_staff.person_detail, name="person"),
    path("registro/personas/<int:pk>/editar/", views_staff.person_edit, name="person_edit"),
    path("registro/personas/<int:pk>/cuenta/", views_staff.person_link_account, name="person_link_account"),
    path("registro/personas/<int:pk>/rut/", views_staff.person_reveal_rut, name="person_reveal_rut"),
    path("registro/identidades/", views_staff.identity_queue, name="identity_queue"),
    path("registro/empresas/<int:pk>/", views_staff.enterprise_detail, name="enterprise"),
    path("registro/empresas/<int:pk>/vincular/", views_staff.representation_add, name="representation_add"),
    path("registro/empresas/<int:pk>/editar/", views_staff.enterprise_edit, name="enterprise_edit"),
    path("registro/empresas/<int:pk>/cooperativa/", views_staff.cooperative_edit, name="cooperative_edit"),
    path("registro/empresas/<int:pk>/cifras/", views_staff.year_edit, name="year_edit"),
    path("registro/importar/", views_staff.import_upload, name="import_upload"),
    path("registro/importar/<int:pk>/", views_staff.import_batch, name="import_batch"),
    path("registro/importar/<int:pk>/confirmar/", views_staff.import_confirm, name="import_confirm"),
]
