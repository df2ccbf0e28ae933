"""Everything the portfolio holds about one registry person, for their /mis-datos/ download: the projects awarded
to them and the expenses they accounted for. (Projects of an enterprise are the enterprise's; only the expenses the
person submitted are theirs.)"""

from .models import Expense, GrantAgreement, Project


def _iso(value):
    return value.isoformat() if value else None


def export_person(person) -> dict:

    projects = []
    for p in Project.objects.filter(person=person).select_related("call", "agency").order_by("awarded_on"):
        agreement = GrantAgreement.objects.filter(project=p).first()
        projects.append(
            {
                "codigo": p.code,
                "nombre": p.title,
                "convocatoria": p.call.code,
                "institucion": p.agency.name,
                "monto_adjudicado": p.awarded_clp,
                "transferido": p.executed_clp,
                "rendido_aprobado": p.approved_clp,
                "reintegrado": p.refunded_clp,
                "estado": p.get_status_display(),
                "convenio": {
                    "numero": agreement.number,
                    "aceptado": _iso(agreement.accepted_at),
                    "firmado_por_la_institucion": _iso(agreement.countersigned_at),
                }
                if agreement
                else None,
            }
        )
    expenses = []
    if person.user_id:
        for x in Expense.objects.filter(submitted_by_id=person.user_id).select_related("project", "line"):
            expenses.append(
                {
                    "proyecto": x.project.code,
                    "linea": x.line.description,
                    "tipo_documento": x.get_document_type_display(),
                    "numero": x.document_number,
                    "fecha": _iso(x.issued_on),
                    "rut_proveedor": x.supplier_rut,
                    "monto": x.amount_clp,
                    "archivo": x.original_name,
                    "estado": x.get_state_display(),
                    "nota": x.note,
                    "respuesta": x.answer,
                    "presentado": _iso(x.submitted_at),
                }
            )
    return {"proyectos": projects, "rendiciones_de_gastos": expenses}
