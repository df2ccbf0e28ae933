from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "panal.networks"
    label = "networks"
    verbose_name = "Redes: ruedas de negocios"
