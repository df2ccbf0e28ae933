"""Login attempts through ClaveÚnica: when, how it ended, a hash of the state, the client address, the RUN on
success. Never a code or a token. Kept for LOGIN_ATTEMPT_RETENTION_DAYS (see `retention.py`)."""

from django.db import models

RESULTS = {
    "ok": "Ingreso correcto",
    "state_missing": "Sin state",
    "state_invalid": "State desconocido o ya usado",
    "state_expired": "State vencido",
    "provider_error": "ClaveÚnica informó un error",
    "token_failed": "Falló el canje del código",
    "userinfo_failed": "Falló la consulta de datos",
    "identity_invalid": "RUN inválido en la respuesta",
    "refused": "Rechazado por Panal",
}


class LoginAttempt(models.Model):
    created_at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    result = models.CharField("resultado", max_length=20, choices=list(RESULTS.items()))
    state_hash = models.CharField("hash del state (SHA-256)", max_length=64, blank=True)
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True)
    run = models.CharField("RUN (si ingresó)", max_length=12, blank=True)
    detail = models.CharField("detalle", max_length=200, blank=True)

    class Meta:
        verbose_name = "intento de ingreso con ClaveÚnica"
        verbose_name_plural = "intentos de ingreso con ClaveÚnica"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.result}"
