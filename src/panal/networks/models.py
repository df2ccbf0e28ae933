"""Ruedas de negocios: an activity of the Semana whose participants request meetings, and the agenda that places
the accepted ones on blocks and tables (see scheduler/), then the follow-up of what each meeting produced."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Role(models.TextChoices):
    BUYER = "comprador", "Comprador"
    SUPPLIER = "proveedor", "Proveedor"
    BOTH = "ambos", "Comprador y proveedor"


class Kind(models.TextChoices):
    ENTERPRISE = "empresa", "Empresa"
    COOPERATIVE = "cooperativa", "Cooperativa"
    PERSON = "persona", "Persona"


class AgendaStatus(models.TextChoices):
    NONE = "none", "Sin agenda"
    PRELIMINARY = "preliminary", "Agenda preliminar"
    FINAL = "final", "Agenda publicada"


class Rueda(models.Model):
    """The configuration of one rueda; its blocks (Slot) are derived from the window, slot length and breaks."""

    activity = models.OneToOneField(
        "events.Activity", on_delete=models.PROTECT, related_name="+", verbose_name="actividad de la Semana"
    )
    starts_at = models.DateTimeField("inicio de las reuniones")
    ends_at = models.DateTimeField("término de las reuniones")
    slot_minutes = models.PositiveSmallIntegerField("minutos por reunión", default=20)
    # [["11:00", "11:20"], ...] local times when no meeting is held.
    breaks = models.JSONField("pausas", default=list, blank=True)
    tables = models.PositiveSmallIntegerField("mesas", default=10)
    request_deadline = models.DateTimeField("plazo para solicitar reuniones")
    fixed_table_for_buyers = models.BooleanField("cada comprador mantiene su mesa", default=False)
    is_sample = models.BooleanField("contenido de ejemplo", default=False)
    agenda_status = models.CharField(
        "estado de la agenda", max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.NONE
    )
    # The last optimisation: kept so the organiser sees how close the agenda is to the best possible.
    objective = models.FloatField("prioridad total agendada", null=True, blank=True)
    upper_bound = models.FloatField("cota superior demostrada", null=True, blank=True)
    greedy_objective = models.FloatField("prioridad con el método voraz", null=True, blank=True)
    solver_status = models.CharField("estado del optimizador", max_length=40, blank=True)
    solver_seconds = models.FloatField("segundos de cálculo", null=True, blank=True)
    scheduled_at = models.DateTimeField("agenda calculada el", null=True, blank=True)
    published_at = models.DateTimeField("agenda publicada el", null=True, blank=True)

    class Meta:
        verbose_name = "rueda de negocios"
        verbose_name_plural = "ruedas de negocios"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="rueda_ends_after_start"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="rueda_slot_at_least_5_minutes"),
            models.CheckConstraint(condition=Q(tables__gte=1), name="rueda_has_tables"),
        ]

    def __str__(self) -> str:
        return str(self.activity)

    def table_labels(self) -> list[str]:
        return [f"Mesa {n}" for n in range(1, self.tables + 1)]


class Slot(models.Model):
    rueda = models.ForeignKey(Rueda, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveSmallIntegerField("bloque")
    starts_at = models.DateTimeField("inicio")
    ends_at = models.DateTimeField("término")

    class Meta:
        verbose_name = "bloque"
        ordering = ["rueda", "number"]
        constraints = [models.UniqueConstraint(fields=["rueda", "number"], name="slot_number_unique_per_rueda")]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Participant(models.Model):
    """An enterprise, cooperative or person of the registry taking part, acting through a user account (none for
    the demo's fictitious participants, who cannot sign in)."""

    rueda = models.ForeignKey(Rueda, on_delete=models.PROTECT, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("participa como", max_length=12, choices=Kind.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField("nombre", max_length=200)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField("rol", max_length=10, choices=Role.choices)
    sectors = models.JSONField("actividades SII", default=list, blank=True)  # SII activity codes, e.g. ["011101"]
    offer = models.TextField("qué ofrece", blank=True)
    need = models.TextField("qué busca", blank=True)
    available_slots = models.ManyToManyField(Slot, related_name="+", verbose_name="bloques disponibles")
    max_meetings = models.PositiveSmallIntegerField("máximo de reuniones", null=True, blank=True)
    fixed_table = models.CharField("mesa fija", max_length=20, blank=True)
    checked_in_at = models.DateTimeField("llegó el", null=True, blank=True)
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "participante"
        ordering = ["rueda", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rueda", "user"],
                condition=Q(user__isnull=False),
                name="participant_one_account_per_rueda",
                violation_error_message="Su cuenta ya está inscrita en esta rueda.",
            ),
            models.UniqueConstraint(
                fields=["rueda", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="participant_enterprise_once_per_rueda",
                violation_error_message="Esa empresa ya participa en esta rueda.",
            ),
            models.UniqueConstraint(
                fields=["rueda", "person"],
                condition=Q(enterprise__isnull=True),
                name="participant_person_once_per_rueda",
                violation_error_message="Esa persona ya participa en esta rueda.",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(enterprise__isnull=False), name="participant_from_registry"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Pendiente"
    ACCEPTED = "accepted", "Aceptada"
    DECLINED = "declined", "Rechazada"
    EXPIRED = "expired", "Vencida"


class MeetingRequest(models.Model):
    rueda = models.ForeignKey(Rueda, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent_requests")
    receiver = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="received_requests")
    message = models.TextField("mensaje", max_length=1000, blank=True)
    status = models.CharField("estado", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "solicitud de reunión"
        verbose_name_plural = "solicitudes de reunión"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "receiver"],
                name="request_once_per_pair_direction",
                violation_error_message="Ya envió una solicitud a este participante.",
            ),
            models.CheckConstraint(condition=~Q(requester=F("receiver")), name="request_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.receiver}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Agendada"
    HELD = "held", "Realizada"
    NO_SHOW = "no_show", "No se presentó"
    CANCELLED = "cancelled", "Cancelada"


class Meeting(models.Model):
    """One placed meeting: the request it answers (for a mutual pair, the earlier one), its block and table."""

    rueda = models.ForeignKey(Rueda, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    participant_a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    participant_b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings")
    table = models.CharField("mesa", max_length=20)
    priority = models.FloatField("prioridad", default=1)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reunión"
        verbose_name_plural = "reuniones"
        ordering = ["slot__number", "table", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~Q(status="cancelled"),
                name="meeting_one_per_table_and_slot",
                violation_error_message="Esa mesa ya tiene una reunión en ese bloque.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_a} · {self.participant_b} ({self.slot}, {self.table})"

    def other(self, participant: Participant) -> Participant:
        return self.participant_b if participant.pk == self.participant_a_id else self.participant_a


class FollowUpWave(models.IntegerChoices):
    THREE_MONTHS = 3, "A los 3 meses"
    TWELVE_MONTHS = 12, "A los 12 meses"


def new_token() -> str:
    return secrets.token_urlsafe(16)


class FollowUp(models.Model):
    """What one participant says a held meeting led to, asked at 3 and at 12 months."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="follow_ups")
    wave = models.PositiveSmallIntegerField("seguimiento", choices=FollowUpWave.choices)
    due_on = models.DateField("se pregunta desde")
    token = models.CharField(max_length=32, unique=True, default=new_token)
    answered_at = models.DateTimeField("respondido el", null=True, blank=True)
    quotation = models.BooleanField("hubo cotización", null=True, blank=True)
    sale = models.BooleanField("hubo venta", null=True, blank=True)
    amount_clp = models.BigIntegerField("monto (CLP)", null=True, blank=True)

    class Meta:
        verbose_name = "seguimiento"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant", "wave"], name="follow_up_once_per_wave"),
            models.CheckConstraint(
                condition=Q(amount_clp__isnull=True) | Q(amount_clp__gte=0), name="follow_up_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_wave_display()} · {self.participant_id} · reunión {self.meeting_id}"
