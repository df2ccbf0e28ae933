from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "panal.pages"
    label = "pages"
    verbose_name = "Páginas de entrada"
