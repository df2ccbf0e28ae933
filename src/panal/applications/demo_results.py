"""Demo content: a closed, clearly labelled fictitious call whose results are published, so anyone can see the
whole chain's end (admissibility, evaluation, committee, acta, results) without running it. It is built through
the same services a real call goes through, once; running the loader again changes nothing."""

from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cl import rut

from panal.catalog import services as catalog
from panal.catalog.selectors import get_call
from panal.core.dates import SANTIAGO
from panal.registry.services import create_person

from . import services
from .models import ApplicationForm
from .shipped_forms import FORMS

CLOSED_DEMO_CODE = "capital-abeja-emprende-demo-resultados"
CHILE = SANTIAGO
PEOPLE = [  # fictitious applicants (RUT bodies chosen only to be valid)
    ("Camila Andrea", "Fuentes Díaz", "06101", {"coherencia": 7, "mercado": 6, "presupuesto": 6, "impacto": 6}),
    ("Rosa Elena", "Muñoz Pérez", "06301", {"coherencia": 6, "mercado": 6, "presupuesto": 5, "impacto": 6}),
    ("Javiera", "Soto Lagos", "06108", {"coherencia": 5, "mercado": 4, "presupuesto": 5, "impacto": 4}),
    ("Daniela", "Reyes Castro", "06201", {"coherencia": 4, "mercado": 4, "presupuesto": 4, "impacto": 3}),
]
ANSWERS = {
    "business_name": "Negocio de ejemplo (DEMOSTRACIÓN)",
    "sector": "alimentos",
    "description": "Postulación ficticia de la convocatoria de demostración con resultados publicados.",
    "customers": "Clientes de ejemplo.",
}
BUDGET = [
    {"category": "gestion", "description": "Curso de ventas (ejemplo)", "amount": 400000},
    {"category": "inversion", "description": "Equipamiento (ejemplo)", "amount": 3100000},
]


def _rut(n: int) -> str:

    body = str(19_000_000 + n * 104_729)
    return f"{body}-{rut.calc_check_digit(body)}"


def _pdf() -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 (heavy library, loaded only when this runs)

    return HTML(string="<p>Documento ficticio de la convocatoria de demostración.</p>").write_pdf()


def load_closed_demo_call() -> str:

    if get_call(CLOSED_DEMO_CODE) is not None:
        return "convocatoria de demostración con resultados ya estaba."
    opens, closes = datetime(2025, 3, 3, 9, 0, tzinfo=CHILE), datetime(2025, 4, 15, 15, 0, tzinfo=CHILE)
    call = catalog.create_call(
        code=CLOSED_DEMO_CODE,
        instrument_code="capital-abeja-emprende",
        title="Capital Abeja Emprende — DEMOSTRACIÓN cerrada con resultados publicados (ficticia)",
        year=2025,
        region_code="06",
        opens_at=opens,
        closes_at=closes,
        funding_source="sernameg",
        budget_clp=7_000_000,
        places=2,
        subsidy_min_clp=3_500_000,
        subsidy_max_clp=3_500_000,
        how_to_apply="Convocatoria de EJEMPLO, ya cerrada: muestra cómo se ven resultados publicados. No es real.",
    )
    form = FORMS["capital-abeja-emprende"]
    ApplicationForm.objects.create(
        call=call,
        folio_prefix="DEMORES",
        sections=form["sections"],
        rubric=form["rubric"],
        admissibility=form["admissibility"],
    )
    account = lambda email, role, agency=None: catalog.create_user(email=email, role=role, agency_code=agency)[0]  # noqa: E731
    staff = account("demo-analista@panal.local", "agency_staff", "sercotec")
    evaluators = [account(f"demo-evaluador{n}@panal.local", "evaluator") for n in (1, 2)]
    member = account("demo-comite@panal.local", "committee_member")
    when = opens + timedelta(days=10)
    pdf = _pdf()
    applications = []
    for n, (first, last, commune, scores) in enumerate(PEOPLE, 1):
        email = f"demo-postulante{n}@panal.local"
        user = account(email, "applicant")
        create_person(
            rut=_rut(n),
            first_names=first,
            last_names=last,
            email=email,
            birth_date=datetime(1988, 1, n).date(),
            sex="F",
            nationality="CL",
            commune=commune,
            has_activity_start=False,
            activity_start_date=None,
            user=user,
        )
        application = services.start_application(call=call, actor=user, now=when)
        services.save_draft(application=application, actor=user, answers=ANSWERS, budget=BUDGET, now=when)
        for question in ("id_card", "quotes"):
            document = SimpleUploadedFile(f"{question}.pdf", pdf, content_type="application/pdf")
            services.upload_document(application=application, actor=user, question=question, file=document, now=when)
        applications.append((services.submit_application(application=application, actor=user, now=when), scores))
    verdicts = {r["key"]: {"verdict": "meets"} for r in form["admissibility"]["requirements"]}
    for application, scores in applications:
        services.check_requirements(application=application, actor=staff, verdicts=verdicts)
        services.review(application=application, actor=staff, name="declare_admissible")
        services.review(application=application, actor=staff, name="start_evaluation")
        for evaluator in evaluators:
            assignment = services.assign_evaluator(application=application, actor=staff, evaluator=evaluator)
            services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
            services.score(assignment=assignment, actor=evaluator, scores=scores)
        services.review(application=application, actor=staff, name="close_evaluation")
    session = services.create_session(
        call=call,
        actor=staff,
        held_at=closes + timedelta(days=20),
        quorum=1,
        members=[member],
        place="Sala de ejemplo, Rancagua",
        seats={member.pk: {"role": "president", "institution": "Comité de demostración"}},
    )
    services.record_attendance(session=session, actor=member, present=[member])
    outcomes = [("award", 3_500_000, "Mayor puntaje; plan claro."), ("award", 3_500_000, "Segundo puntaje.")]
    outcomes += [("waitlist", None, "Sin cupo; queda en lista de espera."), ("reject", None, "Puntaje bajo el corte.")]
    for (application, _), (outcome, amount, reason) in zip(applications, outcomes, strict=True):
        application.refresh_from_db()
        services.decide(
            session=session, application=application, actor=member, outcome=outcome, amount_clp=amount, reason=reason
        )
    services.close_session(session=session, actor=member, notes="Sesión de demostración.")
    services.publish_results(call=call, actor=staff)
    return f"convocatoria de demostración con resultados publicados creada («{CLOSED_DEMO_CODE}»)."
