"""Records of processing (registro de actividades de tratamiento): one entry per activity, published at /privacidad/
and as CSV. `panal privacy-check` fails when a model that holds personal data is in no entry's `models`.

A model "holds personal data" when it has a field named like personal data, or refers to an account or a registry
person (`holds_personal_data`). Bases: the body's legal functions (Ley 19.628 as amended by Ley 21.719, Title IV)
unless stated; the controller is named in docs/privacy.md."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

PERSONAL_FIELD_NAMES = {
    "rut",
    "declared_rut",
    "run",
    "email",
    "phone",
    "birth_date",
    "sex",
    "first_names",
    "last_names",
    "first_name",
    "last_name",
    "ip",
    "address",
}
PERSON_MODELS = {"registry.person"}

LEGAL_FUNCTION = "Funciones legales del órgano (Ley 21.719, Título IV; DFL 1-19.175 LOC GAR, fomento productivo)"
CONSENT = "Consentimiento (Art. 12), revocable en «Mis datos»"
LEGAL_OBLIGATION = "Obligación legal (rendición de cuentas de fondos públicos, Ley 21.719 Art. 13)"


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    purpose: str
    basis: str
    categories: str
    sensitive: str
    recipients: str
    transfers: str
    retention: str
    retention_days: int | None  # None: kept while the legal duty lasts (see `retention`)
    security: str
    models: tuple[str, ...] = field(default_factory=tuple)


_SECURITY = "Acceso por rol; lecturas de datos personales por funcionarios auditadas; TLS; respaldos cifrados"

ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        "cuentas",
        "Cuentas y acceso (correo o ClaveÚnica)",
        "Identificar a quien ingresa, verificar su RUN y proteger las cuentas",
        LEGAL_FUNCTION,
        "Correo, RUN verificado, nombre, dirección IP y resultado de los intentos de ingreso",
        "No",
        "Nadie fuera de Panal",
        "No hay",
        "Intentos de ingreso: 180 días; cuentas: mientras estén activas",
        180,
        _SECURITY + "; segundo factor (TOTP) para funcionarios",
        ("core.user", "identity.loginattempt", "catalog.agencystaff", "applications.apitoken", "otp_totp.totpdevice"),
    ),
    Activity(
        "registro",
        "Registro de beneficiarios (personas, MiPymes, cooperativas)",
        "Saber a qué apoyos puede postular cada persona o empresa y tramitar sus postulaciones",
        LEGAL_FUNCTION,
        "RUT, nombres, contacto, fecha de nacimiento, sexo registral, nacionalidad, comuna, inicio de actividades, "
        "ventas, trabajadores y remuneraciones de la empresa",
        "Situación socioeconómica de la empresa (ventas) cuando es persona natural con giro",
        "Equipos de las instituciones que administran los instrumentos",
        "No hay",
        "Mientras la persona tenga postulaciones o proyectos vigentes, y 5 años después. Una ficha declarada y nunca "
        "verificada que nada usa se borra tras 2 años sin cambios; una solicitud de representación rechazada se borra, "
        "y el documento de una verificada, 1 año desde la revisión",
        5 * 365,
        _SECURITY,
        (
            "registry.person",
            "registry.consent",
            "registry.enterprise",
            "registry.enterpriseyear",
            "registry.representation",
            "registry.importbatch",
            "registry.representationclaim",
            "eligibility.targetprofile",
        ),
    ),
    Activity(
        "postulaciones",
        "Postulaciones, evaluación y comités",
        "Recibir, evaluar y decidir postulaciones a convocatorias",
        LEGAL_FUNCTION,
        "Datos del formulario, documentos adjuntos, puntajes, conflictos de interés y decisiones",
        "Puede incluir situación socioeconómica",
        "Evaluadores y comités de la convocatoria",
        "No hay",
        "5 años desde el cierre de la convocatoria; después, las no adjudicadas pierden respuestas, presupuesto, "
        "documentos y fundamentos (quedan folio, estado, puntaje y decisión). Un borrador nunca enviado se borra 12 "
        "meses después de su último cambio, cerrada la convocatoria. Las adjudicadas se conservan (adjudicaciones)",
        5 * 365,
        _SECURITY,
        (
            "applications.application",
            "applications.document",
            "applications.statuschange",
            "applications.assignment",
            "applications.clarification",
            "applications.committeesession",
            "applications.decision",
            "applications.idempotencyrecord",
            "applications.reconsideration",
            "applications.callquestion",
            "applications.callterms",
            "applications.calldocument",
            "applications.admissibilitycheck",
            "applications.abstention",
            "applications.committeeseat",
            "applications.resultspublication",
        ),
    ),
    Activity(
        "adjudicaciones",
        "Adjudicaciones, proyectos y libro de pagos",
        "Ejecutar y rendir los fondos públicos adjudicados",
        LEGAL_OBLIGATION,
        "Beneficiario, montos, desembolsos, rendiciones",
        "Datos económicos",
        "Contraloría General de la República, Gobierno Regional",
        "No hay",
        "Lo que exige la rendición de cuentas (se conservan; se desidentifica lo que la ley permite)",
        None,
        _SECURITY + "; el libro de pagos es de solo agregar",
        (
            "portfolio.project",
            "portfolio.ledgerentry",
            "portfolio.expensereport",
            "portfolio.agreementtransfer",
            "portfolio.grantagreement",
            "portfolio.expense",
            "portfolio.finalreport",
        ),
    ),
    Activity(
        "semana",
        "Inscripciones a la Semana de las MiPymes",
        "Inscribir, avisar, registrar asistencia y emitir certificados",
        LEGAL_FUNCTION,
        "Nombre, correo, RUT (opcional), comuna, organización, asistencia",
        "No",
        "Institución que organiza la actividad",
        "No hay",
        "2 años desde la actividad",
        2 * 365,
        _SECURITY,
        ("events.registration", "events.notification"),
    ),
    Activity(
        "ruedas",
        "Ruedas de negocios y su directorio público",
        "Agendar reuniones de negocios; publicar el directorio solo con consentimiento",
        CONSENT + " para el directorio; funciones legales para la agenda",
        "Nombre, empresa, oferta y demanda, contacto",
        "No",
        "Otras participantes de la rueda",
        "No hay",
        "2 años desde la rueda",
        2 * 365,
        _SECURITY,
        ("networks.participant",),
    ),
    Activity(
        "avisos",
        "Avisos de convocatorias («Avísame»)",
        "Avisar por correo cuando abre una convocatoria a la que la persona o su empresa podría postular",
        CONSENT,
        "Correo, perfil de elegibilidad de la persona o su empresa",
        "No",
        "Nadie fuera de Panal",
        "No hay",
        "Hasta que la persona retira su consentimiento",
        None,
        _SECURITY + "; un enlace de baja en cada correo",
        ("eligibility.alertsubscription",),
    ),
    Activity(
        "encuestas",
        "Encuestas de seguimiento de resultados",
        "Medir empleo, ventas y remuneraciones después del apoyo",
        CONSENT,
        "Respuestas a la encuesta",
        "Situación socioeconómica",
        "Equipo de seguimiento; publicación solo agregada",
        "No hay",
        "5 años, luego solo agregados",
        5 * 365,
        _SECURITY,
        ("outcomes.followup", "outcomes.observation", "outcomes.snapshotentry"),
    ),
    Activity(
        "derechos",
        "Derechos de las personas, consentimientos e incidentes",
        "Responder solicitudes de acceso, rectificación, supresión, oposición, portabilidad y bloqueo; "
        "registrar consentimientos e incidentes",
        LEGAL_OBLIGATION,
        "Solicitud, respuesta y su archivo; consentimientos; versión del aviso de privacidad mostrado; incidentes",
        "Según la solicitud",
        "Agencia de Protección de Datos Personales, si lo requiere",
        "No hay",
        "3 años desde la respuesta",
        3 * 365,
        _SECURITY,
        ("privacy.datarequest", "privacy.consentrecord", "privacy.noticereceipt", "privacy.incident"),
    ),
    Activity(
        "auditoria",
        "Registro de auditoría",
        "Saber quién cambió qué y quién leyó datos personales",
        LEGAL_OBLIGATION,
        "Funcionario, acción, valores antes y después",
        "Según el registro auditado",
        "Auditoría interna, Contraloría",
        "No hay",
        "Se conserva (solo agregar)",
        None,
        _SECURITY + "; el registro no se edita ni se borra",
        ("core.auditentry",),
    ),
    Activity(
        "datos_abiertos",
        "Datos abiertos y cifras públicas",
        "Transparencia del uso de fondos públicos",
        LEGAL_OBLIGATION + " y Ley 20.285 de transparencia",
        "Solo organizaciones; las personas naturales aparecen como «Persona natural» con un identificador opaco",
        "No",
        "Público",
        "Publicación abierta",
        "Permanente (no contiene datos personales)",
        None,
        "Sin datos personales de personas naturales",
        (),
    ),
)

# Models that look personal to the detector but are not, and why.
NOT_PERSONAL = {
    "events.activity": "la dirección es la del lugar de la actividad",
    "portfolio.agreement": "convenios entre instituciones",
    "portfolio.callfunding": "montos por convocatoria",
    "portfolio.expenseitem": "ítems de una rendición; su persona está en la rendición",
}


def _label(model) -> str:
    return model._meta.label_lower


def holds_personal_data(model) -> bool:
    for f in model._meta.concrete_fields:
        if f.name in PERSONAL_FIELD_NAMES:
            return True
        if f.is_relation and f.related_model is not None:
            target = _label(f.related_model)
            if target == settings.AUTH_USER_MODEL.lower() or target in PERSON_MODELS:
                return True
    return False


def personal_models() -> list[str]:
    """Every installed model (Panal's and the libraries' it runs) that holds personal data."""
    skip_apps = {"admin", "contenttypes", "sessions", "auth", "axes"}
    return sorted(
        _label(m)
        for m in apps.get_models()
        if m._meta.app_label not in skip_apps and holds_personal_data(m) and _label(m) not in NOT_PERSONAL
    )


def uncovered_models() -> list[str]:
    covered = {label for activity in ACTIVITIES for label in activity.models}
    return [label for label in personal_models() if label not in covered]


def activity(key: str) -> Activity:
    return next(a for a in ACTIVITIES if a.key == key)
