from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "panal.catalog"
    label = "catalog"
    verbose_name = "Catálogo de instrumentos"
