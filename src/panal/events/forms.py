from datetime import timedelta

from django import forms
from django.utils import timezone

from panal.core.limits import MAX_SEATS

from .models import Activity, ActivityType, Audience, Objective


def _blank(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class AgendaFilterForm(forms.Form):
    """The agenda's filters (GET): every field optional, bad values are simply ignored by the view."""

    q = forms.CharField(
        label="Buscar", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    dia = forms.ChoiceField(label="Día", required=False)
    comuna = forms.ChoiceField(label="Comuna", required=False)
    tipo = forms.ChoiceField(label="Tipo", required=False, choices=_blank("Todos los tipos", ActivityType.choices))
    organiza = forms.ChoiceField(label="Organiza", required=False)
    objetivo = forms.ChoiceField(
        label="Objetivo", required=False, choices=_blank("Todos los objetivos", Objective.choices)
    )
    publico = forms.ChoiceField(label="Público", required=False, choices=_blank("Todo público", Audience.choices))
    vista = forms.ChoiceField(
        label="Ordenar por", required=False, choices=[("dia", "Día"), ("comuna", "Comuna")], initial="dia"
    )

    def __init__(self, *args, edition=None, communes=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        days = []
        if edition is not None:
            day = edition.starts_on
            while day <= edition.ends_on:
                days.append((day.isoformat(), _day_label(day)))
                day += timedelta(days=1)
        self.fields["dia"].choices = _blank("Todos los días", days)
        self.fields["comuna"].choices = _blank("Todas las comunas", [(c.code, c.name) for c in communes])
        self.fields["organiza"].choices = _blank("Todas las instituciones", [(a.code, a.short_name) for a in agencies])


WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def _day_label(day) -> str:
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} de {MONTHS[day.month - 1]}"


class RegistrationForm(forms.Form):
    name = forms.CharField(label="Nombre y apellido", max_length=200)
    email = forms.CharField(
        label="Correo electrónico",
        max_length=254,
        help_text="Le enviaremos la confirmación, el código QR y el enlace para cancelar.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    rut = forms.CharField(label="RUT (opcional)", max_length=14, required=False, help_text="Por ejemplo: 12.345.678-5")
    commune = forms.ChoiceField(label="Comuna donde vive o trabaja (opcional)", required=False)
    organization = forms.CharField(label="Empresa o cooperativa (opcional)", max_length=200, required=False)

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = _blank("Elegir comuna", [(c.code, c.name) for c in communes])
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].error_messages["required"] = "Ingrese su correo electrónico."
        self.fields["name"].error_messages["required"] = "Ingrese su nombre."


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ActivityForm(forms.ModelForm):
    online_url = forms.URLField(
        label="Enlace de transmisión", required=False, assume_scheme="https", help_text="Solo si es en línea."
    )
    capacity = forms.IntegerField(
        label="Cupos", min_value=0, max_value=MAX_SEATS, required=False, help_text="Vacío: sin límite de cupos."
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "type",
            "agency",
            "objective",
            "audience",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "commune",
            "online_url",
            "capacity",
            "registration_open",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "starts_at": "Hora de Chile continental (America/Santiago).",
            "commune": "Déjela vacía si la actividad es solo en línea.",
        }

    def validate_unique(self):
        """Constraints are checked by services.create_activity/update_activity, which name the field."""

    def __init__(self, *args, agencies=None, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        if communes is not None:
            self.fields["commune"].queryset = communes
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]
            if self.instance.pk and getattr(self.instance, name):
                self.initial[name] = timezone.localtime(getattr(self.instance, name)).strftime("%Y-%m-%dT%H:%M")


class CheckInForm(forms.Form):
    code = forms.CharField(
        label="Código de inscripción",
        max_length=300,
        help_text="Escanee el QR o escriba el código que aparece bajo él.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )
