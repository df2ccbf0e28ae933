"""The regional investment portfolio: funding sources, FNDR agreements (convenios), call budgets, projects and
their append-only ledger.

Balances (allocated, transferred, awarded, disbursed ...) are kept by `services.py` inside locking transactions and
guarded by CHECK constraints, so the figures read summary columns that always equal the sum of the entries.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from panal.core.money import ClpField
from panal.registry.models import NATURAL_PERSON_LEGAL_FORMS

SOURCE_KINDS = {"sectorial": "Presupuesto sectorial de una institución", "fndr": "FNDR (Gobierno Regional)"}
BENEFICIARY_TYPES = {
    "persona": "Persona natural",
    "micro": "Microempresa",
    "pequena": "Pequeña empresa",
    "mediana": "Mediana empresa",
    "grande": "Gran empresa",
    "sin_tamano": "Empresa sin ventas informadas",
    "cooperativa": "Cooperativa",
}
SEX_LABELS = {"F": "Mujeres", "M": "Hombres", "X": "No binario", "": "Sin dato u organización"}
STATUSES = {"vigente": "En ejecución", "cerrado": "Cerrado"}
ENTRY_KINDS = {
    "commitment": "Compromiso",
    "disbursement": "Desembolso",
    "report_approved": "Rendición aprobada",
    "report_rejected": "Rendición rechazada",
    "refund": "Reintegro",
    "closure": "Cierre",
}


def _choices(mapping: dict) -> list[tuple[str, str]]:
    return list(mapping.items())


class FundingSource(models.Model):
    """A yearly amount of money: an agency's sectoral budget or the GORE's FNDR."""

    code = models.SlugField("código", max_length=60, unique=True)
    name = models.CharField("nombre", max_length=200)
    kind = models.CharField("tipo", max_length=20, choices=_choices(SOURCE_KINDS))
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="institución dueña de los fondos"
    )
    year = models.PositiveSmallIntegerField("año presupuestario")
    amount_clp = ClpField("monto (CLP)")
    allocated_clp = ClpField("asignado a convenios y convocatorias (CLP)", default=0, editable=False)
    is_sample = models.BooleanField("dato de ejemplo (demostración)", default=False)

    class Meta:
        verbose_name = "fuente de financiamiento"
        verbose_name_plural = "fuentes de financiamiento"
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_clp__gt=0), name="source_amount_positive"),
            models.CheckConstraint(
                condition=Q(allocated_clp__gte=0) & Q(allocated_clp__lte=F("amount_clp")),
                name="source_allocated_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def available_clp(self) -> int:
        return self.amount_clp - self.allocated_clp


class Agreement(models.Model):
    """A convenio: the GORE transfers FNDR money to an agency that runs the instruments it names."""

    number = models.CharField("número de convenio", max_length=60, unique=True)
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="agreements")
    grantor = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="institución que transfiere"
    )
    recipient = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="institución que ejecuta"
    )
    instruments = models.ManyToManyField("catalog.Instrument", related_name="+", verbose_name="instrumentos")
    amount_clp = ClpField("monto del convenio (CLP)")
    signed_on = models.DateField("fecha de firma")
    starts_on = models.DateField("inicio de vigencia")
    ends_on = models.DateField("término de vigencia")
    transferred_clp = ClpField("transferido (CLP)", default=0, editable=False)
    allocated_clp = ClpField("asignado a convocatorias (CLP)", default=0, editable=False)
    is_sample = models.BooleanField("dato de ejemplo (demostración)", default=False)

    class Meta:
        verbose_name = "convenio"
        verbose_name_plural = "convenios"
        ordering = ["-signed_on", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_clp__gt=0), name="agreement_amount_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="agreement_dates_in_order"),
            models.CheckConstraint(
                condition=Q(transferred_clp__gte=0) & Q(transferred_clp__lte=F("amount_clp")),
                name="agreement_transfers_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(allocated_clp__gte=0) & Q(allocated_clp__lte=F("amount_clp")),
                name="agreement_allocated_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Convenio {self.number}"


class AgreementTransfer(models.Model):
    """One transfer under an agreement; append-only (a correction is a negative entry that reverses another)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="transfers")
    amount_clp = ClpField("monto (CLP)")
    transferred_on = models.DateField("fecha")
    reference = models.CharField("documento", max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name="revierte"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "transferencia de convenio"
        verbose_name_plural = "transferencias de convenios"
        ordering = ["transferred_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount_clp=0), name="transfer_not_zero")]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.amount_clp}"


class CallBudget(models.Model):
    """What a call may award: the sum of its funding lines; `awarded_clp` never exceeds it."""

    call = models.OneToOneField("catalog.Call", on_delete=models.PROTECT, related_name="+", primary_key=True)
    # The sum of the call's funding lines; until it has any, the budget the catalogue declares (None: unknown).
    budget_clp = ClpField("presupuesto asignado (CLP)", null=True, blank=True, editable=False)
    awarded_clp = ClpField("adjudicado (CLP)", default=0, editable=False)

    class Meta:
        verbose_name = "presupuesto de convocatoria"
        verbose_name_plural = "presupuestos de convocatorias"
        constraints = [
            models.CheckConstraint(
                condition=Q(awarded_clp__gte=0) & (Q(budget_clp__isnull=True) | Q(awarded_clp__lte=F("budget_clp"))),
                name="call_awarded_within_budget",
            )
        ]

    def __str__(self) -> str:
        return f"Presupuesto de la convocatoria {self.call_id}"


class CallFunding(models.Model):
    """A funding line of a call: money from a source (and, for FNDR, through an agreement)."""

    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="call_fundings")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="fundings")
    amount_clp = ClpField("monto (CLP)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "financiamiento de convocatoria"
        verbose_name_plural = "financiamientos de convocatorias"
        constraints = [
            models.CheckConstraint(condition=Q(amount_clp__gt=0), name="call_funding_positive"),
            models.UniqueConstraint(fields=["call", "source", "agreement"], name="call_funding_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} ← {self.source_id}: {self.amount_clp}"


class Project(models.Model):
    """An awarded project. Dimensions used by the figures are copied at award time (a later change of address or
    size does not rewrite history); balances are kept by the ledger services."""

    code = models.CharField("código", max_length=40, unique=True)
    source_key = models.CharField("origen (clave de idempotencia)", max_length=120, unique=True)
    title = models.CharField("nombre del proyecto", max_length=300)
    call = models.ForeignKey("catalog.Call", on_delete=models.PROTECT, related_name="+", verbose_name="convocatoria")
    instrument = models.ForeignKey("catalog.Instrument", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="institución")
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )  # None: the call's money is not registered yet (its catalogue budget applies)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="projects")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beneficiary_key = models.CharField(max_length=24, editable=False)  # "p<id>" / "e<id>": counts beneficiaries
    beneficiary_type = models.CharField("tipo de beneficiario", max_length=20, choices=_choices(BENEFICIARY_TYPES))
    sex = models.CharField("sexo de la persona", max_length=1, blank=True)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("territory.Province", on_delete=models.PROTECT, related_name="+")
    objective = models.CharField("objetivo", max_length=20)
    year = models.PositiveSmallIntegerField("año de adjudicación")
    awarded_on = models.DateField("fecha de adjudicación")
    starts_on = models.DateField("inicio", null=True, blank=True)
    ends_on = models.DateField("término", null=True, blank=True)
    awarded_clp = ClpField("monto adjudicado (CLP)")
    own_contribution_clp = ClpField("aporte propio (CLP)", default=0)
    committed_clp = ClpField("comprometido (CLP)", default=0, editable=False)
    disbursed_clp = ClpField("desembolsado (CLP)", default=0, editable=False)
    approved_clp = ClpField("rendido y aprobado (CLP)", default=0, editable=False)
    rejected_clp = ClpField("rendido y rechazado (CLP)", default=0, editable=False)
    refunded_clp = ClpField("reintegrado (CLP)", default=0, editable=False)
    executed_clp = ClpField("ejecutado: desembolsado menos reintegros (CLP)", default=0, editable=False)
    instalments = models.PositiveSmallIntegerField("cuotas desembolsadas", default=0, editable=False)
    status = models.CharField("estado", max_length=10, choices=_choices(STATUSES), default="vigente")
    closed_on = models.DateField("fecha de cierre", null=True, blank=True)
    is_sample = models.BooleanField("dato de ejemplo (demostración)", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "proyecto"
        verbose_name_plural = "proyectos"
        ordering = ["-awarded_on", "code"]
        indexes = [
            # Covering indexes for the figures: each GROUP BY reads one index, not the table.
            models.Index(fields=["year", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_year"),
            models.Index(
                fields=["instrument", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_instr"
            ),
            models.Index(fields=["agency", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_agency"),
            models.Index(
                fields=["funding_source", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_source"
            ),
            models.Index(fields=["province", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_prov"),
            models.Index(fields=["commune", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_commune"),
            models.Index(
                fields=["beneficiary_type", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_btype"
            ),
            models.Index(fields=["sex", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_sex"),
            models.Index(fields=["objective", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_obj"),
            models.Index(fields=["call", "awarded_clp", "executed_clp", "beneficiary_key"], name="proj_fig_call"),
            models.Index(fields=["-awarded_on", "code"], name="proj_latest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(enterprise__isnull=True))
                | (Q(person__isnull=True) & Q(enterprise__isnull=False)),
                name="project_one_beneficiary",
            ),
            models.CheckConstraint(condition=Q(awarded_clp__gt=0), name="project_awarded_positive"),
            models.CheckConstraint(condition=Q(own_contribution_clp__gte=0), name="project_contribution_not_negative"),
            models.CheckConstraint(
                condition=Q(committed_clp__gte=0) & Q(committed_clp__lte=F("awarded_clp")),
                name="project_committed_within_awarded",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_clp__gte=0) & Q(disbursed_clp__lte=F("awarded_clp")),
                name="project_disbursed_within_awarded",
            ),
            models.CheckConstraint(
                condition=Q(refunded_clp__gte=0) & Q(refunded_clp__lte=F("disbursed_clp")),
                name="project_refunded_within_disbursed",
            ),
            models.CheckConstraint(
                condition=Q(executed_clp=F("disbursed_clp") - F("refunded_clp")), name="project_executed_is_net"
            ),
            models.CheckConstraint(
                condition=Q(approved_clp__gte=0) & Q(rejected_clp__gte=0), name="project_reports_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def publishes_as_person(self) -> bool:
        """Shown to the public as «Persona natural», without name or RUT (a person, or an enterprise that is one)."""

        if self.person_id is not None:
            return True
        return self.enterprise is not None and self.enterprise.legal_form in NATURAL_PERSON_LEGAL_FORMS

    @property
    def available_clp(self) -> int:
        """What can still be disbursed."""
        return self.awarded_clp - self.disbursed_clp

    @property
    def pending_report_clp(self) -> int:
        """Money in the beneficiary's hands not yet accounted for (neither approved in a report nor refunded)."""
        return self.executed_clp - self.approved_clp


class ExpenseReport(models.Model):
    """A rendición: the beneficiary accounts for money received; each item is approved or rejected."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="expense_reports")
    number = models.PositiveSmallIntegerField("número")
    submitted_on = models.DateField("fecha de presentación")
    reviewed_on = models.DateField("fecha de revisión")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rendición"
        verbose_name_plural = "rendiciones"
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="expense_report_number_once")]

    def __str__(self) -> str:
        return f"Rendición {self.number} del proyecto {self.project_id}"


class ExpenseItem(models.Model):
    report = models.ForeignKey(ExpenseReport, on_delete=models.PROTECT, related_name="items")
    description = models.CharField("gasto", max_length=300)
    amount_clp = ClpField("monto (CLP)")
    approved = models.BooleanField("aprobado")
    reason = models.CharField("motivo del rechazo", max_length=300, blank=True)

    class Meta:
        verbose_name = "gasto rendido"
        verbose_name_plural = "gastos rendidos"
        constraints = [models.CheckConstraint(condition=Q(amount_clp__gt=0), name="expense_item_positive")]

    def __str__(self) -> str:
        return self.description


class LedgerEntry(models.Model):
    """One movement of a project's money. Append-only: never updated or deleted; a mistake is corrected by a new
    entry that `reverses` it with the opposite amount."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("tipo", max_length=20, choices=_choices(ENTRY_KINDS))
    amount_clp = ClpField("monto (CLP)")
    entry_date = models.DateField("fecha")
    instalment = models.PositiveSmallIntegerField("cuota", null=True, blank=True)
    expense_report = models.ForeignKey(ExpenseReport, on_delete=models.PROTECT, null=True, blank=True)
    # set on entries of a grantee's expense (models_grantee): per-line balances are sums over these
    budget_line = models.ForeignKey(
        "portfolio.BudgetLine", on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    expense = models.ForeignKey("portfolio.Expense", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reference = models.CharField("documento o referencia", max_length=120, blank=True)
    note = models.CharField("nota", max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name="revierte"
    )
    idempotency_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "movimiento"
        verbose_name_plural = "movimientos (libro de la cartera)"
        ordering = ["project", "entry_date", "id"]
        indexes = [models.Index(fields=["project", "kind"], name="ledger_project_kind")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=list(ENTRY_KINDS)), name="ledger_known_kind"),
            models.CheckConstraint(condition=Q(kind="closure") | ~Q(amount_clp=0), name="ledger_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_clp} · {self.project_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Los movimientos no se modifican: registre un movimiento que lo revierta.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Los movimientos no se borran: registre un movimiento que lo revierta.")


from .models_grantee import (  # noqa: E402,F401  (registered with this app; see the module's docstring)
    BudgetLine,
    Expense,
    FinalReport,
    GrantAgreement,
    Milestone,
    RefundRequest,
)
