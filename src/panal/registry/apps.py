from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "panal.registry"
    label = "registry"
    verbose_name = "Registro de personas, MiPymes y cooperativas"
