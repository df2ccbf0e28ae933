from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from panal.core.errors import DomainError

from .criteria import FIELDS, OPERATORS, parse_condition


class Agency(models.Model):
    """A public institution that runs instruments or activities (Sercotec, Corfo, GORE ...)."""

    code = models.SlugField("código", max_length=40, unique=True)
    name = models.CharField("nombre", max_length=200)
    short_name = models.CharField("sigla o nombre corto", max_length=60)
    url = models.URLField("sitio web", blank=True)

    class Meta:
        verbose_name = "institución"
        verbose_name_plural = "instituciones"
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class AgencyStaff(models.Model):
    """An account that works for an agency (its activities and calls are theirs to manage)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "funcionario/a de institución"
        verbose_name_plural = "funcionarios/as de instituciones"
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="agency_staff_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency}"


OBJECTIVES = {
    "productividad": "Productividad",
    "ventas": "Ventas y gestión",
    "tecnologia": "Tecnología",
    "redes": "Redes",
}
BENEFICIARY_KINDS = {"persona": "Personas", "empresa": "Empresas", "cooperativa": "Cooperativas", "grupo": "Grupos"}


class Instrument(models.Model):
    """A support programme (Capital Abeja Emprende, PAR ...) with the rules every one of its calls keeps."""

    code = models.SlugField("código", max_length=60, unique=True)
    name = models.CharField("nombre", max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="instruments", verbose_name="institución")
    co_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="co_instruments",
        null=True,
        blank=True,
        verbose_name="institución que financia (si es otra)",
    )
    purpose = models.TextField("para qué sirve")
    audience = models.TextField("a quién está dirigido")
    finances = models.TextField("qué financia")
    how_to_apply = models.TextField("cómo postular", blank=True)
    own_contribution = models.CharField("aporte propio", max_length=300, blank=True)
    subsidy_min_clp = models.BigIntegerField("subsidio mínimo (CLP)", null=True, blank=True)
    subsidy_max_clp = models.BigIntegerField("subsidio máximo (CLP)", null=True, blank=True)
    for_persona = models.BooleanField("para personas naturales", default=False)
    for_empresa = models.BooleanField("para empresas", default=False)
    for_cooperativa = models.BooleanField("para cooperativas", default=False)
    for_grupo = models.BooleanField("para grupos", default=False)
    obj_productividad = models.BooleanField("objetivo: productividad", default=False)
    obj_ventas = models.BooleanField("objetivo: ventas y gestión", default=False)
    obj_tecnologia = models.BooleanField("objetivo: tecnología", default=False)
    obj_redes = models.BooleanField("objetivo: redes", default=False)
    url = models.URLField("sitio oficial", blank=True)
    sources = models.JSONField("fuentes (URL)", default=list, blank=True)
    referential = models.JSONField(
        "datos referenciales", default=list, blank=True, help_text="Campos cuyo valor no está verificado."
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "instrumento"
        verbose_name_plural = "instrumentos"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subsidy_min_clp__isnull=True)
                | models.Q(subsidy_max_clp__isnull=True)
                | models.Q(subsidy_min_clp__lte=models.F("subsidy_max_clp")),
                name="instrument_subsidy_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def objectives(self) -> list[str]:
        return [label for key, label in OBJECTIVES.items() if getattr(self, f"obj_{key}")]

    @property
    def beneficiary_kinds(self) -> list[str]:
        return [label for key, label in BENEFICIARY_KINDS.items() if getattr(self, f"for_{key}")]


FUNDING_SOURCES = {
    "fndr": "FNDR (Gobierno Regional)",
    "sercotec": "Presupuesto Sercotec",
    "sernameg": "SernamEG",
    "corfo": "Presupuesto Corfo",
    "indespa": "Presupuesto Indespa",
    "otro": "Otro",
}


class Call(models.Model):
    """One opening (convocatoria) of an instrument: region, focus, dates, budget. Status comes from the dates."""

    code = models.SlugField("código", max_length=80, unique=True)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="calls")
    title = models.CharField("título", max_length=200)
    year = models.PositiveSmallIntegerField("año")
    region = models.ForeignKey("territory.Region", on_delete=models.PROTECT, related_name="+", verbose_name="región")
    focus_provinces = models.JSONField("focalización: provincias (códigos)", default=list, blank=True)
    focus_communes = models.JSONField("focalización: comunas (códigos)", default=list, blank=True)
    focus_activity_codes = models.JSONField("focalización: actividades SII (códigos)", default=list, blank=True)
    focus_note = models.CharField("focalización (texto)", max_length=300, blank=True)
    sector_list_unknown = models.BooleanField(
        "puede tener foco sectorial sin lista conocida",
        default=False,
        help_text="Las bases pueden restringir actividades, pero no se conoce la lista de códigos SII.",
    )
    opens_at = models.DateTimeField("apertura")
    closes_at = models.DateTimeField("cierre")
    deadline_note = models.CharField("nota sobre el plazo", max_length=300, blank=True)
    rules_reference_date = models.DateField(
        "fecha de referencia de las reglas",
        null=True,
        blank=True,
        help_text="Fecha a la que se cuentan edades y antigüedad, si las bases nombran una; si no, la apertura.",
    )
    rules_from = models.CharField(
        "reglas tomadas de (convocatoria referencial)",
        max_length=300,
        blank=True,
        help_text="Si no se encontraron las bases de esta convocatoria: de qué convocatoria, región y año vienen.",
    )
    subsidy_tiers = models.JSONField(
        "topes por tramo de ventas",
        default=list,
        blank=True,
        help_text="Lista de {sales_uf_max, max_clp, share_pct}, de menor a mayor tramo.",
    )
    budget_clp = models.BigIntegerField("presupuesto (CLP)", null=True, blank=True)
    places = models.PositiveIntegerField("cupos", null=True, blank=True)
    subsidy_min_clp = models.BigIntegerField("subsidio mínimo (CLP)", null=True, blank=True)
    subsidy_max_clp = models.BigIntegerField("subsidio máximo (CLP)", null=True, blank=True)
    funding_source = models.CharField("fuente de financiamiento", max_length=20, choices=list(FUNDING_SOURCES.items()))
    how_to_apply = models.TextField("cómo postular", blank=True)
    url = models.URLField("bases o ficha oficial", blank=True)
    sources = models.JSONField("fuentes (URL)", default=list, blank=True)
    referential = models.JSONField(
        "datos referenciales", default=list, blank=True, help_text="Campos cuyo valor no está verificado."
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "convocatoria"
        verbose_name_plural = "convocatorias"
        ordering = ["-opens_at", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_open"
            ),
            models.CheckConstraint(
                condition=models.Q(budget_clp__isnull=True) | models.Q(budget_clp__gte=0), name="call_budget_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(subsidy_min_clp__isnull=True)
                | models.Q(subsidy_max_clp__isnull=True)
                | models.Q(subsidy_min_clp__lte=models.F("subsidy_max_clp")),
                name="call_subsidy_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_at(self, moment) -> str:
        if moment < self.opens_at:
            return "upcoming"
        if moment < self.closes_at:
            return "open"
        return "closed"

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def reference_date(self):
        """The date ages and time since activity start are counted at: the one the bases name, else the opening."""

        return self.rules_reference_date or timezone.localdate(self.opens_at)

    @property
    def is_referential(self) -> bool:
        return bool(self.rules_from)


class Criterion(models.Model):
    """One eligibility rule of an instrument or of a call, with what the user reads when it holds or fails."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="criteria", null=True, blank=True)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", null=True, blank=True)
    key = models.SlugField("identificador", max_length=60)
    position = models.PositiveSmallIntegerField("orden", default=0)
    pass_message = models.CharField("texto si se cumple", max_length=300)
    fail_message = models.CharField("texto si no se cumple", max_length=300)
    hint = models.CharField("cómo cumplirlo", max_length=300, blank=True)
    source_url = models.URLField("fuente", max_length=500, blank=True)
    verified = models.BooleanField(
        "verificado", default=True, help_text="Desmarque si la regla no viene de las bases oficiales (referencial)."
    )
    source_note = models.CharField(
        "de dónde viene la regla",
        max_length=200,
        blank=True,
        help_text="Si no viene de las bases de esta convocatoria: de cuál, región y año (p. ej. Tarapacá 2025).",
    )
    declaration = models.BooleanField(
        "se declara al postular",
        default=False,
        help_text="Condición que se declara bajo juramento: si no se sabe, no deja el resultado incompleto.",
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "criterio de elegibilidad"
        verbose_name_plural = "criterios de elegibilidad"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(instrument__isnull=False) & models.Q(call__isnull=True))
                | (models.Q(instrument__isnull=True) & models.Q(call__isnull=False)),
                name="criterion_has_one_owner",
            ),
            models.UniqueConstraint(fields=["instrument", "key"], name="criterion_key_per_instrument"),
            models.UniqueConstraint(fields=["call", "key"], name="criterion_key_per_call"),
        ]

    def __str__(self) -> str:
        return self.pass_message  # people read the rule, not its identifier


