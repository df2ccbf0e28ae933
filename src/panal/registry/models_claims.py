"""A signed-in person says they represent an enterprise or cooperative and uploads a document that proves it. Until
staff verify it, the claim is only a claim: no Representation exists, so it gives no access to the organisation's
data. Imported at the end of `models.py` so Django registers it in the registry app."""

from django.conf import settings
from django.db import models
from django.db.models import Q

CLAIM_STATES = {"pending": "Pendiente de verificación", "verified": "Verificada", "rejected": "Rechazada"}


def _claim_path(instance, filename):
    return f"representaciones/{instance.person_id}/{filename}"


class RepresentationClaim(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="representation_claims")
    rut = models.CharField("RUT de la empresa o cooperativa", max_length=12)
    legal_name = models.CharField("razón social", max_length=200)
    legal_form = models.CharField("forma jurídica", max_length=20)
    role = models.CharField("calidad", max_length=30)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+")
    document = models.FileField("documento que lo acredita", upload_to=_claim_path, max_length=300)
    document_name = models.CharField("nombre del documento", max_length=200)
    sha256 = models.CharField(max_length=64)
    state = models.CharField("estado", max_length=10, choices=list(CLAIM_STATES.items()), default="pending")
    note = models.TextField("nota de la revisión", blank=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "solicitud de representación"
        verbose_name_plural = "solicitudes de representación"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rut"], condition=Q(state="pending"), name="one_pending_claim_per_enterprise"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.get_state_display()})"
