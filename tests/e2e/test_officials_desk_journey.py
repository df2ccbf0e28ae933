"""The officials' chain in a real browser, at a phone's width (390 px), as separate people who start at the login
page and click only what is on screen: staff check admissibility requirement by requirement and ask to fix the ID
(the applicant replaces it), two evaluators score (one declares a conflict with another applicant), diverging
scores call a third evaluator, the committee meets with one abstention, the acta PDF is read back, results are
published and the applicant sees hers. axe-core and a no-horizontal-scroll check run on every page."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.applications.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
    real_pdf,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def check(assert_accessible):
    def run(page):
        page.wait_for_load_state()
        assert_accessible(page)
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        culprit = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
            ".slice(-3).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')"
        )
        assert wide <= 0, f"{page.url} se desplaza {wide}px a lo ancho en 390 px: {culprit}"

    return run


def _login(browser, live_server, email):
    context = browser.new_context(locale="es-CL", timezone_id="America/Santiago", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()
    return context, page


def _named(make_user, email, role, first, last, **kw):
    user = make_user(email=email, role=role, password=PASSWORD, **kw)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_officials_run_a_call_from_their_desk(  # noqa: PLR0915
    browser,
    live_server,
    check,
    reference_data,
    make_user,
    make_call,  # noqa: F811
    complete_draft,  # noqa: F811
    make_applicant,  # noqa: F811
    tmp_path,
):
    from pypdf import PdfReader

    from panal.applications import services
    from panal.applications.models import Application

    call = make_call(with_requirements=True, budget_clp=35_000_000, places=10)
    staff = _named(make_user, "analista@sercotec.cl", "agency_staff", "Ana", "Lagos", agency_code="sercotec")
    alba = _named(make_user, "alba@panal.cl", "evaluator", "Alba", "Núñez")
    bruno = _named(make_user, "bruno@panal.cl", "evaluator", "Bruno", "Vera")
    carla = _named(make_user, "carla@panal.cl", "evaluator", "Carla", "Ortiz")
    pedro = _named(make_user, "pedro@gore.cl", "committee_member", "Pedro", "Araya")
    ines = _named(make_user, "ines@gore.cl", "committee_member", "Inés", "Mora")
    rosa_app, rosa = complete_draft(call=call, user=make_applicant("rosa@example.cl"))
    rosa_app = services.submit_application(application=rosa_app, actor=rosa)
    marta_app, marta = complete_draft(call=call)
    marta_app = services.submit_application(application=marta_app, actor=marta)
    folio = rosa_app.folio
    all_meet = {k: {"verdict": "meets"} for k in ("cedula", "domicilio", "cotizacion")}
    services.check_requirements(application=marta_app, actor=staff, verdicts=all_meet)
    services.review(application=marta_app, actor=staff, name="declare_admissible")
    services.review(application=marta_app, actor=staff, name="start_evaluation")

    # Staff: from "Mi trabajo" to the application; the ID is fixable, the rest is met.
    context, page = _login(browser, live_server, staff.email)
    page.get_by_role("link", name="Mi trabajo").click()
    check(page)
    page.get_by_role("link", name="Postulaciones por revisar admisibilidad").click()
    check(page)
    page.get_by_role("link", name=folio).click()
    check(page)
    page.locator("input[name=verdict-cedula][value=fixable]").check()
    page.get_by_label("Observación (obligatoria si no cumple o es subsanable)").first.fill("La cédula está vencida.")
    for key in ("domicilio", "cotizacion"):
        page.locator(f"input[name=verdict-{key}][value=meets]").check()
    page.get_by_role("button", name="Guardar revisión de requisitos").click()
    page.get_by_role("button", name="Pedir subsanar").click()
    assert "Plazo para subsanar hasta el" in page.locator("main").inner_text()
    check(page)
    context.close()

    # The applicant replaces her ID within the window.
    context, page = _login(browser, live_server, rosa.email)
    page.get_by_role("link", name="Mis postulaciones").click()
    page.get_by_role("link", name=call.title).click()
    check(page)
    assert "La cédula está vencida." in page.locator("main").inner_text()
    new_id = tmp_path / "cedula-vigente.pdf"
    new_id.write_bytes(real_pdf(700))  # uploads are parsed: a real one-page PDF
    page.get_by_label("Nuevo archivo: Cédula de identidad (ambos lados)").set_input_files(str(new_id))
    page.get_by_role("button", name="Enviar la corrección").click()
    assert "Enviamos su corrección" in page.locator("main").inner_text()
    check(page)
    context.close()

    # Staff: the ID now meets; admissible, to evaluation, two evaluators chosen from the list.
    context, page = _login(browser, live_server, staff.email)
    page.get_by_role("link", name="Mi trabajo").click()
    page.get_by_role("link", name="Postulaciones por revisar admisibilidad").click()
    page.get_by_role("link", name=folio).click()
    page.locator("input[name=verdict-cedula][value=meets]").check()
    page.get_by_role("button", name="Guardar revisión de requisitos").click()
    page.get_by_role("button", name="Declarar admisible").click()
    page.get_by_role("button", name="Pasar a evaluación técnica").click()
    for evaluator in (alba, bruno):
        page.get_by_label("Asignar evaluador/a").select_option(evaluator.email)
        page.get_by_role("button", name="Asignar", exact=True).click()
    check(page)
    context.close()
    for evaluator in (alba, bruno):  # Marta's application goes to the same two evaluators
        services.assign_evaluator(application=marta_app, actor=staff, evaluator=evaluator)

    # Bruno declares a conflict with Marta (by initials and commune), none with Rosa, and scores low.
    context, page = _login(browser, live_server, bruno.email)
    page.get_by_role("link", name="Mi trabajo").click()
    check(page)
    page.get_by_role("link", name=f"{folio} · {call.title}").click()
    check(page)
    page.get_by_label(f"Persona natural {services_initials(marta_app)}, Rancagua (folio {marta_app.folio})").check()
    page.get_by_label("Si marcó a alguien, describa el conflicto").fill("Es mi vecina y socia.")
    page.get_by_role("button", name="Guardar declaración").click()
    for label in ("Coherencia", "Conocimiento", "Pertinencia", "Impacto"):
        page.get_by_label(label).select_option("3")
    check(page)
    page.get_by_role("button", name="Guardar evaluación").click()
    assert "Puntaje ponderado" in page.locator("main").inner_text()
    context.close()

    # Alba declares no conflict and scores high: the two totals diverge.
    context, page = _login(browser, live_server, alba.email)
    page.get_by_role("link", name="Mi trabajo").click()
    page.get_by_role("link", name=f"{folio} · {call.title}").click()
    page.get_by_role("button", name="Guardar declaración").click()
    assert "Pauta ilustrativa" in page.locator("main").inner_text()
    for label in ("Coherencia", "Conocimiento", "Pertinencia", "Impacto"):
        page.get_by_label(label).select_option("7")
    page.get_by_role("button", name="Guardar evaluación").click()
    check(page)
    context.close()
    marta_assignment = alba.assignments.get(application=marta_app)
    services.score(
        assignment=marta_assignment,
        actor=alba,
        scores=dict.fromkeys(("coherencia", "mercado", "presupuesto", "impacto"), 5),
    )
    services.review(application=marta_app, actor=staff, name="close_evaluation")

    # Staff sees the third-evaluator flag, assigns Carla (who scores), closes and convenes the committee.
    context, page = _login(browser, live_server, staff.email)
    page.get_by_role("link", name="Mi trabajo").click()
    page.get_by_role("link", name="Postulaciones que esperan evaluadores").click()
    page.get_by_role("link", name=folio).click()
    assert "asigne un tercer evaluador" in page.locator("main").inner_text()
    page.get_by_label("Asignar evaluador/a").select_option(carla.email)
    page.get_by_role("button", name="Asignar", exact=True).click()
    third = carla.assignments.get()
    services.declare_conflict(assignment=third, actor=carla, conflict=False)
    services.score(
        assignment=third, actor=carla, scores=dict.fromkeys(("coherencia", "mercado", "presupuesto", "impacto"), 5)
    )
    page.reload()
    page.get_by_role("button", name="Cerrar evaluación").click()
    assert Application.objects.get(pk=rosa_app.pk).state == "evaluated"
    page.get_by_role("link", name="Comités").first.click()
    check(page)
    page.get_by_role("link", name=call.title).click()
    page.get_by_label("Fecha y hora").fill((timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Lugar", exact=True).fill("Sala del Consejo Regional, Rancagua")
    for member, role in ((pedro, "president"), (ines, "secretary")):
        page.get_by_label(member.get_full_name(), exact=True).check()
        page.get_by_label(f"Rol de {member.get_full_name()}").select_option(role)
        page.get_by_label(f"Institución de {member.get_full_name()}").fill("Gobierno Regional de O'Higgins")
    page.get_by_label("Quórum (integrantes presentes necesarios)").fill("1")
    check(page)
    page.get_by_role("button", name="Convocar sesión").click()
    assert "enviamos la citación" in page.locator("main").inner_text()
    context.close()

    # Pedro: attendance, abstains on Marta, awards Rosa, closes; the acta says it all.
    context, page = _login(browser, live_server, pedro.email)
    page.get_by_role("link", name="Mi trabajo").click()
    check(page)
    page.get_by_role("link", name=f"Comité de Evaluación Regional (CER) · {call.title}").click()
    check(page)
    for member in (pedro, ines):
        page.get_by_label(member.get_full_name(), exact=True).check()
    page.get_by_role("button", name="Guardar asistencia").click()
    page.get_by_label("Postulación", exact=True).select_option(str(marta_app.pk))
    page.get_by_label("Motivo (conflicto de interés)").fill("Es mi sobrina.")
    page.get_by_role("button", name="Registrar abstención").click()
    page.get_by_label(f"Decisión para {folio}").select_option("award")
    page.get_by_label(f"Monto para {folio}").fill("3.000.000")
    page.get_by_label(f"Fundamento para {folio}").fill("Primer lugar del ranking.")
    page.get_by_role("button", name="Registrar decisiones").click()
    assert "El monto de esta convocatoria es $3.500.000." in page.locator("main").inner_text()
    page.get_by_label(f"Monto para {folio}").fill("3.500.000")
    page.get_by_label(f"Decisión para {folio}").select_option("award")
    page.get_by_label(f"Fundamento para {folio}").fill("Primer lugar del ranking.")
    page.get_by_role("button", name="Registrar decisiones").click()
    assert "Adjudicar por $3.500.000" in page.locator("main").inner_text()
    session = pedro.committee_sessions.get()
    services.decide(session=session, application=marta_app, actor=ines, outcome="waitlist", reason="Segundo lugar.")
    page.reload()
    page.get_by_role("button", name="Cerrar la sesión").click()
    check(page)
    acta = page.request.get(live_server.url + page.get_by_role("link", name="Acta (PDF)").first.get_attribute("href"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(acta.body())).pages).split())
    for expected in (
        "Pedro Araya",
        "Presidente/a",
        "Inés Mora",
        "Secretario/a",
        "Presentes: 2",
        folio,
        "$3.500.000",
        "Primer lugar del ranking.",
        "Pedro Araya se abstiene: Es mi sobrina.",
        "Huella SHA-256",
    ):
        assert expected in text, expected
    context.close()

    # Staff publishes the results.
    context, page = _login(browser, live_server, staff.email)
    page.get_by_role("link", name="Comités").first.click()
    page.get_by_role("link", name=call.title).click()
    page.get_by_role("button", name="Publicar resultados").click()
    check(page)
    assert folio in page.locator("main").inner_text() and "Rosa" not in page.locator("main").inner_text()
    context.close()

    # The applicant sees her result and the reconsideration dates.
    context, page = _login(browser, live_server, rosa.email)
    page.get_by_role("link", name="Mis postulaciones").click()
    page.get_by_role("link", name=call.title).click()
    main = page.locator("main").inner_text()
    assert "Adjudicada" in main and "$3.500.000" in main and "Primer lugar del ranking." in main
    check(page)
    page.goto(f"{live_server.url}/instrumentos/convocatorias/{call.code}/")
    page.get_by_role("link", name="Resultados publicados").click()
    assert "El plazo para pedir reconsideración" in page.locator("main").inner_text()
    check(page)
    context.close()


def services_initials(application) -> str:
    from panal.applications.selectors import initials

    return initials(application.person)
