"""The registry: people, enterprises (MiPymes), cooperatives and who represents whom.

Writes go through `services.py`; other apps read through `selectors.py`. Derived values (an enterprise's latest
sales, size and SII bracket; its legal representative used by the eligibility profile) are kept by the services,
never typed in.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from panal.core.rut import RutField

SEXES = {"F": "Femenino", "M": "Masculino", "X": "No binario"}
NATIONALITIES = {"CL": "Chilena", "extranjera": "Extranjera"}
LEGAL_FORMS = {
    "persona_natural": "Persona natural con giro",
    "eirl": "EIRL",
    "spa": "SpA",
    "ltda": "Ltda.",
    "sa": "S.A.",
    "cooperativa": "Cooperativa",
    "otra": "Otra",
}
# Legal forms whose holder is a natural person: a "persona natural con giro" is the person, and an EIRL's name is
# usually its owner's. Open data and public pages publish them as individuals (no name, no RUT).
NATURAL_PERSON_LEGAL_FORMS = ("persona_natural", "eirl")
COOPERATIVE_CLASSES = {
    "agricola": "Agrícola",
    "campesina": "Campesina",
    "pesquera": "Pesquera",
    "consumo": "De consumo",
    "trabajo": "De trabajo",
    "servicios": "De servicios",
    "ahorro_credito": "De ahorro y crédito",
    "vivienda": "De vivienda",
    "otra": "Otra",
}
REPRESENTATION_ROLES = {"representante_legal": "Representante legal", "socio": "Socio/a", "gerente": "Gerente"}
LEGAL_REPRESENTATIVE = "representante_legal"
# Sectoral registrations a person or an organisation may hold (they decide eligibility for Indespa's lines).
REGISTRIES = {
    "RPA": "Registro Pesquero Artesanal (Sernapesca)",
    "RNA": "Registro Nacional de Acuicultura",
    "ROA": "Registro de Organizaciones Artesanales",
}
SIZE_CHOICES = {"micro": "Micro", "pequena": "Pequeña", "mediana": "Mediana", "grande": "Grande"}


def _choices(mapping: dict) -> list[tuple[str, str]]:
    return list(mapping.items())


class RegistriesMixin(models.Model):
    in_rpa = models.BooleanField("inscrito/a en el RPA (Sernapesca)", default=False)
    in_rna = models.BooleanField("inscrito/a en el Registro Nacional de Acuicultura", default=False)
    in_roa = models.BooleanField("inscrito/a en el ROA", default=False)

    class Meta:
        abstract = True

    @property
    def registries(self) -> list[str]:
        return [code for code, flag in (("RPA", self.in_rpa), ("RNA", self.in_rna), ("ROA", self.in_roa)) if flag]


IDENTITY_METHODS = {"claveunica": "ClaveÚnica", "staff": "Verificación presencial del equipo"}


class Person(RegistriesMixin):
    """A natural person: an entrepreneur, a representative, a member. Personal data: shown only to them and staff.

    A registry record (created by staff, an import or a verified login) has `rut`. A record an account holder
    filled in about themselves without a verified identity has only `declared_rut`: a claim, never matched by
    RUT (imports, staff look-ups, Semana registrations), so it can neither take nor reveal a registry record.
    """

    rut = RutField(unique=True, null=True, blank=True)
    declared_rut = RutField(verbose_name="RUT declarado (sin verificar)", blank=True, db_index=True)
    first_names = models.CharField("nombres", max_length=120)
    last_names = models.CharField("apellidos", max_length=120)
    email = models.EmailField("correo electrónico", blank=True)
    phone = models.CharField("teléfono", max_length=30, blank=True)
    birth_date = models.DateField("fecha de nacimiento", null=True, blank=True)
    sex = models.CharField("sexo registral", max_length=1, choices=_choices(SEXES), blank=True)
    nationality = models.CharField("nacionalidad", max_length=10, choices=_choices(NATIONALITIES), blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="comuna de domicilio",
    )
    # The person's own standing before the SII (a "persona natural con giro" starts activities under their RUT).
    has_activity_start = models.BooleanField("tiene inicio de actividades ante el SII", null=True, blank=True)
    activity_start_date = models.DateField("fecha de inicio de actividades", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="cuenta de postulante",
    )
    # How the account was bound to this person: only ClaveÚnica or a staff verification (audited) count.
    identity_verified_via = models.CharField(
        "identidad verificada por", max_length=20, choices=_choices(IDENTITY_METHODS), blank=True
    )
    identity_verified_at = models.DateTimeField("identidad verificada el", null=True, blank=True)
    is_sample = models.BooleanField("dato de ejemplo (demostración)", default=False)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "persona"
        verbose_name_plural = "personas"
        ordering = ["last_names", "first_names"]
        indexes = [models.Index(fields=["last_names", "first_names"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rut__isnull=False) | ~Q(declared_rut=""), name="person_has_a_rut_or_a_declared_rut"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_declared_only(self) -> bool:
        """Filled in by the account holder, RUT not verified: not part of the registry proper."""
        return self.rut is None

    @property
    def shown_rut(self) -> str:
        return self.rut or self.declared_rut

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}".strip()


class Consent(models.Model):
    """What a person accepted and when (the start of the data-protection record). Withdrawal is a new date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name="persona")
    purpose = models.CharField("finalidad", max_length=200)
    text_version = models.CharField("versión del texto aceptado", max_length=40)
    accepted_at = models.DateTimeField("aceptado el")
    withdrawn_at = models.DateTimeField("retirado el", null=True, blank=True)

    class Meta:
        verbose_name = "consentimiento"
        verbose_name_plural = "consentimientos"
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.text_version})"


