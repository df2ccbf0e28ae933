from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "panal.reference"
    label = "reference"
    verbose_name = "Referencias"
