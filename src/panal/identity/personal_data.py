"""ClaveÚnica login attempts of a person (hook: panal.privacy.collector)."""

from .models import LoginAttempt


def export_person(person) -> dict:
    if not person.rut:
        return {}
    return {
        "ingresos_con_claveunica": [
            {"fecha": a.created_at, "resultado": a.get_result_display(), "ip": a.ip}
            for a in LoginAttempt.objects.filter(run=person.rut).order_by("created_at")
        ]
    }


def suppress_person(person) -> dict:
    if person.rut:
        LoginAttempt.objects.filter(run=person.rut).update(run="", ip=None)
    return {"ingresos_con_claveunica": "Anonimizados (se quitó RUN e IP)."}
