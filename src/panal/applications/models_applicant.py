"""What the applicant meets around the form: the call's bases and sworn declaration (versioned texts and PDFs), the
question period (consultas a las bases) and the recurso de reposición against a decision (Ley 19.880 art. 59).

Imported at the end of `models.py` so Django registers these models in the applications app."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CallTerms(models.Model):
    """One version of a call's bases summary and sworn declaration (declaración jurada), as data. A new version never
    rewrites an older one: each submission stores the version it accepted."""

    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    version = models.PositiveSmallIntegerField("versión")
    bases_summary = models.TextField("lo esencial de las bases")
    declaration = models.TextField("declaración jurada")
    obligations = models.JSONField("obligaciones del convenio", default=list, blank=True)
    execution_months = models.PositiveSmallIntegerField("plazo de ejecución (meses)", default=6)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bases y declaración de una convocatoria"
        verbose_name_plural = "bases y declaraciones"
        ordering = ["call", "-version"]
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="call_terms_version_once")]

    def __str__(self) -> str:
        return f"Bases v{self.version} · {self.call_id}"


DOCUMENT_KINDS = {"bases": "Bases", "anexo": "Anexo"}


def _call_document_path(instance, filename):
    return f"convocatorias/{instance.call_id}/{instance.kind}-{instance.slug}-v{instance.version}.pdf"


class CallDocument(models.Model):
    """A PDF of a call (its bases or an annex), versioned: uploading the same document again adds a version."""

    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    kind = models.CharField("tipo", max_length=10, choices=list(DOCUMENT_KINDS.items()))
    slug = models.SlugField("identificador", max_length=60)
    title = models.CharField("título", max_length=200)
    version = models.PositiveSmallIntegerField("versión")
    file = models.FileField("archivo PDF", upload_to=_call_document_path, max_length=300)
    size = models.PositiveIntegerField("tamaño (bytes)")
    sha256 = models.CharField(max_length=64)
    illustrative = models.BooleanField("ilustrativo (demostración)", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "documento de convocatoria"
        verbose_name_plural = "documentos de convocatorias"
        ordering = ["call", "kind", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "slug", "version"], name="call_document_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class CallQuestion(models.Model):
    """A question about the bases asked in the call's question period; staff publish the answer on the call page."""

    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.TextField("consulta")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("respuesta", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField("publicada", null=True, blank=True)

    class Meta:
        verbose_name = "consulta a las bases"
        verbose_name_plural = "consultas a las bases"
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.question[:60]


RECONSIDERATION_STATES = {"pending": "En revisión", "accepted": "Acogido", "rejected": "Rechazado"}


class Reconsideration(models.Model):
    """A recurso de reposición against the decision notified in `notified_change` (one per decision)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="reconsiderations"
    )
    notified_change = models.ForeignKey(
        "applications.StatusChange", on_delete=models.PROTECT, related_name="+", verbose_name="decisión recurrida"
    )
    text = models.TextField("fundamentos")
    deadline = models.DateField("plazo para presentar")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        "estado", max_length=10, choices=list(RECONSIDERATION_STATES.items()), default="pending", db_index=True
    )
    resolution = models.TextField("fundamentos de la resolución", blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "recurso de reposición"
        verbose_name_plural = "recursos de reposición"
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "notified_change"], name="reconsideration_once_per_decision"
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | ~Q(resolution=""), name="reconsideration_resolved_with_reasons"
            ),
        ]

    def __str__(self) -> str:
        return f"Recurso {self.pk} · {self.application}"


def _attachment_path(instance, filename):
    return f"recursos/{instance.reconsideration.application_id}/{instance.reconsideration_id}-{filename}"


class ReconsiderationAttachment(models.Model):
    reconsideration = models.ForeignKey(Reconsideration, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("archivo", upload_to=_attachment_path, max_length=300)
    original_name = models.CharField("nombre original", max_length=200)
    size = models.PositiveIntegerField("tamaño (bytes)")
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name
