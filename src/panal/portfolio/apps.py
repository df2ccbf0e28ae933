from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "panal.portfolio"
    label = "portfolio"
    verbose_name = "Cartera de inversión regional"

    def ready(self):
        from .receivers import connect  # noqa: PLC0415 (no cycle: AppConfig.ready, models load only once the app registry is ready)

        connect()
