"""The names of audit actions (`<app>.<entity>.<verb>`), the names used before that rule, and what people read."""

# Names written before actions followed `<app>.<entity>.<verb>`: read as the current name.
LEGACY_ACTIONS = {
    "registration.created": "events.registration.created",
    "registration.promoted": "events.registration.promoted",
    "registration.checked_in": "events.registration.checked_in",
    "registration.cancelled": "events.registration.cancelled",
    "activity.created": "events.activity.created",
    "activity.updated": "events.activity.updated",
    "instrument.created": "catalog.instrument.created",
    "call.created": "catalog.call.created",
    "agency_staff.added": "catalog.agency_staff.added",
    "account.created": "core.account.created",
    "portfolio.refund": "portfolio.refund.recorded",
    "portfolio.disbursement": "portfolio.disbursement.recorded",
    "portfolio.expense_report": "portfolio.expense_report.recorded",
    "applications.token_issued": "applications.token.issued",
    "applications.started": "applications.application.started",
    "applications.draft_saved": "applications.application.draft_saved",
    "applications.session_created": "applications.session.created",
    "applications.session_closed": "applications.session.closed",
    "applications.attendance": "applications.session.attendance_recorded",
    "applications.scored": "applications.evaluation.scored",
    "applications.form_saved": "applications.form.saved",
    "applications.evaluator_assigned": "applications.evaluator.assigned",
    "applications.document_uploaded": "applications.document.uploaded",
    "applications.conflict_declared": "applications.conflict.declared",
    "applications.clarification_requested": "applications.clarification.requested",
    "applications.clarification_answered": "applications.clarification.answered",
    "registry.import.people": "registry.people.imported",
    "registry.import.enterprises": "registry.enterprises.imported",
    "registry.import.cooperatives": "registry.cooperatives.imported",
}

# What people read for each action. An app with actions named at run time (workflow transitions) adds its own
# from its AppConfig.ready().
ACTION_LABELS = {
    "core.account.created": "Cuenta creada",
    "catalog.instrument.created": "Instrumento creado",
    "catalog.call.created": "Convocatoria creada",
    "catalog.agency_staff.added": "Persona agregada al equipo de la institución",
    "registry.person.created": "Persona registrada",
    "registry.person.updated": "Datos de la persona corregidos",
    "registry.person.user_linked": "Cuenta vinculada a la persona",
    "registry.enterprise.created": "Empresa registrada",
    "registry.enterprise.updated": "Datos de la empresa corregidos",
    "registry.enterprise.year_set": "Ventas y trabajadores de un año registrados",
    "registry.cooperative.set": "Datos de la cooperativa registrados",
    "registry.consent.accepted": "Consentimiento aceptado",
    "registry.representation.added": "Representación agregada",
    "registry.representation.removed": "Representación quitada",
    "registry.import.uploaded": "Planilla subida para importar",
    "registry.import.discarded": "Importación descartada",
    "registry.people.imported": "Personas importadas desde planilla",
    "registry.enterprises.imported": "Empresas importadas desde planilla",
    "registry.cooperatives.imported": "Cooperativas importadas desde planilla",
    "events.activity.created": "Actividad creada",
    "events.activity.updated": "Actividad modificada",
    "events.registration.created": "Inscripción recibida",
    "events.registration.promoted": "Pasó de la lista de espera a confirmada",
    "events.registration.cancelled": "Inscripción cancelada",
    "events.registration.checked_in": "Asistencia registrada",
    "applications.token.issued": "Acceso a la API entregado",
    "applications.application.started": "Postulación iniciada",
    "applications.application.draft_saved": "Borrador guardado",
    "applications.session.created": "Sesión de comité convocada",
    "applications.session.closed": "Sesión de comité cerrada",
    "applications.session.attendance_recorded": "Asistencia a la sesión registrada",
    "applications.evaluation.scored": "Evaluación registrada",
    "applications.form.saved": "Formulario de postulación guardado",
    "applications.evaluator.assigned": "Evaluador asignado",
    "applications.document.uploaded": "Documento adjuntado",
    "applications.conflict.declared": "Conflicto de interés declarado",
    "applications.clarification.requested": "Aclaración pedida",
    "applications.clarification.answered": "Aclaración respondida",
    "portfolio.source.created": "Fuente de financiamiento creada",
    "portfolio.call.funded": "Presupuesto asignado a la convocatoria",
    "portfolio.agreement.created": "Convenio creado",
    "portfolio.transfer.recorded": "Transferencia registrada",
    "portfolio.transfer.reversed": "Transferencia anulada",
    "portfolio.project.created": "Proyecto creado",
    "portfolio.project.closed": "Proyecto cerrado",
    "portfolio.disbursement.recorded": "Desembolso registrado",
    "portfolio.refund.recorded": "Reintegro registrado",
    "portfolio.expense_report.recorded": "Rendición registrada",
    "portfolio.entry.reversed": "Movimiento anulado",
}


def canonical_action(name: str) -> str:
    return LEGACY_ACTIONS.get(name, name)


def action_label(name: str) -> str:
    """Spanish for an action; never the internal name (an unknown one reads as a generic change)."""
    canonical = canonical_action(name)
    if canonical in ACTION_LABELS:
        return ACTION_LABELS[canonical]
    if ".refused." in canonical or canonical.endswith(".refused"):
        return "Solicitud rechazada"
    return "Cambio registrado"
