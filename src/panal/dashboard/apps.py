from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "panal.dashboard"
    label = "dashboard"
    verbose_name = "Cifras públicas"
