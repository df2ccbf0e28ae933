from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "panal.outcomes"
    verbose_name = "Resultados e impacto"

    def ready(self):
        from . import receivers

        receivers.connect()
