from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "panal.outcomes"
    verbose_name = "Resultados e impacto"

    def ready(self):
        from . import receivers  # noqa: PLC0415 (apps are not loaded yet when this module is imported)

        receivers.connect()
