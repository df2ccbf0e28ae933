from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from panal.core.errors import DomainError
from panal.eligibility.engine import STATUS_LABELS

from .form_definitions import validate_definition, validate_rubric
from .workflow import DRAFT, STATE_LABELS


class ApplicationForm(models.Model):
    """The form of one call, as data: sections with questions, the budget table's limits and the rubric.

    Its row also serves as the call's lock for folios and awards (see services)."""

    call = models.OneToOneField(
        "catalog.Call", on_delete=models.CASCADE, related_name="application_form", verbose_name="convocatoria"
    )
    folio_prefix = models.CharField(
        "prefijo del folio", max_length=12, help_text="Por ejemplo ABEJA: los folios serán ABEJA-06-2024-000123."
    )
    sections = models.JSONField("secciones y preguntas", default=list)
    rubric = models.JSONField("pauta de evaluación", default=dict, blank=True)
    admissibility = models.JSONField(
        "requisitos de admisibilidad",
        default=dict,
        blank=True,
        help_text='{"requirements": [{"key", "label", "document"?}], "correction_business_days": 5}',
    )
    last_folio = models.PositiveIntegerField("último folio asignado", default=0, editable=False)
    questions_open_at = models.DateTimeField("consultas a las bases desde", null=True, blank=True)
    questions_close_at = models.DateTimeField("consultas a las bases hasta", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "formulario de postulación"
        verbose_name_plural = "formularios de postulación"

    def __str__(self) -> str:
        return f"Formulario de {self.call}"

    def clean(self):
        try:
            validate_definition(self.sections)
            validate_rubric(self.rubric)
        except DomainError as exc:
            raise ValidationError({"sections" if exc.field != "rubric" else "rubric": exc.message}) from exc
        if self.call_id:
            clash = ApplicationForm.objects.filter(
                folio_prefix=(self.folio_prefix or "").upper(),
                call__region_id=self.call.region_id,
                call__year=self.call.year,
            ).exclude(call_id=self.call_id)
            if clash.exists():
                raise ValidationError({"folio_prefix": "Otra convocatoria de la región y el año ya usa ese prefijo."})


class Application(models.Model):
    """A postulación: one applicant (a person, or an enterprise they represent) to one call."""

    call = models.ForeignKey(
        "catalog.Call", on_delete=models.PROTECT, related_name="applications", verbose_name="convocatoria"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="applications", verbose_name="persona que postula"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="applications",
        null=True,
        blank=True,
        verbose_name="empresa o cooperativa que postula",
    )
    state = models.CharField("estado", max_length=20, choices=list(STATE_LABELS.items()), default=DRAFT)
    answers = models.JSONField("respuestas", default=dict, blank=True)
    budget = models.JSONField("presupuesto", default=list, blank=True)
    folio = models.CharField("folio", max_length=40, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField("enviada el", null=True, blank=True)
    eligibility = models.JSONField("elegibilidad al enviar", null=True, blank=True)
    terms_version = models.PositiveSmallIntegerField("versión de bases y declaración aceptada", null=True, blank=True)
    terms_accepted_at = models.DateTimeField("bases aceptadas y declaración firmada el", null=True, blank=True)
    score = models.DecimalField("puntaje", max_digits=6, decimal_places=3, null=True, blank=True)
    awarded_clp = models.BigIntegerField("monto adjudicado (CLP)", null=True, blank=True)
    waitlist_position = models.PositiveIntegerField("lugar en la lista de espera", null=True, blank=True)
    correction_due_on = models.DateField("plazo para subsanar", null=True, blank=True)
    needs_third_evaluator = models.BooleanField("requiere tercer evaluador/a", default=False)
    created_at = models.DateTimeField("creada", auto_now_add=True)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    class Meta:
        verbose_name = "postulación"
        verbose_name_plural = "postulaciones"
        ordering = ["call", "folio", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "person"], condition=Q(enterprise__isnull=True), name="one_application_per_person"
            ),
            models.UniqueConstraint(
                fields=["call", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="one_application_per_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(awarded_clp__isnull=True) | Q(awarded_clp__gte=0), name="application_award_positive"
            ),
            models.CheckConstraint(
                condition=Q(state=DRAFT) | Q(folio__isnull=False), name="application_submitted_has_folio"
            ),
        ]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        return self.folio or f"Borrador {self.pk}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def eligibility_label(self) -> str:
        """The eligibility verdict stored at submission, as people read it ("Cumple"), or "" if none was stored."""

        status = (self.eligibility or {}).get("status")
        return STATUS_LABELS.get(status, "") if status else ""

    @property
    def applicant_name(self) -> str:
        return self.enterprise.legal_name if self.enterprise_id else self.person.full_name

    @property
    def decision(self):
        """The committee's standing decision (one reopened by an accepted reconsideration no longer stands)."""
        return self.decisions.filter(reopened_at__isnull=True).first()


def _upload_to(instance, filename):
    return f"postulaciones/{instance.application.call_id}/{instance.application_id}/{instance.question}-{filename}"


class Document(models.Model):
    """A file answering a question of type `file` (one per question; a new upload replaces it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    question = models.CharField("pregunta", max_length=60)
    file = models.FileField("archivo", upload_to=_upload_to, max_length=300)
    original_name = models.CharField("nombre original", max_length=200)
    content_type = models.CharField("tipo", max_length=100)
    size = models.PositiveIntegerField("tamaño (bytes)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "documento"
        verbose_name_plural = "documentos"
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_document_per_question")]

    def __str__(self) -> str:
        return self.original_name


class StatusChange(models.Model):
    """The history the applicant reads: every state change with who decided and why (the audit log keeps more)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField("motivo", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return STATE_LABELS.get(self.to_state, self.to_state)


class IdempotencyRecord(models.Model):
    """The answer given to an API request with an `Idempotency-Key`, returned again when the key is reused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return self.key


class ApiToken(models.Model):
    """A bearer token for the applicant API (only its SHA-256 is stored)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField("nombre", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "token de API"
        verbose_name_plural = "tokens de API"

    def __str__(self) -> str:
        return self.label or f"token {self.pk}"


class Assignment(models.Model):
    """An evaluator assigned to an application: first declares (no) conflict of interest, then scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField("evaluar a más tardar el", null=True, blank=True)
    conflict = models.BooleanField("declara conflicto de interés", null=True, blank=True)
    conflict_note = models.TextField("detalle del conflicto", blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    scores = models.JSONField("notas por criterio", default=dict, blank=True)
    total = models.DecimalField("puntaje ponderado", max_digits=6, decimal_places=3, null=True, blank=True)
    comment = models.TextField("comentario", blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField("recordatorio enviado el", null=True, blank=True)

    class Meta:
        verbose_name = "asignación de evaluación"
        verbose_name_plural = "asignaciones de evaluación"
        constraints = [models.UniqueConstraint(fields=["application", "evaluator"], name="assignment_once")]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.application}"


class Clarification(models.Model):
    """A question from staff to the applicant, and the applicant's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clarifications")
    question = models.TextField("consulta")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("respuesta", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.question[:60]


VERDICTS = {"meets": "Cumple", "fails": "No cumple", "fixable": "Subsanable"}


class AdmissibilityCheck(models.Model):
    """Staff's verdict on one admissibility requirement of one application (the audit log keeps every change)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="admissibility_checks")
    requirement = models.CharField("requisito", max_length=60)
    label = models.CharField("requisito", max_length=200)
    verdict = models.CharField("resultado", max_length=10, choices=list(VERDICTS.items()))
    note = models.TextField("observación", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "revisión de requisito"
        verbose_name_plural = "revisiones de requisitos"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "requirement"], name="one_check_per_requirement")]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_verdict_display()}"


COMMITTEES = {"cer": "Comité de Evaluación Regional (CER)", "cdpr": "Comité de Desarrollo Productivo Regional"}


class CommitteeSession(models.Model):
    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    committee = models.CharField("comité", max_length=10, choices=list(COMMITTEES.items()), default="cer")
    held_at = models.DateTimeField("fecha y hora")
    place = models.CharField("lugar", max_length=200, blank=True)
    link = models.URLField("enlace de la reunión en línea", max_length=300, blank=True)
    agenda = models.TextField("tabla", blank=True)
    quorum = models.PositiveSmallIntegerField("quórum (integrantes presentes)")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="committee_sessions")
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    notes = models.TextField("observaciones del acta", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField("cerrada el", null=True, blank=True)

    class Meta:
        verbose_name = "sesión de comité"
        verbose_name_plural = "sesiones de comité"
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.get_committee_display()} · {self.call}"


SEAT_ROLES = {"president": "Presidente/a", "secretary": "Secretario/a", "member": "Integrante"}


class CommitteeSeat(models.Model):
    """A member's seat in a session: role and institution as the acta prints them; conflicts make them abstain."""

    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("rol", max_length=10, choices=list(SEAT_ROLES.items()), default="member")
    institution = models.CharField("institución", max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_seat_per_member")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.user}"


class Abstention(models.Model):
    """A member with a conflict abstains on one application; the acta says so."""

    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="abstentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("motivo")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user", "application"], name="one_abstention_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.user} se abstiene · {self.application}"


class ActaVersion(models.Model):
    """Every acta PDF issued for a session; after closing, the last one is final and never re-rendered."""

    session = models.ForeignKey(CommitteeSession, on_delete=models.PROTECT, related_name="acta_versions")
    number = models.PositiveIntegerField("versión")
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField(max_length=64)
    final = models.BooleanField("definitiva", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="acta_version_once")]

    def __str__(self) -> str:
        return f"Acta v{self.number} · {self.session}"


DECISIONS = {"award": "Adjudicar", "waitlist": "Lista de espera", "reject": "No seleccionar"}


class Decision(models.Model):
    session = models.ForeignKey(CommitteeSession, on_delete=models.PROTECT, related_name="decisions")
    # A ForeignKey: an accepted recurso de reposición reopens the decision (kept, marked) and the committee decides
    # again; at most one standing decision per application.
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField("decisión", max_length=10, choices=list(DECISIONS.items()))
    amount_clp = models.BigIntegerField("monto (CLP)", null=True, blank=True)
    reason = models.TextField("fundamento")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    reopened_at = models.DateTimeField("reabierta por un recurso el", null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(reopened_at__isnull=True), name="one_standing_decision"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="award") | Q(amount_clp__gt=0), name="decision_award_has_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.application}"


class ResultsPublication(models.Model):
    """A call's published results: public page and CSV; applicants notified; reconsideration runs from a date."""

    call = models.OneToOneField("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    published_at = models.DateTimeField("publicados el", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reconsideration_from = models.DateField("plazo de reconsideración corre desde")
    reconsideration_until = models.DateField("plazo de reconsideración vence el")

    class Meta:
        verbose_name = "publicación de resultados"
        verbose_name_plural = "publicaciones de resultados"

    def __str__(self) -> str:
        return f"Resultados de {self.call}"


from .models_applicant import (  # noqa: E402,F401  (registered with this app; see the module's docstring)
    CallDocument,
    CallQuestion,
    CallTerms,
    Reconsideration,
    ReconsiderationAttachment,
)
