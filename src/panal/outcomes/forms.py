"""The follow-up survey: the same items as the application's baseline, about the last 12 months, in plain Spanish.

The answers are recorded as the year of the wave (the call's year + 1 or + 2), so that a 12-month survey always
falls in the "after" period of the comparison whatever the month the decisions closed."""

from django import forms

from .indicators import DIGITAL_ITEMS, MANAGEMENT_ITEMS

YES_NO = [("1", "Sí"), ("0", "No")]


def _amount(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=10**13, help_text="En pesos, sin puntos."
    )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100000)


class SurveyForm(forms.Form):
    sobrevivencia = forms.ChoiceField(label="¿Su negocio sigue funcionando?", choices=YES_NO, widget=forms.RadioSelect)
    ventas_clp = _amount("Ventas de los últimos 12 meses (total)")
    compras_clp = _amount("Compras de los últimos 12 meses (insumos y mercadería)")
    trabajadoras_mujeres = _count("Mujeres que trabajaron con contrato en los últimos 12 meses (promedio)")
    trabajadores_hombres = _count("Hombres que trabajaron con contrato en los últimos 12 meses (promedio)")
    remuneraciones_clp = _amount("Sueldos brutos pagados en los últimos 12 meses (total)")
    digital = forms.MultipleChoiceField(
        label="¿Qué usa hoy en su negocio? Marque todo lo que corresponda.",
        choices=list(DIGITAL_ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gestion = forms.MultipleChoiceField(
        label="¿Qué hace hoy en su negocio? Marque todo lo que corresponda.",
        choices=list(MANAGEMENT_ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    redes_nuevos_clientes = _count(
        "Clientes o proveedores nuevos conseguidos en los últimos 12 meses en ruedas de negocios u otras redes"
    )
    asociatividad = forms.ChoiceField(
        label="¿Es socia o socio de un gremio, cooperativa o asociación?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )

    def items(self) -> dict:
        data = self.cleaned_data
        out = {
            key: data.get(key)
            for key in (
                "ventas_clp",
                "compras_clp",
                "trabajadoras_mujeres",
                "trabajadores_hombres",
                "remuneraciones_clp",
                "redes_nuevos_clientes",
            )
        }
        out["sobrevivencia"] = int(data["sobrevivencia"])
        if data.get("asociatividad") in ("0", "1"):
            out["asociatividad"] = int(data["asociatividad"])
        out |= {key: int(key in data.get("digital", [])) for key in DIGITAL_ITEMS}
        out |= {key: int(key in data.get("gestion", [])) for key in MANAGEMENT_ITEMS}
        return out
