"""Privacy notices (Art. 14 ter), versioned. A new text gets a new version; what a person submitted stores the version
shown to them. The notices are shown where data is collected ({% privacy_notice "registro" %})."""

from .records import activity

NOTICES = {
    "registro": {
        "title": "Registro de personas y empresas",
        "version": "2026-12-01",
        "activity": "registro",
        "text": "Sus datos se usan para mostrarle los apoyos a los que puede postular y tramitar sus postulaciones. "
        "Los ven usted y los equipos de las instituciones que administran esos apoyos. Puede pedir acceso, "
        "rectificación, supresión, oposición, portabilidad o bloqueo en «Mis datos».",
    },
    "cuenta": {
        "title": "Cuenta de usuario",
        "version": "2026-12-01",
        "activity": "cuentas",
        "text": "Su correo o su RUN verificado con ClaveÚnica identifican su cuenta. Guardamos los intentos de ingreso "
        "(fecha, resultado, dirección IP) por 180 días para proteger su cuenta.",
    },
    "postulaciones": {
        "title": "Postulaciones a convocatorias",
        "version": "2026-12-01",
        "activity": "postulaciones",
        "text": "Sus respuestas, sus documentos y los datos de su ficha se usan para revisar la admisibilidad, "
        "evaluar y decidir su postulación. Los ven el equipo de la institución, los evaluadores y el comité de la "
        "convocatoria. "
        "Si su postulación no es adjudicada, sus datos personales se anonimizan al terminar el plazo de conservación; "
        "un borrador que nunca envía, a los 12 meses.",
    },
    "semana": {
        "title": "Inscripción en la Semana de las MiPymes",
        "version": "2026-12-01",
        "activity": "semana",
        "text": "Su nombre y correo se usan para su inscripción, los avisos y el certificado de asistencia; se "
        "guardan 2 años.",
    },
    "encuestas": {
        "title": "Encuestas de seguimiento",
        "version": "2026-12-01",
        "activity": "encuestas",
        "text": "Si acepta, le enviaremos encuestas de seguimiento sobre empleo y ventas. Solo publicamos cifras "
        "agregadas. Puede retirar su consentimiento cuando quiera en «Mis datos».",
    },
    "ruedas": {
        "title": "Participación en ruedas de negocios",
        "version": "2026-12-01",
        "activity": "ruedas",
        "text": "Su nombre, su empresa, su oferta y su demanda se muestran a las demás participantes de la rueda para "
        "pedir reuniones y armar la agenda. El directorio público de la rueda solo los muestra si usted lo acepta "
        "en «Mis datos».",
    },
    "ruedas_directorio": {
        "title": "Directorio público de ruedas de negocios",
        "version": "2026-12-01",
        "activity": "ruedas",
        "text": "Si acepta, su nombre, su empresa y su oferta aparecerán en el directorio público de la rueda. "
        "Puede retirar su consentimiento cuando quiera.",
    },
}

# Purposes whose legal basis is consent: only these have consent records.
CONSENT_PURPOSES = {"encuestas": "Encuestas de seguimiento", "ruedas_directorio": "Directorio público de ruedas"}


def notice(key: str) -> dict:
    data = NOTICES[key]
    return {**data, "key": key, "retention": activity(data["activity"]).retention}


def version(key: str) -> str:
    return NOTICES[key]["version"]
