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
