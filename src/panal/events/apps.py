from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "panal.events"
    label = "events"
    verbose_name = "Semana de las MiPymes y Cooperativas"
