"""Accounts' part of a person's data (hook: panal.privacy.collector)."""


def export_account(user) -> dict:
    return {
        "cuenta": [
            {
                "correo": user.email,
                "creada": user.date_joined,
                "ultimo_ingreso": user.last_login,
                "activa": user.is_active,
                "roles": sorted(user.groups.values_list("name", flat=True)),
            }
        ]
    }


def export_person(person) -> dict:
    return export_account(person.user) if person.user_id else {}


def suppress_person(person) -> dict:
    return {"cuenta": "Se mantiene para que la persona reciba la respuesta; puede pedir cerrarla."}
