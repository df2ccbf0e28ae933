"""Ley 21.719: data-subject requests, consents where consent is the basis, and the incidents register.

The records of processing and the privacy notices are data shipped with the code (`records.py`, `notices.py`):
they change with the code that processes the data, and a version is what a person saw."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

REQUEST_KINDS = {
    "acceso": "Acceso",
    "rectificacion": "Rectificación",
    "supresion": "Supresión",
    "oposicion": "Oposición",
    "portabilidad": "Portabilidad",
    "bloqueo": "Bloqueo temporal",
}
REQUEST_STATUSES = {
    "recibida": "Recibida",
    "en_tramite": "En trámite",
    "respondida": "Respondida",
    "rechazada": "Rechazada",
}
OPEN_STATUSES = ("recibida", "en_tramite")


class DataRequest(models.Model):
    """A person exercising a right (Art. 4). Due 30 calendar days after receipt, extendable once by 30 with a reason;
    a blocking request must be applied within 2 business days."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="cuenta"
    )
    kind = models.CharField("derecho", max_length=20, choices=list(REQUEST_KINDS.items()))
    detail = models.TextField("detalle", blank=True)
    status = models.CharField("estado", max_length=12, choices=list(REQUEST_STATUSES.items()), default="recibida")
    received_at = models.DateTimeField("recibida el", default=timezone.now)
    due_at = models.DateTimeField("vence el")
    extended_at = models.DateTimeField("prorrogada el", null=True, blank=True)
    extension_reason = models.TextField("motivo de la prórroga", blank=True)
    block_due_on = models.DateField("bloqueo a más tardar el", null=True, blank=True)
    blocked_at = models.DateTimeField("bloqueo aplicado el", null=True, blank=True)
    answered_at = models.DateTimeField("respondida el", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField("respuesta", blank=True)
    answer_file = models.FileField("archivo de respuesta", upload_to="privacy/answers/%Y/", blank=True)
    notice_version = models.CharField("versión del aviso mostrado", max_length=40, blank=True)

    class Meta:
        verbose_name = "solicitud de derechos"
        verbose_name_plural = "solicitudes de derechos"
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_at__isnull=True) | ~Q(extension_reason=""), name="data_request_extension_reason"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(status__in=["respondida", "rechazada"]),
                name="data_request_answered_is_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"Solicitud {self.pk} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ConsentRecord(models.Model):
    """Consent where it is the legal basis (outcome surveys, a rueda's public directory): given by an affirmative act
    (never pre-ticked), with the notice version shown; withdrawal is a date and stops that processing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="cuenta"
    )
    purpose = models.CharField("finalidad", max_length=40)
    notice_version = models.CharField("versión del aviso", max_length=40)
    channel = models.CharField("canal", max_length=20, default="web")
    given_at = models.DateTimeField("otorgado el", auto_now_add=True)
    withdrawn_at = models.DateTimeField("retirado el", null=True, blank=True)

    class Meta:
        verbose_name = "consentimiento"
        verbose_name_plural = "consentimientos"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.notice_version})"


class Incident(models.Model):
    """A security incident affecting personal data (Art. 14 sexies). One involving sensitive data, children under 14
    or financial data cannot close without the date the affected people were notified."""

    detected_at = models.DateTimeField("detectado el")
    nature = models.TextField("naturaleza")
    data_categories = models.CharField("categorías de datos", max_length=300)
    people_affected = models.PositiveIntegerField("personas afectadas (aprox.)", default=0)
    risk = models.CharField("riesgo", max_length=10, choices=[("bajo", "Bajo"), ("medio", "Medio"), ("alto", "Alto")])
    involves_sensitive = models.BooleanField("incluye datos sensibles", default=False)
    involves_minors = models.BooleanField("incluye datos de menores de 14 años", default=False)
    involves_financial = models.BooleanField("incluye datos económicos, financieros o bancarios", default=False)
    reported_to_agency_at = models.DateTimeField("informado a la Agencia el", null=True, blank=True)
    people_notified_at = models.DateTimeField("personas notificadas el", null=True, blank=True)
    remediation = models.TextField("medidas adoptadas", blank=True)
    closed_at = models.DateTimeField("cerrado el", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "incidente de seguridad"
        verbose_name_plural = "incidentes de seguridad"
        ordering = ["-detected_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(people_notified_at__isnull=False)
                | Q(involves_sensitive=False, involves_minors=False, involves_financial=False),
                name="incident_closes_only_after_notifying",
            )
        ]

    def __str__(self) -> str:
        return f"Incidente {self.detected_at:%d-%m-%Y}"

    @property
    def requires_notification(self) -> bool:
        return self.involves_sensitive or self.involves_minors or self.involves_financial


class NoticeReceipt(models.Model):
    """Which version of a privacy notice was shown where a row was submitted (a Semana registration, an application,
    a rueda participation): recorded by the collecting app through `core.notices.record_shown`, keyed to its row
    by content type and id so that app needs no field of its own. It holds no personal data itself."""

    notice = models.CharField("aviso", max_length=40)
    version = models.CharField("versión mostrada", max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="tipo de registro")
    object_id = models.PositiveBigIntegerField("registro")
    shown_at = models.DateTimeField("registrado el", auto_now_add=True)

    class Meta:
        verbose_name = "aviso de privacidad mostrado"
        verbose_name_plural = "avisos de privacidad mostrados"
        ordering = ["-shown_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "notice"], name="notice_receipt_once_per_row")
        ]

    def __str__(self) -> str:
        return f"{self.notice} {self.version}"
