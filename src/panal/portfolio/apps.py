from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "panal.portfolio"
    label = "portfolio"
    verbose_name = "Cartera de inversión regional"
