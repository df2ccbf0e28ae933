from django.db import models


class UFValue(models.Model):
    """The Unidad de Fomento's value in CLP on one day (Banco Central de Chile)."""

    date = models.DateField("fecha", primary_key=True)
    value = models.DecimalField("valor en CLP", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "valor de la UF"
        verbose_name_plural = "valores de la UF"
        ordering = ["-date"]
        constraints = [models.CheckConstraint(condition=models.Q(value__gt=0), name="uf_value_positive")]

    def __str__(self) -> str:
        return f"UF {self.date:%d-%m-%Y} = {self.value}"


class EconomicActivity(models.Model):
    """An SII economic activity code (CIIU4.CL 2012) with its sub-sector and sector."""

    code = models.CharField("código", max_length=6, primary_key=True)
    name = models.CharField("actividad", max_length=300)
    subsector_id = models.PositiveSmallIntegerField("id subrubro")
    subsector = models.CharField("subrubro", max_length=300)
    sector_id = models.PositiveSmallIntegerField("id rubro", db_index=True)
    sector = models.CharField("rubro", max_length=300)

    class Meta:
        verbose_name = "actividad económica SII"
        verbose_name_plural = "actividades económicas SII"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
