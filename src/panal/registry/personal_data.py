"""The registry's part of a person's data (hook: panal.privacy.collector)."""

from django.db import transaction

from panal.core import audit

from .models import Person
from .selectors import person_export

SUPPRESSED_NAME = "Persona suprimida"


def export_person(person) -> dict:
    data = person_export(person)
    return {
        "persona": [data["persona"]],
        "consentimientos_del_registro": data["consentimientos"],
        "representaciones": data["representaciones"],
        "historial_de_cambios": data["historial_de_cambios"],
    }


@transaction.atomic
def suppress_person(person) -> dict:
    """Erase what no legal duty keeps (contact and profile data). RUT and name stay only on registry records: they
    identify the beneficiary of public funds (rendición de cuentas); a declared-only record keeps nothing."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.email = person.phone = person.sex = person.nationality = ""
    person.birth_date = person.commune = person.has_activity_start = person.activity_start_date = None
    person.in_rpa = person.in_rna = person.in_roa = False
    kept = "Se conservan RUT y nombre: identifican a quien recibió o pidió fondos públicos (obligación legal)."
    if person.is_declared_only:
        person.first_names, person.last_names = SUPPRESSED_NAME, "—"
        kept = "Se anonimizó la ficha completa (nombre y RUT declarado quedan solo en la solicitud)."
    person.save()
    audit.record(actor=None, action="registry.person.suppressed", obj=person, reason="solicitud de supresión")
    return {"persona": f"Se borraron contacto, fecha de nacimiento, sexo, nacionalidad y comuna. {kept}"}
