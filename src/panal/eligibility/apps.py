from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "panal.eligibility"
    label = "eligibility"
    verbose_name = "Elegibilidad"
