from django.conf import settings
from django.db import models


class TargetProfile(models.Model):
    """A flat, indexed copy of one registered person's or enterprise's eligibility profile, for targeting.

    One column per profile field; ages are kept as dates (birth, activity start) so the compiled query computes
    them at the date it is asked for. NULL means unknown, exactly as in the engine. Rebuilt from the registry by
    `services.refresh_targets()`; never edited by hand.
    """

    source_kind = models.CharField("origen", max_length=20)  # "person" | "enterprise"
    object_id = models.BigIntegerField("identificador en el registro")
    applicant_kind = models.CharField(max_length=12)
    birth_date = models.DateField(null=True)
    sex = models.CharField(max_length=1, null=True)
    nationality = models.CharField(max_length=12, null=True)
    commune = models.CharField(max_length=5, null=True)
    province = models.CharField(max_length=3, null=True)
    region = models.CharField(max_length=2, null=True)
    has_activity_start = models.BooleanField(null=True)
    activity_start_date = models.DateField(null=True)
    annual_sales_uf = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    activity_code = models.CharField(max_length=6, null=True)
    cooperative_class = models.CharField(max_length=20, null=True)
    members = models.IntegerField(null=True)
    in_good_standing = models.BooleanField(null=True)
    # A group's firms outside 2,400-100,000 UF (from member_sales_uf; `members` is then the number of firms).
    members_outside_sme = models.IntegerField(null=True)
    project_investment_clp = models.BigIntegerField(null=True)
    has_overdue_debts = models.BooleanField(null=True)
    in_alimony_debtors_registry = models.BooleanField(null=True)
    in_emergency_register = models.BooleanField(null=True)
    reg_rpa = models.BooleanField(null=True)
    reg_rna = models.BooleanField(null=True)
    reg_roa = models.BooleanField(null=True)

    class Meta:
        verbose_name = "perfil para focalización"
        verbose_name_plural = "perfiles para focalización"
        constraints = [models.UniqueConstraint(fields=["source_kind", "object_id"], name="target_profile_once")]
        # Every call filters on region and applicant kind (and most on activity start): one covering index led by
        # them lets a count read only the index, never the table (2-3x faster than scanning 1M rows in SQLite).
        indexes = [
            models.Index(
                fields=[
                    "region",
                    "applicant_kind",
                    "has_activity_start",
                    "sex",
                    "birth_date",
                    "activity_start_date",
                    "annual_sales_uf",
                    "members",
                    "cooperative_class",
                    "in_good_standing",
                    "province",
                    "commune",
                    "reg_rpa",
                    "reg_rna",
                    "reg_roa",
                    "activity_code",
                    "nationality",
                    "members_outside_sme",
                    "project_investment_clp",
                    "has_overdue_debts",
                    "in_alimony_debtors_registry",
                    "in_emergency_register",
                ],
                name="target_covering",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_kind}:{self.object_id}"


class AlertSubscription(models.Model):
    """«Avísame»: a signed-in person asks, with consent (revocable), to be told when a call opens that they (or an
    enterprise or cooperative they represent) qualify for, or might with one more answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    consent_version = models.CharField("versión del texto de consentimiento", max_length=20)
    consented_at = models.DateTimeField("consentimiento dado el", auto_now_add=True)
    revoked_at = models.DateTimeField("consentimiento retirado el", null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "aviso de convocatorias («Avísame»)"
        verbose_name_plural = "avisos de convocatorias («Avísame»)"
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(enterprise__isnull=True, revoked_at__isnull=True),
                name="alert_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["person", "enterprise"],
                condition=models.Q(enterprise__isnull=False, revoked_at__isnull=True),
                name="alert_once_per_enterprise",
            ),
        ]

    def __str__(self) -> str:
        return f"Avísame {self.pk}"


class AlertDelivery(models.Model):
    """One e-mail about one call to one subscription: at most one, whatever the retries."""

    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="deliveries")
    call = models.ForeignKey("catalog.Call", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12)  # "eligible" | "incomplete" (one answer away)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "call"], name="alert_once_per_call")]

    def __str__(self) -> str:
        return f"{self.subscription_id} · {self.call_id}"
