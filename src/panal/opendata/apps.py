from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "panal.opendata"
    label = "opendata"
    verbose_name = "Datos abiertos"