class Enterprise(RegistriesMixin):
    """A firm (MiPyme or any size). Size and SII bracket are derived from the latest year's sales."""

    rut = RutField(unique=True)
    legal_name = models.CharField("razón social", max_length=200)
    trade_name = models.CharField("nombre de fantasía", max_length=200, blank=True)
    legal_form = models.CharField("forma jurídica", max_length=20, choices=_choices(LEGAL_FORMS), default="otra")
    has_activity_start = models.BooleanField("tiene inicio de actividades ante el SII", null=True, blank=True)
    activity_start_date = models.DateField("fecha de inicio de actividades", null=True, blank=True)
    activity = models.ForeignKey(
        "reference.EconomicActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="actividad SII principal",
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="comuna de la casa matriz",
    )
    email = models.EmailField("correo electrónico", blank=True)
    phone = models.CharField("teléfono", max_length=30, blank=True)
    # Derived (kept by services from the yearly history): the latest year with sales, its sales, size and bracket.
    sales_year = models.PositiveSmallIntegerField("año de las últimas ventas", null=True, blank=True, editable=False)
    annual_sales_uf = models.DecimalField(
        "ventas netas anuales (UF)", max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    size = models.CharField(
        "tamaño (Ley 20.416)", max_length=10, choices=_choices(SIZE_CHOICES), blank=True, editable=False
    )
    sii_tramo = models.PositiveSmallIntegerField("tramo de ventas SII", null=True, blank=True, editable=False)
    # Derived from Representation: whose personal data the eligibility profile uses for this enterprise.
    legal_representative = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="representante legal",
    )
    is_sample = models.BooleanField("dato de ejemplo (demostración)", default=False)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "empresa"
        verbose_name_plural = "empresas"
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["legal_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_sales_uf__isnull=True) | Q(annual_sales_uf__gte=0),
                name="enterprise_sales_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name


class EnterpriseYear(models.Model):
    """One year of an enterprise's figures: net sales in UF, employees, total wages paid in CLP."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="years", verbose_name="empresa")
    year = models.PositiveSmallIntegerField("año")
    sales_uf = models.DecimalField("ventas netas (UF)", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("trabajadores/as", null=True, blank=True)
    wages_clp = models.BigIntegerField("remuneraciones pagadas en el año (CLP)", null=True, blank=True)

    class Meta:
        verbose_name = "año de una empresa"
        verbose_name_plural = "años de empresas"
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_once"),
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2200), name="enterprise_year_plausible"),
            models.CheckConstraint(
                condition=Q(sales_uf__isnull=True) | Q(sales_uf__gte=0), name="enterprise_year_sales_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(wages_clp__isnull=True) | Q(wages_clp__gte=0), name="enterprise_year_wages_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"


class Cooperative(models.Model):
    """The cooperative data of an enterprise (registered with the Ministry's Division de Asociatividad)."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="cooperative", verbose_name="empresa"
    )
    cooperative_class = models.CharField("clase", max_length=20, choices=_choices(COOPERATIVE_CLASSES))
    registry_number = models.CharField("rol (registro de cooperativas)", max_length=30, blank=True)
    constitution_date = models.DateField("fecha de constitución", null=True, blank=True)
    members_men = models.PositiveIntegerField("socios hombres", default=0)
    members_women = models.PositiveIntegerField("socias mujeres", default=0)
    members_other = models.PositiveIntegerField("otros socios (personas jurídicas o sin sexo informado)", default=0)
    in_good_standing = models.BooleanField("vigente", null=True, blank=True)
    standing_checked_on = models.DateField("vigencia revisada el", null=True, blank=True)

    class Meta:
        verbose_name = "cooperativa"
        verbose_name_plural = "cooperativas"
        constraints = [
            models.CheckConstraint(
                condition=Q(members_men__gt=0) | Q(members_women__gt=0) | Q(members_other__gt=0),
                name="cooperative_has_members",
            ),
            models.UniqueConstraint(
                fields=["registry_number"], condition=~Q(registry_number=""), name="cooperative_registry_number_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.enterprise)

    @property
    def members(self) -> int:
        return self.members_men + self.members_women + self.members_other


class Representation(models.Model):
    """A person acts for an enterprise or cooperative in a role."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representations", verbose_name="persona")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="representations", verbose_name="empresa"
    )
    role = models.CharField("calidad", max_length=30, choices=_choices(REPRESENTATION_ROLES))
    since = models.DateField("desde", null=True, blank=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        verbose_name = "representación"
        verbose_name_plural = "representaciones"
        ordering = ["enterprise", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "enterprise", "role"], name="representation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.enterprise}"


class ImportBatch(models.Model):
    """A file uploaded in the back office: validated first (the report), imported only when staff confirm."""

    KINDS = {"people": "Personas", "enterprises": "Empresas", "cooperatives": "Cooperativas"}
    STATUSES = {"validated": "Validado, sin importar", "imported": "Importado", "discarded": "Descartado"}

    kind = models.CharField("tipo", max_length=20, choices=_choices(KINDS))
    filename = models.CharField("archivo", max_length=255)
    content = models.BinaryField("contenido")
    status = models.CharField("estado", max_length=20, choices=_choices(STATUSES), default="validated")
    rows = models.PositiveIntegerField("filas", default=0)
    valid_rows = models.PositiveIntegerField("filas válidas", default=0)
    report = models.JSONField("informe de validación", default=list)
    summary = models.CharField("resumen", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="subido por"
    )
    created_at = models.DateTimeField("subido el", auto_now_add=True)
    imported_at = models.DateTimeField("importado el", null=True, blank=True)

    class Meta:
        verbose_name = "importación"
        verbose_name_plural = "importaciones"
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(valid_rows__lte=F("rows")), name="import_valid_le_rows")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"


from .models_claims import RepresentationClaim  # noqa: E402,F401  (registered with this app; see the module)
