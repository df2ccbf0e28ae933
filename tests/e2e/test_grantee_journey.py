"""In a real browser at phone width (390 px), one person's whole path, clicking only what is on screen: from the home
page to the wizard, a refused start on a fund she cannot apply to, a draft, the review with the sworn declaration,
submission, a published rejection, a recurso de reposición that staff accept, the award, the convenio, two expenses
(one observed, answered and then approved), a disbursement she sees, the final report and the closing.
The committee's own steps (admissibility, scores, decisions) run through services: their pages belong to the staff
desk's own journey. axe-core and a no-horizontal-scroll check run on every page of the path."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.applications.conftest import real_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"
PHONE = {"width": 390, "height": 844}
PROJECT_CODE = re.compile(r"^P\d{4}-\d{6}$")


@pytest.fixture
def check(assert_accessible):
    def run(page):
        page.wait_for_load_state()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} mide {width} px de ancho a 390 px"
        assert_accessible(page)

    return run


def _context(browser):
    return browser.new_context(locale="es-CL", timezone_id="America/Santiago", viewport=PHONE)


def _login(browser, live_server, email):
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()
    return context, page


def _menu(page, name):
    page.locator("header").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def _calls(make_user):
    from panal.applications import services
    from panal.applications.shipped_forms import FORMS
    from panal.catalog.services import create_call

    now = timezone.now()
    staff = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)
    common = {"year": now.year, "region_code": "06", "opens_at": now - timedelta(days=5), "funding_source": "sercotec"}
    abeja = create_call(
        code="abeja-camino",
        instrument_code="capital-abeja-emprende",
        title="Capital Abeja Emprende O'Higgins",
        closes_at=now + timedelta(days=5),
        budget_clp=35_000_000,
        subsidy_min_clp=3_500_000,
        subsidy_max_clp=3_500_000,
        **common,
    )
    crece = create_call(
        code="crece-camino",
        instrument_code="sercotec-crece",
        title="Crece O'Higgins",
        closes_at=now + timedelta(days=5),
        **common,
    )
    admin = make_user(email="jefa@panal.cl", role="administrator", password=PASSWORD)
    for call, key, prefix in ((abeja, "capital-abeja-emprende", "ABEJA"), (crece, "sercotec-crece", "CRECE")):
        form = FORMS[key]
        services.set_form(
            call=call, actor=admin, folio_prefix=prefix, sections=form["sections"], rubric=form.get("rubric")
        )
    services.publish_terms(
        call=abeja,
        actor=staff,
        bases_summary="Fondo para mujeres emprendedoras de la región.",
        declaration="Declaro bajo juramento que lo informado es verdad.",
    )
    return abeja, crece, staff


def _committee(application, staff, make_user):
    from panal.applications import services

    evaluator = make_user(email="evalua@panal.cl", role="evaluator", password=PASSWORD)
    members = [make_user(email=f"cer{i}@gore.cl", role="committee_member", password=PASSWORD) for i in (1, 2)]
    services.review(application=application, actor=staff, name="declare_admissible")
    services.review(application=application, actor=staff, name="start_evaluation")
    assignment = services.assign_evaluator(application=application, actor=staff, evaluator=evaluator)
    services.declare_conflict(assignment=assignment, actor=evaluator, conflict=False)
    services.score(
        assignment=assignment,
        actor=evaluator,
        scores={"coherencia": 4, "mercado": 4, "presupuesto": 4, "impacto": 4},
    )
    services.review(application=application, actor=staff, name="close_evaluation")
    session = services.create_session(
        call=application.call, actor=staff, held_at=timezone.now(), quorum=2, members=members
    )
    services.record_attendance(session=session, actor=staff, present=members)
    services.decide(
        session=session, application=application, actor=members[0], outcome="reject", reason="Puntaje bajo el corte."
    )
    return session, members


def test_from_the_question_to_the_closing(browser, live_server, check, reference_data, make_user, tmp_path):
    from panal.applications import services
    from panal.applications.models import Application

    abeja, crece, staff = _calls(make_user)
    today = timezone.localdate().isoformat()
    scan = tmp_path / "documento.pdf"
    scan.write_bytes(real_pdf(600))  # uploads are parsed: a real one-page PDF

    # She signs up from the home page and fills in her record.
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    check(page)
    page.get_by_role("link", name="Crear cuenta").click()
    page.get_by_label("Correo electrónico").fill("rosa@example.cl")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repita la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Crear cuenta").click()
    page.wait_for_url("**/cuenta/crear/enviado/")  # the account waits for the link sent to her e-mail
    check(page)
    from django.core import mail

    activation = next(m for m in mail.outbox if m.to == ["rosa@example.cl"])
    link = next(line.strip() for line in activation.body.splitlines() if "/cuenta/activar/" in line)
    page.goto(live_server.url + link[link.index("/cuenta/") :])
    page.wait_for_url("**/mis-datos/**")  # the next step after activating is her own record
    page.fill("input[name=rut]", "12.345.678-5")
    page.fill("input[name=first_names]", "Rosa")
    page.fill("input[name=last_names]", "Muñoz Tapia")
    page.fill("input[name=birth_date]", "1988-03-14")
    page.select_option("select[name=sex]", "F")
    page.select_option("select[name=nationality]", "CL")
    page.select_option("select[name=commune]", "06201")
    page.select_option("select[name=has_activity_start]", "no")
    page.get_by_label("Acepto que Panal guarde").check()
    page.get_by_role("button", name="Guardar").click()

    # From the home page to the wizard.
    page.locator("header").get_by_role("link", name="Panal").click()
    page.locator("main").get_by_role("link", name="¿A qué puedo postular?").first.click()
    page.wait_for_load_state()
    check(page)

    # Crece is not for her: the start stops before any form, with the reason and what would change it.
    page.get_by_role("link", name=crece.title).click()
    page.get_by_role("link", name="Postular en línea").click()
    main = page.locator("main").inner_text()
    assert "No puede postular a esta convocatoria" in main and "inicio de actividades" in main
    assert page.get_by_role("button", name="Comenzar mi postulación").count() == 0
    check(page)

    # She asks to be told when new calls open for her (consent, revocable).
    _menu(page, "¿A qué puedo postular?")
    page.get_by_role("link", name="Avísame cuando abra una convocatoria para mí").click()
    check(page)
    page.get_by_label("Acepto que Panal use los datos de mi ficha").check()
    page.get_by_role("button", name="Avísenme").click()
    assert "Dejar de recibir estos avisos" in page.locator("main").inner_text()

    # Her own firm: the page where she would register it, with its proving document.
    _menu(page, "Mis datos")
    page.get_by_role("link", name="Registrar una empresa o cooperativa que represento").click()
    check(page)

    # The bases of Capital Abeja and its questions, then back to the wizard: the call is open for her.
    _menu(page, "Instrumentos y convocatorias")
    page.get_by_role("link", name=abeja.title).first.click()
    page.get_by_role("link", name="Bases, anexos y consultas a las bases").click()
    assert "Fondo para mujeres emprendedoras" in page.locator("main").inner_text()
    check(page)
    _menu(page, "¿A qué puedo postular?")
    page.get_by_role("link", name=f"Postular en línea a {abeja.title}").click()
    page.get_by_role("button", name="Comenzar mi postulación").click()
    check(page)
    page.get_by_role("button", name="Guardar y seguir").click()
    page.get_by_label("Nombre del negocio o proyecto (obligatorio)").fill("Mermeladas del Secano")
    page.get_by_label("Rubro (obligatorio)").select_option("alimentos")
    page.get_by_label("Describa su negocio y qué quiere lograr con el apoyo (obligatorio)").fill(
        "Mermeladas artesanales."
    )
    page.get_by_label("¿Quiénes son sus clientes? (obligatorio)").fill("Turistas de Pichilemu.")
    page.get_by_label("Personas que trabajan en el negocio (incluida usted)").fill("2")
    page.get_by_role("button", name="Guardar y seguir").click()
    check(page)  # the budget step, at 390 px
    page.get_by_label("Categoría de la línea 1").select_option("gestion")
    page.get_by_label("Detalle de la línea 1").fill("Curso de marketing digital")
    page.get_by_label("Monto de la línea 1").fill("400.000")
    page.get_by_label("Categoría de la línea 2").select_option("inversion")
    page.get_by_label("Detalle de la línea 2").fill("Olla industrial")
    page.get_by_label("Monto de la línea 2").fill("3.100.000")
    page.get_by_role("button", name="Guardar y seguir").click()
    page.get_by_label("Cédula de identidad (ambos lados) (obligatorio)").set_input_files(str(scan))
    page.get_by_role("button", name="Guardar y seguir").click()
    page.wait_for_url("**/enviar/")
    main = page.locator("main").inner_text()
    assert "Mermeladas del Secano" in main and "Olla industrial" in main and "documento.pdf" in main
    check(page)
    page.get_by_label("Acepto las bases y firmo la declaración jurada").check()
    page.get_by_role("button", name="Enviar postulación").click()
    page.wait_for_url("**/postulaciones/*/")
    application = Application.objects.get(call=abeja)
    assert application.terms_version == 1 and application.folio in page.locator("h1").inner_text()
    context.close()

    # The committee does not select her (its own pages are the staff desk's journey).
    session, members = _committee(application, staff, make_user)

    # She reads the decision and files a recurso de reposición with an attachment.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis postulaciones")
    page.get_by_role("link", name=abeja.title).click()
    assert "No seleccionada" in page.locator("main").inner_text()
    check(page)
    page.get_by_label("Fundamentos del recurso").fill("El puntaje no consideró mis ventas en ferias.")
    page.get_by_label("Adjuntos").set_input_files(str(scan))
    page.get_by_role("button", name="Presentar recurso de reposición").click()
    assert "Recibimos su recurso" in page.locator("main").inner_text()
    context.close()

    # Sercotec accepts it from its queue: the decision goes back to the committee.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Recursos por resolver")
    check(page)
    page.get_by_role("link", name=f"Recurso sobre {application.folio}").click()
    check(page)
    page.get_by_label("Fundamentos de la resolución").fill("El puntaje omitió las ventas acreditadas.")
    page.get_by_role("button", name="Acoger el recurso").click()
    context.close()
    application.refresh_from_db()
    assert application.state == "evaluated"
    services.decide(
        session=session,
        application=application,
        actor=members[0],
        outcome="award",
        reason="Reevaluada tras el recurso.",
        amount_clp=3_500_000,
    )

    # She accepts the award and the convenio.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis postulaciones")
    page.get_by_role("link", name=abeja.title).click()
    page.get_by_role("button", name="Acepto la adjudicación").click()
    page.get_by_role("link", name="Ver mi proyecto").click()
    check(page)
    page.get_by_label("Leí el convenio y acepto sus obligaciones.").check()
    page.get_by_role("button", name="Aceptar el convenio").click()
    convenio = page.get_by_role("link", name="Descargar convenio (PDF)")
    assert context.request.get(live_server.url + convenio.get_attribute("href")).body().startswith(b"%PDF")
    context.close()

    # Sercotec countersigns and transfers.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Proyectos y gastos")
    check(page)
    page.locator("main").get_by_role("link", name=PROJECT_CODE).first.click()
    page.get_by_role("button", name="Firmar el convenio por la institución").click()
    page.get_by_label("Monto a transferir (CLP)").fill("3.500.000")
    page.get_by_label("Fecha", exact=True).fill(today)
    page.get_by_label("Documento o referencia").fill("Transferencia 1")
    page.get_by_role("button", name="Registrar desembolso").click()
    check(page)
    context.close()

    # She sees the transfer and accounts for two expenses.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis proyectos")
    page.get_by_role("link", name=abeja.instrument.name).first.click()
    assert "Transferencia 1" in page.locator("main").inner_text()
    for line, kind, number, amount in (
        ("Olla industrial", "factura", "1001", "3.100.000"),
        ("Curso", "boleta", "77", "400.000"),
    ):
        page.get_by_label("Línea del presupuesto").select_option(
            label=page.locator("#line option", has_text=line).inner_text()
        )
        page.get_by_label("Tipo de documento").select_option(kind)
        page.get_by_label("Número del documento").fill(number)
        page.get_by_label("Fecha del documento").fill(today)
        page.get_by_label("RUT del proveedor").fill("76.086.428-5")
        page.get_by_label("Monto (CLP)").fill(amount)
        page.get_by_label("Documento escaneado").set_input_files(str(scan))
        page.get_by_role("button", name="Presentar gasto").click()
        assert "Gasto presentado" in page.locator("main").inner_text()
    check(page)
    context.close()

    # Sercotec observes the invoice and approves the receipt.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Proyectos y gastos")
    page.get_by_role("link", name="Factura 1001").click()
    check(page)
    page.get_by_label("Nota para la beneficiaria").fill("La factura no muestra el detalle de la olla.")
    page.get_by_role("button", name="Observar").click()
    page.get_by_role("link", name="Boleta 77").click()
    page.get_by_role("button", name="Aprobar").click()
    context.close()

    # She answers the observation and delivers the final report.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis proyectos")
    page.get_by_role("link", name=abeja.instrument.name).first.click()
    page.get_by_label("Responder la observación").fill(
        "Adjunto guía de despacho con el detalle; es la olla de 50 litros."
    )
    page.get_by_role("button", name="Enviar respuesta").click()
    page.get_by_label("Informe final: qué se logró").fill("Compramos la olla y duplicamos la producción.")
    page.get_by_role("button", name="Entregar informe final").click()
    check(page)
    context.close()

    # Sercotec approves the answered invoice and closes the project.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Proyectos y gastos")
    page.get_by_role("link", name="Factura 1001").click()
    page.get_by_role("button", name="Aprobar").click()
    page.locator("main").get_by_role("link", name=PROJECT_CODE).first.click()
    page.get_by_role("button", name="Cerrar el proyecto").click()
    context.close()

    # She sees her project closed, each line fully accounted for.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis proyectos")
    page.get_by_role("link", name=abeja.instrument.name).first.click()
    main = page.locator("main").inner_text()
    assert "Proyecto cerrado" in main
    check(page)
    context.close()
