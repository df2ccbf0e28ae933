"""The grantee's side of a project, shared with the agency: the execution agreement (convenio) generated from the
award, its budget lines, milestones, each expense with its document, refund requests and the final report.

Imported at the end of `models.py` so Django registers these models in the portfolio app. Per-line balances are
computed from the ledger (entries carry their budget line); `BudgetLine.approved_clp` is the same sum kept under
the project's lock so a CHECK constraint can guard that no line goes past its budget."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from panal.core.money import ClpField


class GrantAgreement(models.Model):
    """The convenio between the agency and the grantee: generated from the award, accepted by the grantee, then
    countersigned by staff. Its content is a snapshot taken when generated (later changes to the call don't alter
    it)."""

    project = models.OneToOneField("portfolio.Project", on_delete=models.PROTECT, related_name="grant_agreement")
    number = models.CharField("número", max_length=60, unique=True)
    terms_version = models.PositiveSmallIntegerField("versión de las bases", null=True, blank=True)
    obligations = models.JSONField("obligaciones", default=list)
    execution_months = models.PositiveSmallIntegerField("plazo de ejecución (meses)")
    ends_on = models.DateField("término de la ejecución")
    report_allowance_clp = ClpField("gastos que se pueden rendir antes de recibir transferencias (CLP)", default=0)
    generated_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField("aceptado por la beneficiaria", null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    countersigned_at = models.DateTimeField("firmado por la institución", null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "convenio de ejecución"
        verbose_name_plural = "convenios de ejecución"
        constraints = [
            models.CheckConstraint(
                condition=Q(countersigned_at__isnull=True) | Q(accepted_at__isnull=False),
                name="grant_countersigned_after_accepted",
            ),
            models.CheckConstraint(condition=Q(report_allowance_clp__gte=0), name="grant_allowance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Convenio {self.number}"

    @property
    def status_label(self) -> str:
        if self.countersigned_at:
            return "Firmado por ambas partes"
        if self.accepted_at:
            return "Aceptado por la beneficiaria; falta la firma de la institución"
        return "Por aceptar"


class BudgetLine(models.Model):
    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, related_name="budget_lines")
    position = models.PositiveSmallIntegerField("orden")
    category = models.CharField("categoría", max_length=40)
    category_label = models.CharField("nombre de la categoría", max_length=100)
    description = models.CharField("detalle", max_length=300)
    amount_clp = ClpField("monto adjudicado (CLP)")
    approved_clp = ClpField("rendido y aprobado (CLP)", default=0, editable=False)

    class Meta:
        verbose_name = "línea de presupuesto"
        verbose_name_plural = "líneas de presupuesto"
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="budget_line_position_once"),
            models.CheckConstraint(condition=Q(amount_clp__gt=0), name="budget_line_positive"),
            models.CheckConstraint(
                condition=Q(approved_clp__gte=0) & Q(approved_clp__lte=F("amount_clp")),
                name="budget_line_never_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_label}: {self.description}"


class Milestone(models.Model):
    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, related_name="milestones")
    key = models.SlugField(max_length=30)
    title = models.CharField("hito", max_length=200)
    due_on = models.DateField("fecha comprometida")
    done_on = models.DateField("cumplido el", null=True, blank=True)

    class Meta:
        verbose_name = "hito"
        verbose_name_plural = "hitos"
        ordering = ["project", "due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="milestone_key_once")]

    def __str__(self) -> str:
        return self.title


DOCUMENT_TYPES = {"factura": "Factura", "boleta": "Boleta", "honorarios": "Boleta de honorarios"}
EXPENSE_STATES = {
    "submitted": "Presentado, en revisión",
    "observed": "Observado",
    "answered": "Observación respondida, en revisión",
    "approved": "Aprobado",
    "rejected": "Rechazado",
}


def _expense_path(instance, filename):
    return f"rendiciones/{instance.project_id}/{filename}"


class Expense(models.Model):
    """One expense the grantee accounts for, with its tax document and the scanned file."""

    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, related_name="expenses")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenses", verbose_name="línea")
    document_type = models.CharField("tipo de documento", max_length=12, choices=list(DOCUMENT_TYPES.items()))
    document_number = models.CharField("número del documento", max_length=20)
    issued_on = models.DateField("fecha del documento")
    supplier_rut = models.CharField("RUT del proveedor", max_length=12)
    amount_clp = ClpField("monto (CLP)")
    file = models.FileField("documento escaneado", upload_to=_expense_path, max_length=300)
    original_name = models.CharField("nombre del archivo", max_length=200)
    sha256 = models.CharField(max_length=64)
    state = models.CharField("estado", max_length=10, choices=list(EXPENSE_STATES.items()), default="submitted")
    note = models.TextField("nota de la revisión", blank=True)
    answer = models.TextField("respuesta de la beneficiaria", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "gasto"
        verbose_name_plural = "gastos"
        ordering = ["project", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_clp__gt=0), name="expense_positive"),
            # the same tax document is accounted for once
            models.UniqueConstraint(
                fields=["project", "supplier_rut", "document_type", "document_number"], name="expense_document_once"
            ),
        ]
        indexes = [models.Index(fields=["state"], name="expense_state")]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} {self.document_number}"


class RefundRequest(models.Model):
    """A reintegro the grantee owes because an expense was rejected; paid when staff record the refund."""

    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, related_name="refund_requests")
    expense = models.OneToOneField(Expense, on_delete=models.PROTECT, related_name="refund_request")
    amount_clp = ClpField("monto a reintegrar (CLP)")
    requested_at = models.DateTimeField(auto_now_add=True)
    paid_entry = models.OneToOneField(
        "portfolio.LedgerEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "solicitud de reintegro"
        verbose_name_plural = "solicitudes de reintegro"
        constraints = [models.CheckConstraint(condition=Q(amount_clp__gt=0), name="refund_request_positive")]

    def __str__(self) -> str:
        return f"Reintegro {self.amount_clp} · {self.project_id}"


def _report_path(instance, filename):
    return f"informes/{instance.project_id}/{filename}"


class FinalReport(models.Model):
    project = models.OneToOneField("portfolio.Project", on_delete=models.PROTECT, related_name="final_report")
    text = models.TextField("informe final")
    file = models.FileField("anexo", upload_to=_report_path, max_length=300, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "informe final"
        verbose_name_plural = "informes finales"

    def __str__(self) -> str:
        return f"Informe final · {self.project_id}"
