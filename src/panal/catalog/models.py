from django.conf import settings
from django.db import models


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
