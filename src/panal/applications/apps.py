from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "panal.applications"
    label = "applications"
    verbose_name = "Postulaciones"
