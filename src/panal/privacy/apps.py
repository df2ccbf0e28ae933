from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "panal.privacy"
    label = "privacy"
    verbose_name = "Protección de datos (Ley 21.719)"
