from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "panal.identity"
    label = "identity"
    verbose_name = "Identidad (ClaveÚnica)"
