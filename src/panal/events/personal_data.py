"""Semana registrations of a person (hook: panal.privacy.collector)."""

from django.db.models import Q

from panal.core.errors import DomainError

from .models import Registration
from .services import normalize_email


def _registrations(person):
    """By the registry link; by e-mail only for a verified identity (an account's e-mail is not proof of owning it,
    and a declared record's e-mail is a claim)."""
    query = Q(person=person) if person.rut else Q(pk__in=[])
    if person.identity_verified and not person.is_declared_only:
        emails = set()
        for value in (getattr(person.user, "email", ""), person.email):
            try:
                emails.add(normalize_email(value))
            except DomainError:
                continue
        query |= Q(email_normalized__in=emails)
    return Registration.objects.filter(query).select_related("activity").order_by("created_at")


def export_person(person) -> dict:
    return {
        "inscripciones_semana": [
            {
                "actividad": r.activity.title,
                "fecha_actividad": r.activity.starts_at,
                "nombre": r.name,
                "correo": r.email,
                "rut": r.rut,
                "organizacion": r.organization,
                "estado": r.get_status_display(),
                "inscrita": r.created_at,
                "asistencia": r.checked_in_at,
            }
            for r in _registrations(person)
        ]
    }


def suppress_person(person) -> dict:
    count = 0
    for registration in _registrations(person):
        registration.name, registration.rut, registration.organization = "Persona suprimida", "", ""
        registration.save(update_fields=["name", "rut", "organization"])
        count += 1
    return {
        "inscripciones_semana": f"{count} inscripciones sin nombre, RUT ni organización; se conserva el correo solo "
        "para no volver a escribirle y la asistencia para las cifras de la Semana."
    }
