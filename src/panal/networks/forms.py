"""Forms of the rueda pages: they check types and sizes; the rules live in services."""

from django import forms

from .models import Role

SMALL_TEXT = 2000


class RuedaForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Inicio de las reuniones (dd-mm-aaaa HH:MM)", input_formats=["%d-%m-%Y %H:%M"]
    )
    ends_at = forms.DateTimeField(label="Término de las reuniones (dd-mm-aaaa HH:MM)", input_formats=["%d-%m-%Y %H:%M"])
    slot_minutes = forms.IntegerField(label="Minutos por reunión", min_value=5, max_value=240, initial=20)
    breaks = forms.CharField(
        label="Pausas (opcional)", required=False, help_text="Por ejemplo: 11:00-11:20, 13:00-14:00", max_length=300
    )
    tables = forms.IntegerField(label="Número de mesas", min_value=1, max_value=500, initial=10)
    request_deadline = forms.DateTimeField(
        label="Plazo para solicitar reuniones (dd-mm-aaaa HH:MM)", input_formats=["%d-%m-%Y %H:%M"]
    )
    fixed_table_for_buyers = forms.BooleanField(label="Cada comprador mantiene su mesa todo el día", required=False)

    def clean_breaks(self):
        text = self.cleaned_data["breaks"].strip()
        if not text:
            return []
        pairs = []
        for part in text.split(","):
            bits = [b.strip() for b in part.split("-")]
            if len(bits) != 2:
                raise forms.ValidationError("Escriba cada pausa como HH:MM-HH:MM, separadas por comas.")
            pairs.append(bits)
        return pairs


class JoinForm(forms.Form):
    enterprise = forms.TypedChoiceField(label="Participa como", coerce=int, empty_value=None, required=False)
    role = forms.ChoiceField(label="Rol", choices=Role.choices)
    sectors = forms.CharField(
        label="Actividades SII (códigos, opcional)",
        required=False,
        max_length=200,
        help_text="Separados por comas, por ejemplo: 011101, 107100",
    )
    offer = forms.CharField(
        label="Qué ofrece", required=False, max_length=SMALL_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    need = forms.CharField(
        label="Qué busca", required=False, max_length=SMALL_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    available_slots = forms.TypedMultipleChoiceField(
        label="Bloques en que puede reunirse", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    max_meetings = forms.IntegerField(
        label="Máximo de reuniones (opcional)", required=False, min_value=1, max_value=100
    )

    def __init__(self, *args, enterprises=(), slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "Yo, como persona")] + [(e.pk, e.display_name) for e in enterprises]
        self.fields["available_slots"].choices = [(s.number, f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}") for s in slots]
        self.fields["available_slots"].initial = [s.number for s in slots]

    def clean_sectors(self):
        return [c.strip() for c in self.cleaned_data["sectors"].replace(";", ",").split(",") if c.strip()]


class BrowseForm(forms.Form):
    sector = forms.CharField(label="Actividad SII (código o inicio)", required=False, max_length=6)
    commune = forms.ChoiceField(label="Comuna", required=False)
    role = forms.ChoiceField(label="Rol", required=False, choices=[("", "Todos"), *Role.choices])
    q = forms.CharField(label="Buscar", required=False, max_length=100)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "Todas")] + [(c.pk, c.name) for c in communes]


class RequestForm(forms.Form):
    message = forms.CharField(
        label="Mensaje (opcional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    quotation = forms.BooleanField(label="Hubo cotización", required=False)
    sale = forms.BooleanField(label="Hubo venta", required=False)
    amount_clp = forms.IntegerField(
        label="Monto en pesos (opcional)", required=False, min_value=0, max_value=10**13 - 1
    )


class MoveForm(forms.Form):
    slot = forms.IntegerField(label="Bloque", min_value=1, max_value=1000)
    table = forms.CharField(label="Mesa", max_length=20)


class ScheduleForm(forms.Form):
    time_limit = forms.IntegerField(
        label="Segundos de cálculo como máximo", min_value=1, max_value=20, initial=10
    )  # gunicorn stops a request at 30 s
