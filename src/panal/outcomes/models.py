"""The outcomes panel: items observed per firm and year, the decision snapshot of each call, follow-up surveys and
the stored results of the estimates (so the public page never computes a regression on the request path).

A "firm" is the applicant as the registry knows it, keyed by its canonical RUT (a person applying alone, or the
enterprise or cooperative that applied); the panel never needs more of its identity than that.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

SOURCES_HELP = "postulacion, encuesta, demo, o el nombre de la fuente importada (p. ej. sii)"
METHODS = {"did": "Diferencias en diferencias", "rd": "Regresión discontinua"}


class Observation(models.Model):
    """One item of one firm in one year from one source. Imports and surveys upsert on the unique key."""

    rut = models.CharField("RUT", max_length=12)
    year = models.PositiveSmallIntegerField("año")
    item = models.CharField("dato", max_length=40)
    source = models.CharField("fuente", max_length=40, help_text=SOURCES_HELP)
    value = models.DecimalField("valor", max_digits=16, decimal_places=2)
    is_demo = models.BooleanField("de demostración", default=False)
    recorded_at = models.DateTimeField("registrado", auto_now=True)

    class Meta:
        verbose_name = "observación"
        verbose_name_plural = "observaciones"
        constraints = [
            models.UniqueConstraint(fields=["rut", "year", "item", "source"], name="observation_once_per_source"),
            models.CheckConstraint(condition=Q(year__gte=1990) & Q(year__lte=2100), name="observation_year_range"),
        ]
        # Covers the panel read (firm → its items): the estimate of a 100,000-firm call reads 600,000 rows from the
        # index alone instead of one random table access per row (5 s → under 2 s on SQLite).
        indexes = [models.Index(fields=["rut", "item", "is_demo", "year", "source", "value"], name="observation_panel")]

    def __str__(self) -> str:
        return f"{self.rut} {self.year} {self.item}={self.value} ({self.source})"


class DecisionSnapshot(models.Model):
    """What was decided in a call, frozen: who applied, their score and rank, the cutoff, who was funded.

    Written once (by `import-call-results` or when a Panal call's decisions close) and never changed."""

    call = models.OneToOneField(
        "catalog.Call", on_delete=models.PROTECT, related_name="decision_snapshot", verbose_name="convocatoria"
    )
    cutoff = models.DecimalField("puntaje de corte", max_digits=8, decimal_places=3, null=True, blank=True)
    origin = models.CharField("origen", max_length=20)  # "importacion" | "panal" | "demo"
    is_demo = models.BooleanField("de demostración", default=False)
    created_at = models.DateTimeField("registrado", auto_now_add=True)

    class Meta:
        verbose_name = "decisión registrada de una convocatoria"
        verbose_name_plural = "decisiones registradas de convocatorias"

    def __str__(self) -> str:
        return f"Decisiones de {self.call}"

    def save(self, *args, **kwargs):
        if self.pk and DecisionSnapshot.objects.filter(pk=self.pk).exists():
            raise ValidationError("Las decisiones registradas de una convocatoria no se modifican.")
        super().save(*args, **kwargs)


class SnapshotEntry(models.Model):
    snapshot = models.ForeignKey(DecisionSnapshot, on_delete=models.PROTECT, related_name="entries")
    rut = models.CharField("RUT", max_length=12)
    score = models.DecimalField("puntaje", max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField("lugar", null=True, blank=True)
    admissible = models.BooleanField("admisible")
    funded = models.BooleanField("financiada")
    amount_clp = models.BigIntegerField("monto (CLP)", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "rut"], name="snapshot_entry_once")]

    def __str__(self) -> str:
        return f"{self.rut} · {self.snapshot}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("Las decisiones registradas de una convocatoria no se modifican.")
        super().save(*args, **kwargs)


WAVES = {12: "12 meses", 24: "24 meses"}


class FollowUp(models.Model):
    """A follow-up survey of one applicant of one call, 12 or 24 months after the decisions.

    The personal link carries a random token; only its SHA-256 is stored (a new invitation issues a new token)."""

    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    rut = models.CharField("RUT", max_length=12)
    wave = models.PositiveSmallIntegerField("ronda (meses)", choices=list(WAVES.items()))
    due_on = models.DateField("enviar desde")
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    invited_at = models.DateTimeField("invitación enviada", null=True, blank=True)
    reminders = models.PositiveSmallIntegerField("recordatorios enviados", default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    consent = models.BooleanField("acepta participar", null=True, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_text_version = models.CharField(max_length=20, blank=True)
    answered_at = models.DateTimeField("respondida", null=True, blank=True)

    class Meta:
        verbose_name = "encuesta de seguimiento"
        verbose_name_plural = "encuestas de seguimiento"
        constraints = [models.UniqueConstraint(fields=["call", "rut", "wave"], name="followup_once_per_wave")]
        indexes = [models.Index(fields=["due_on", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.rut} · {self.call_id} · {self.wave} meses"


class StoredEstimate(models.Model):
    """An estimate (or the call's summary, method "summary") as computed for a version of the panel."""

    call = models.ForeignKey("catalog.Call", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(max_length=40)
    method = models.CharField(max_length=10)
    version = models.PositiveIntegerField()
    result = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "indicator", "method"], name="stored_estimate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.indicator} {self.method}"


class PanelVersion(models.Model):
    """A call's data version: bumped by every write that can change its results, so stored ones are known stale."""

    call = models.OneToOneField("catalog.Call", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.call_id} v{self.version}"
