"""Semana de las MiPymes y Cooperativas: editions, their activities, and who registers and attends."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from panal.catalog.models import OBJECTIVES
from panal.core.rut import RutField


class ActivityType(models.TextChoices):
    FAIR = "feria", "Feria"
    WORKSHOP = "taller", "Taller o capacitación"
    MATCHMAKING = "rueda", "Rueda de negocios"
    SEMINAR = "seminario", "Seminario"
    TALK = "charla", "Charla"
    CEREMONY = "ceremonia", "Ceremonia"
    OTHER = "otra", "Otra actividad"


# The four objectives are the catalogue's vocabulary (catalog.models.OBJECTIVES); activities use the same ones.
Objective = models.TextChoices("Objective", [(key.upper(), (key, label)) for key, label in OBJECTIVES.items()])


class Audience(models.TextChoices):
    MIPYMES = "mipymes", "MiPymes"
    COOPERATIVES = "cooperativas", "Cooperativas"
    ENTREPRENEURS = "emprendedores", "Emprendedoras y emprendedores"
    GENERAL = "publico", "Público general"


class Edition(models.Model):
    """One year's Semana in one region (dates, motto)."""

    slug = models.SlugField("identificador", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField("año")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+", verbose_name="región")
    name = models.CharField("nombre", max_length=200)
    motto = models.CharField("lema", max_length=200, blank=True)
    starts_on = models.DateField("primer día")
    ends_on = models.DateField("último día")
    is_sample = models.BooleanField(
        "contenido de ejemplo", default=False, help_text="Se muestra con un aviso: datos de demostración."
    )
    sample_note = models.CharField("aviso de ejemplo", max_length=300, blank=True)

    class Meta:
        verbose_name = "edición de la Semana"
        verbose_name_plural = "ediciones de la Semana"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="edition_dates_in_order",
                violation_error_message="El último día no puede ser anterior al primero.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="activities", verbose_name="edición")
    title = models.CharField("título", max_length=200)
    description = models.TextField("descripción", blank=True)
    type = models.CharField("tipo", max_length=20, choices=ActivityType.choices)
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="institución organizadora"
    )
    objective = models.CharField("objetivo", max_length=20, choices=Objective.choices)
    audience = models.CharField("público", max_length=20, choices=Audience.choices)
    starts_at = models.DateTimeField("inicio", db_index=True)
    ends_at = models.DateTimeField("término")
    venue = models.CharField("lugar", max_length=200, blank=True)
    address = models.CharField("dirección", max_length=200, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="comuna",
    )
    online_url = models.URLField("enlace de transmisión", blank=True)
    capacity = models.PositiveIntegerField("cupos", null=True, blank=True, help_text="Vacío: sin límite de cupos.")
    registration_open = models.BooleanField("inscripción abierta", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "actividad"
        verbose_name_plural = "actividades"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message="El término debe ser posterior al inicio.",
            ),
            models.CheckConstraint(
                condition=Q(commune__isnull=False) | ~Q(online_url=""),
                name="activity_has_place_or_link",
                violation_error_message="Indique la comuna donde se realiza o un enlace si es en línea.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activity_capacity_positive",
                violation_error_message="Los cupos deben ser al menos 1; deje el campo vacío si no hay límite.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return self.commune_id is None


def new_code() -> str:
    """An unguessable code: it lets its holder cancel and is printed in the QR."""
    return secrets.token_urlsafe(12)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmada"
    WAITLISTED = "waitlisted", "En lista de espera"
    CANCELLED = "cancelled", "Cancelada"


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class Registration(models.Model):
    """A person (no account needed) registered for one activity; waitlist order is the id order."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="registrations")
    code = models.CharField("código", max_length=32, unique=True, default=new_code)
    name = models.CharField("nombre", max_length=200)
    email = models.EmailField("correo electrónico")
    email_normalized = models.CharField(max_length=254, editable=False)
    rut = RutField(blank=True)
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="comuna"
    )
    organization = models.CharField("empresa o cooperativa", max_length=200, blank=True)
    # Linked when the RUT given matches the registry (a person, or an enterprise/cooperative's RUT).
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persona del registro",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="empresa del registro",
    )
    status = models.CharField("estado", max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField("inscrita el", auto_now_add=True)
    promoted_at = models.DateTimeField("pasó de la lista de espera el", null=True, blank=True)
    cancelled_at = models.DateTimeField("cancelada el", null=True, blank=True)
    checked_in_at = models.DateTimeField("asistencia registrada el", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certificate_code = models.CharField("código de verificación", max_length=32, unique=True, null=True, blank=True)
    # The client's Idempotency-Key of the request that created it: a retry carrying the same key and e-mail gets
    # the original answer (with the code); anyone else repeating the e-mail never learns the code.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "inscripción"
        verbose_name_plural = "inscripciones"
        ordering = ["id"]
        constraints = [
            # One live registration per email and activity; a cancelled one does not block signing up again.
            models.UniqueConstraint(
                fields=["activity", "email_normalized"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
                violation_error_message="Ese correo ya está inscrito en esta actividad.",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_only_confirmed_attend",
                violation_error_message="Solo las inscripciones confirmadas pueden registrar asistencia.",
            ),
        ]
        indexes = [models.Index(fields=["activity", "status"], name="registration_activity_status")]

    def __str__(self) -> str:
        return f"{self.name} · {self.activity}"


class Notification(models.Model):
    """Outbox: an email owed to a registrant, written in the same transaction as the change it reports and
    sent in the background (see notifications.py), so a registration rush is not slowed by mail."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", "Inscripción confirmada"
        WAITLISTED = "waitlisted", "En lista de espera"
        PROMOTED = "promoted", "Pasó de la lista de espera a confirmada"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_by = models.CharField(max_length=40, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "correo pendiente"
        verbose_name_plural = "correos pendientes"
        indexes = [models.Index(fields=["sent_at", "id"], name="notification_pending")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.registration_id}"
