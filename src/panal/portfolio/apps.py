from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "panal.portfolio"
    label = "portfolio"
    verbose_name = "Cartera de inversión regional"

    def ready(self):
        from .receivers import connect

        connect()
