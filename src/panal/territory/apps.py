from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "panal.territory"
    label = "territory"
    verbose_name = "Territorio"
