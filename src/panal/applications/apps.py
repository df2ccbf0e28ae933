from django.apps import AppConfig

from panal.core.audit_actions import ACTION_LABELS

from .workflow import TRANSITIONS


class ApplicationsConfig(AppConfig):
    name = "panal.applications"
    label = "applications"
    verbose_name = "Postulaciones"

    def ready(self):
        for transition in TRANSITIONS.values():  # the audit log reads each transition by its label
            ACTION_LABELS.setdefault(f"applications.application.{transition.name}", transition.label)