class Condition(models.Model):
    """`field op value` inside a criterion; conditions with the same branch number must all hold."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="conditions")
    branch = models.PositiveSmallIntegerField(
        "alternativa",
        default=1,
        help_text="Condiciones con el mismo número deben cumplirse todas; basta una alternativa.",
    )
    field = models.CharField("dato", max_length=40, choices=[(name, spec.label) for name, spec in FIELDS.items()])
    op = models.CharField("operador", max_length=20, choices=list(OPERATORS.items()))
    value = models.CharField("valor", max_length=500, help_text="Para listas, separe con comas: RPA, RNA.")

    class Meta:
        verbose_name = "condición"
        verbose_name_plural = "condiciones"
        ordering = ["branch", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(field__in=list(FIELDS)), name="condition_known_field"),
            models.CheckConstraint(condition=models.Q(op__in=list(OPERATORS)), name="condition_known_operator"),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} {self.get_op_display()} {self.value}"

    def save(self, *args, **kwargs):
        parse_condition(self.field, self.op, self.value)  # never store a condition the engine cannot read
        super().save(*args, **kwargs)
        self._touch_criterion()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_criterion()
        return result

    def _touch_criterion(self):
        """A changed condition changes its criterion: the engine's cached rules see it (selectors.catalog_version)."""

        Criterion.objects.filter(pk=self.criterion_id).update(updated_at=timezone.now())

    def clean(self):
        try:
            parse_condition(self.field, self.op, self.value)
        except DomainError as exc:
            raise ValidationError({exc.field or "value": exc.message}) from exc
