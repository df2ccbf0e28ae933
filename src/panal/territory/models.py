"""Chile's political-administrative division with CUT codes (strings: region `06`, province `061`,
commune `06101`) and Censo 2024 population."""

from django.db import models


class Region(models.Model):
    code = models.CharField("código", max_length=2, primary_key=True)
    name = models.CharField("nombre", max_length=100)
    short_name = models.CharField("nombre corto", max_length=80)
    abbreviation = models.CharField("abreviatura", max_length=4, blank=True)

    class Meta:
        verbose_name = "región"
        verbose_name_plural = "regiones"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    code = models.CharField("código", max_length=3, primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces", verbose_name="región")
    name = models.CharField("nombre", max_length=100)

    class Meta:
        verbose_name = "provincia"
        verbose_name_plural = "provincias"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    code = models.CharField("código", max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes", verbose_name="provincia")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes", verbose_name="región")
    name = models.CharField("nombre", max_length=100)
    population = models.PositiveIntegerField("población (Censo 2024)")
    males = models.PositiveIntegerField("hombres (Censo 2024)", null=True, blank=True)
    females = models.PositiveIntegerField("mujeres (Censo 2024)", null=True, blank=True)
    latitude = models.DecimalField("latitud de la cabecera", max_digits=8, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField("longitud de la cabecera", max_digits=8, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = "comuna"
        verbose_name_plural = "comunas"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{5}$"), name="commune_code_five_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class CommuneAlias(models.Model):
    """Another way a commune's name is written (Marchigüe / Marchihue), stored folded (no accents, lower case)."""

    alias = models.CharField("nombre alternativo (normalizado)", max_length=100, unique=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="aliases", verbose_name="comuna")

    class Meta:
        verbose_name = "nombre alternativo de comuna"
        verbose_name_plural = "nombres alternativos de comunas"

    def __str__(self) -> str:
        return f"{self.alias} → {self.commune_id}"
