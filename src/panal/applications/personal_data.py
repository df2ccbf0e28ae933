"""Everything the applications app holds about one registry person, for their /mis-datos/ download (the privacy
app collects each app's `export_person`). Only rows where the person is the applicant or the author."""

from .models import Application, CallQuestion, Reconsideration


def _iso(value):
    return value.isoformat() if value else None


def export_person(person) -> dict:

    applications = (
        Application.objects.filter(person=person)
        .select_related("call", "enterprise")
        .prefetch_related("documents", "status_changes")
        .order_by("created_at")
    )
    rows = []
    for a in applications:
        rows.append(
            {
                "convocatoria": a.call.code,
                "por_empresa": a.enterprise.legal_name if a.enterprise_id else None,
                "folio": a.folio,
                "estado": a.state_label,
                "respuestas": a.answers,
                "presupuesto": a.budget,
                "enviada": _iso(a.submitted_at),
                "version_bases_y_declaracion": a.terms_version,
                "declaracion_firmada": _iso(a.terms_accepted_at),
                "monto_adjudicado": a.awarded_clp,
                "documentos": [
                    {"pregunta": d.question, "nombre": d.original_name, "bytes": d.size, "sha256": d.sha256}
                    for d in a.documents.all()
                ],
                "historial": [
                    {"estado": c.to_label, "motivo": c.reason, "fecha": _iso(c.created_at)}
                    for c in a.status_changes.all()
                ],
            }
        )
    recursos = [
        {
            "folio": r.application.folio,
            "fundamentos": r.text,
            "presentado": _iso(r.filed_at),
            "plazo": _iso(r.deadline),
            "estado": r.get_state_display(),
            "resolucion": r.resolution,
            "adjuntos": [a.original_name for a in r.attachments.all()],
        }
        for r in Reconsideration.objects.filter(application__person=person).select_related("application")
    ]
    consultas = []
    if person.user_id:
        consultas = [
            {"convocatoria": q.call.code, "consulta": q.question, "fecha": _iso(q.asked_at), "respuesta": q.answer}
            for q in CallQuestion.objects.filter(asked_by_id=person.user_id).select_related("call")
        ]
    return {"postulaciones": rows, "recursos_de_reposicion": recursos, "consultas_a_las_bases": consultas}
