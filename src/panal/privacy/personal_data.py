"""Privacy's own part of a person's data: their requests and consents (hook: see collector.py)."""

from .models import ConsentRecord, DataRequest


def export_account(user) -> dict:
    return {
        "solicitudes_de_derechos": [
            {
                "id": r.pk,
                "derecho": r.get_kind_display(),
                "detalle": r.detail,
                "estado": r.get_status_display(),
                "recibida": r.received_at,
                "vence": r.due_at,
                "respondida": r.answered_at,
                "respuesta": r.answer,
            }
            for r in DataRequest.objects.filter(user=user).order_by("received_at")
        ],
        "consentimientos_otorgados": [
            {
                "finalidad": c.purpose,
                "version_aviso": c.notice_version,
                "canal": c.channel,
                "otorgado": c.given_at,
                "retirado": c.withdrawn_at,
            }
            for c in ConsentRecord.objects.filter(user=user).order_by("given_at")
        ],
    }


def export_person(person) -> dict:
    return export_account(person.user) if person.user_id else {}


def suppress_person(person) -> dict:
    return {
        "solicitudes_de_derechos": "Se conservan 3 años: prueban que Panal respondió (obligación legal, Ley 21.719).",
    }
