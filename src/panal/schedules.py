"""Every job that runs by itself, in one place. A worker writes this list to the queue's schedule table when it
starts (`panal.core.jobs.sync_schedules`). An app adds its periodic job here: a `@job` function with no arguments,
idempotent, and a line below."""

from datetime import time

from panal.core.jobs import Scheduled

SCHEDULES = [
    Scheduled(
        name="reference.uf.refresh",
        job="panal.reference.jobs.refresh_uf",
        daily_at=time(9, 30),  # the Banco Central publishes the next days' UF before 09:00
        description="Actualiza la UF desde mindicador.cl.",
    ),
    Scheduled(
        name="events.outbox.sweep",
        job="panal.events.notifications.send_outbox",
        minutes=10,
        description="Envía los correos de la Semana que hayan quedado pendientes (p. ej. tras un corte del correo).",
    ),
    Scheduled(
        name="applications.corrections.close",
        job="panal.applications.services.admissibility.close_expired_corrections",
        daily_at=time(0, 30),
        description="Devuelve a revisión las postulaciones cuyo plazo para subsanar venció.",
    ),
    Scheduled(
        name="applications.evaluations.remind",
        job="panal.applications.notifications.send_evaluation_reminders",
        daily_at=time(8, 0),
        description="Recuerda a evaluadores las evaluaciones que vencen en dos días hábiles.",
    ),
    Scheduled(
        name="eligibility.alerts.send",
        job="panal.eligibility.alerts.queue_open_calls_hourly",
        minutes=60,
        description="«Avísame»: un correo por cada convocatoria abierta a la que la persona suscrita podría postular.",
    ),
    Scheduled(
        name="outcomes.surveys.send",
        job="panal.outcomes.notifications.send_due_surveys_daily",
        daily_at=time(10, 0),
        description="Envía las encuestas de seguimiento (12 y 24 meses) que correspondan y sus recordatorios.",
    ),
    Scheduled(
        name="privacy.requests.overdue",
        job="panal.privacy.services.alert_overdue_requests",
        daily_at=time(8, 30),
        description="Avisa a la administración las solicitudes de datos personales vencidas.",
    ),
    Scheduled(
        name="privacy.retention.purge",
        job="panal.privacy.retention.purge_expired_job",
        daily_at=time(3, 0),
        description="Anonimiza o borra lo que cumplió su plazo de conservación.",
    ),
]
