"""Every job that runs by itself, in one place. A worker writes this list to the queue's schedule table when it
starts (`panal.core.jobs.sync_schedules`). An app adds its periodic job here: a `@job` function with no arguments,
idempotent, and a line below (reminders, follow-up surveys and the retention purge join as their apps land)."""

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
]
