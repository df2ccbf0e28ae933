from django import forms

from .models import REQUEST_KINDS

KIND_HELP = {
    "acceso": "Saber qué datos suyos tiene Panal, de dónde vienen, para qué se usan y por cuánto tiempo.",
    "rectificacion": "Corregir un dato que está mal.",
    "supresion": "Borrar sus datos (se conservan solo los que una ley obliga a guardar).",
    "oposicion": "Oponerse a un uso de sus datos.",
    "portabilidad": "Recibir sus datos en un formato que otra institución pueda leer (JSON y CSV).",
    "bloqueo": "Suspender temporalmente el uso de sus datos mientras se revisa otra solicitud.",
}


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="¿Qué derecho quiere ejercer?",
        choices=[(k, f"{v}: {KIND_HELP[k]}") for k, v in REQUEST_KINDS.items()],
        widget=forms.RadioSelect,
    )
    detail = forms.CharField(
        label="Detalle (opcional; obligatorio para rectificación)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Respuesta a la persona", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class ExtendForm(forms.Form):
    reason = forms.CharField(label="Motivo de la prórroga", max_length=1000)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(forms.Form):
    detected_at = forms.DateTimeField(label="Detectado el", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    nature = forms.CharField(label="Qué pasó", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    data_categories = forms.CharField(label="Categorías de datos afectados", max_length=300)
    people_affected = forms.IntegerField(label="Personas afectadas (aprox.)", min_value=0, max_value=10_000_000)
    risk = forms.ChoiceField(label="Riesgo", choices=[("bajo", "Bajo"), ("medio", "Medio"), ("alto", "Alto")])
    involves_sensitive = forms.BooleanField(label="Incluye datos sensibles", required=False)
    involves_minors = forms.BooleanField(label="Incluye datos de menores de 14 años", required=False)
    involves_financial = forms.BooleanField(label="Incluye datos económicos, financieros o bancarios", required=False)
    remediation = forms.CharField(
        label="Medidas adoptadas", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class IncidentNoticeForm(forms.Form):
    reported_to_agency_at = forms.DateTimeField(
        label="Informado a la Agencia el", required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    people_notified_at = forms.DateTimeField(
        label="Personas notificadas el", required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
