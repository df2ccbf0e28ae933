"""In a real browser at phone width (390 px), one person's whole path, clicking only what is on screen: from the home
page to the wizard, a refused start on a fund she cannot apply to, a draft, the review with the sworn declaration,
submission, a published rejection, a recurso de reposición that staff accept, the award, the convenio, two expenses
(one observed, answered and then approved), a disbursement she sees, the final report and the closing.
Every other person (the agency's staff, the evaluator, the committee member) starts at the login page in their own
browser and clicks too: staff publish the bases and open the question period, check admissibility, assign the
evaluator, convene the committee, publish the results, accept the recurso, countersign, keep the milestones, transfer,
review the expenses and close. Only the calls and the accounts exist beforehand. axe-core and a no-horizontal-scroll
check run on every page of the path."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.applications.conftest import real_pdf
from tests.e2e.browser import follow

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
    follow(page.get_by_role("button", name="Ingresar"))
    return context, page


def _menu(page, name):
    follow(page.locator("header").get_by_role("link", name=name))


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
    return abeja, crece, staff


def _named(make_user, email, role, first, last):
    user = make_user(email=email, role=role, password=PASSWORD)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def _staff_publishes_the_bases(browser, live_server, check, call, pdf):
    """Sercotec publishes the bases text and declaration, the bases PDF and a question period."""
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    follow(page.locator("header").get_by_role("link", name="Mi trabajo"))
    follow(page.get_by_role("link", name="Bases y consultas a las bases sin responder"))
    check(page)
    follow(page.get_by_role("link", name=call.title))
    page.get_by_label("Lo esencial de las bases").fill("Fondo para mujeres emprendedoras de la región.")
    page.get_by_label("Texto de la declaración jurada").fill("Declaro bajo juramento que lo informado es verdad.")
    follow(page.get_by_role("button", name="Publicar nueva versión"))
    assert "Versión vigente: 1" in page.locator("main").inner_text()
    today = timezone.localdate()
    page.get_by_label("Primer día de consultas").fill(today.isoformat())
    page.get_by_label("Último día de consultas").fill((today + timedelta(days=3)).isoformat())
    follow(page.get_by_role("button", name="Guardar período de consultas"))
    page.get_by_label("Título").fill("Bases Capital Abeja Emprende O'Higgins")
    page.get_by_label("Archivo PDF (hasta 10 MB)").set_input_files(str(pdf))
    follow(page.get_by_role("button", name="Publicar documento"))
    assert "Documento publicado." in page.locator("main").inner_text()
    check(page)
    context.close()


def _committee_decides(browser, live_server, check, call, folio, outcome, reason, amount=""):
    """Sercotec convenes the CER; its president records attendance and the decision, and closes the session."""
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Comités")
    follow(page.get_by_role("link", name=call.title))
    check(page)
    page.get_by_label("Fecha y hora").fill((timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Lugar", exact=True).fill("Sala del Consejo Regional, Rancagua")
    for name, role in (("Pedro Araya", "president"), ("Inés Mora", "secretary")):
        page.get_by_label(name, exact=True).check()
        page.get_by_label(f"Rol de {name}").select_option(role)
    page.get_by_label("Quórum (integrantes presentes necesarios)").fill("2")
    follow(page.get_by_role("button", name="Convocar sesión"))
    context.close()
    context, page = _login(browser, live_server, "pedro@gore.cl")
    follow(page.locator("header").get_by_role("link", name="Mi trabajo"))
    follow(
        page.locator("li", has_text="próxima").get_by_role(
            "link", name=f"Comité de Evaluación Regional (CER) · {call.title}"
        )
    )
    check(page)
    for name in ("Pedro Araya", "Inés Mora"):
        page.get_by_label(name, exact=True).check()
    follow(page.get_by_role("button", name="Guardar asistencia"))
    page.get_by_label(f"Decisión para {folio}").select_option(outcome)
    if amount:
        page.get_by_label(f"Monto para {folio}").fill(amount)
    page.get_by_label(f"Fundamento para {folio}").fill(reason)
    follow(page.get_by_role("button", name="Registrar decisiones"))
    follow(page.get_by_role("button", name="Cerrar la sesión"))
    context.close()


def test_from_the_question_to_the_closing(  # noqa: PLR0915 (one person's whole path, step by step)
    browser, live_server, check, reference_data, make_user, tmp_path
):
    from panal.applications.models import Application

    abeja, crece, _ = _calls(make_user)
    _named(make_user, "evalua@panal.cl", "evaluator", "Alba", "Núñez")
    for email, first, last in (("pedro@gore.cl", "Pedro", "Araya"), ("ines@gore.cl", "Inés", "Mora")):
        _named(make_user, email, "committee_member", first, last)
    today = timezone.localdate().isoformat()
    scan = tmp_path / "documento.pdf"
    scan.write_bytes(real_pdf(600))  # uploads are parsed: a real one-page PDF

    _staff_publishes_the_bases(browser, live_server, check, abeja, scan)

    # She signs up from the home page and fills in her record.
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    check(page)
    follow(page.get_by_role("link", name="Crear cuenta"))
    page.get_by_label("Correo electrónico").fill("rosa@example.cl")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repita la contraseña").fill(PASSWORD)
    follow(page.get_by_role("button", name="Crear cuenta"))
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
    follow(page.get_by_role("button", name="Guardar"))

    # From the home page to the wizard.
    follow(page.locator("header").get_by_role("link", name="Panal"))
    follow(page.locator("main").get_by_role("link", name="¿A qué puedo postular?").first)
    check(page)

    # Crece is not for her: the start stops before any form, with the reason and what would change it.
    follow(page.get_by_role("link", name=crece.title))
    follow(page.get_by_role("link", name="Postular en línea"))
    main = page.locator("main").inner_text()
    assert "No puede postular a esta convocatoria" in main and "inicio de actividades" in main
    assert page.get_by_role("button", name="Comenzar mi postulación").count() == 0
    check(page)

    # She asks to be told when new calls open for her (consent, revocable).
    _menu(page, "¿A qué puedo postular?")
    follow(page.get_by_role("link", name="Avísame cuando abra una convocatoria para mí"))
    check(page)
    page.get_by_label("Acepto que Panal use los datos de mi ficha").check()
    follow(page.get_by_role("button", name="Avísenme"))
    assert "Dejar de recibir estos avisos" in page.locator("main").inner_text()

    # Her own firm: the page where she would register it, with its proving document.
    _menu(page, "Mis datos")
    follow(page.get_by_role("link", name="Registrar una empresa o cooperativa que represento"))
    check(page)

    # The bases of Capital Abeja and its questions, then back to the wizard: the call is open for her.
    _menu(page, "Instrumentos y convocatorias")
    follow(page.get_by_role("link", name=abeja.title).first)
    follow(page.get_by_role("link", name="Bases, anexos y consultas a las bases"))
    assert "Fondo para mujeres emprendedoras" in page.locator("main").inner_text()
    page.get_by_label("Su consulta").fill("¿Puedo comprar una olla usada?")
    follow(page.get_by_role("button", name="Enviar consulta"))
    assert "Recibimos su consulta" in page.locator("main").inner_text()
    check(page)
    _menu(page, "¿A qué puedo postular?")
    follow(page.get_by_role("link", name=f"Postular en línea a {abeja.title}"))
    follow(page.get_by_role("button", name="Comenzar mi postulación"))
    check(page)
    follow(page.get_by_role("button", name="Guardar y seguir"))
    page.get_by_label("Nombre del negocio o proyecto (obligatorio)").fill("Mermeladas del Secano")
    page.get_by_label("Rubro (obligatorio)").select_option("alimentos")
    page.get_by_label("Describa su negocio y qué quiere lograr con el apoyo (obligatorio)").fill(
        "Mermeladas artesanales."
    )
    page.get_by_label("¿Quiénes son sus clientes? (obligatorio)").fill("Turistas de Pichilemu.")
    page.get_by_label("Personas que trabajan en el negocio (incluida usted)").fill("2")
    follow(page.get_by_role("button", name="Guardar y seguir"))
    check(page)  # the budget step, at 390 px
    page.get_by_label("Categoría de la línea 1").select_option("gestion")
    page.get_by_label("Detalle de la línea 1").fill("Curso de marketing digital")
    page.get_by_label("Monto de la línea 1").fill("400.000")
    page.get_by_label("Categoría de la línea 2").select_option("inversion")
    page.get_by_label("Detalle de la línea 2").fill("Olla industrial")
    page.get_by_label("Monto de la línea 2").fill("3.100.000")
    follow(page.get_by_role("button", name="Guardar y seguir"))
    page.get_by_label("Cédula de identidad (ambos lados) (obligatorio)").set_input_files(str(scan))
    follow(page.get_by_role("button", name="Guardar y seguir"))
    page.wait_for_url("**/enviar/")
    main = page.locator("main").inner_text()
    assert "Mermeladas del Secano" in main and "Olla industrial" in main and "documento.pdf" in main
    check(page)
    page.get_by_label("Acepto las bases y firmo la declaración jurada").check()
    follow(page.get_by_role("button", name="Enviar postulación"))
    page.wait_for_url("**/postulaciones/*/")
    application = Application.objects.get(call=abeja)
    assert application.terms_version == 1 and application.folio in page.locator("h1").inner_text()
    context.close()

    # Sercotec answers her question, checks admissibility and assigns the evaluator.
    folio = application.folio
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    follow(page.locator("header").get_by_role("link", name="Mi trabajo"))
    follow(page.get_by_role("link", name="Bases y consultas a las bases sin responder"))
    follow(page.get_by_role("link", name=abeja.title))
    page.get_by_label(re.compile("^Respuesta a la consulta")).fill("Sí, con boleta o factura a su nombre.")
    follow(page.get_by_role("button", name="Publicar respuesta"))
    follow(page.locator("header").get_by_role("link", name="Mi trabajo"))
    follow(page.get_by_role("link", name="Postulaciones por revisar admisibilidad"))
    follow(page.get_by_role("link", name=folio))
    check(page)
    follow(page.get_by_role("button", name="Declarar admisible"))
    follow(page.get_by_role("button", name="Pasar a evaluación técnica"))
    page.get_by_label("Asignar evaluador/a").select_option("evalua@panal.cl")
    follow(page.get_by_role("button", name="Asignar", exact=True))
    context.close()

    # The evaluator declares no conflict and scores.
    context, page = _login(browser, live_server, "evalua@panal.cl")
    follow(page.locator("header").get_by_role("link", name="Mi trabajo"))
    follow(page.get_by_role("link", name=f"{folio} · {abeja.title}"))
    follow(page.get_by_role("button", name="Guardar declaración"))
    for label in ("Coherencia", "Conocimiento", "Pertinencia", "Impacto"):
        page.get_by_label(label).select_option("4")
    follow(page.get_by_role("button", name="Guardar evaluación"))
    assert "Puntaje ponderado" in page.locator("main").inner_text()
    context.close()

    # Sercotec closes the evaluation; the committee does not select her; Sercotec publishes the results.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Postulaciones recibidas")
    follow(page.get_by_role("link", name=folio))
    follow(page.get_by_role("button", name="Cerrar evaluación"))
    context.close()
    _committee_decides(browser, live_server, check, abeja, folio, "reject", "Puntaje bajo el corte.")
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Comités")
    follow(page.get_by_role("link", name=abeja.title))
    follow(page.get_by_role("button", name="Publicar resultados"))
    check(page)
    context.close()

    # She reads the decision and files a recurso de reposición with an attachment.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis postulaciones")
    follow(page.get_by_role("link", name=abeja.title))
    assert "No seleccionada" in page.locator("main").inner_text()
    check(page)
    page.get_by_label("Fundamentos del recurso").fill("El puntaje no consideró mis ventas en ferias.")
    page.get_by_label("Adjuntos").set_input_files(str(scan))
    follow(page.get_by_role("button", name="Presentar recurso de reposición"))
    assert "Recibimos su recurso" in page.locator("main").inner_text()
    context.close()

    # Sercotec accepts it from its queue: the decision goes back to the committee.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Recursos por resolver")
    check(page)
    follow(page.get_by_role("link", name=f"Recurso sobre {application.folio}"))
    check(page)
    page.get_by_label("Fundamentos de la resolución").fill("El puntaje omitió las ventas acreditadas.")
    follow(page.get_by_role("button", name="Acoger el recurso"))
    context.close()
    application.refresh_from_db()
    assert application.state == "evaluated"
    _committee_decides(browser, live_server, check, abeja, folio, "award", "Reevaluada tras el recurso.", "3.500.000")

    # She accepts the award and the convenio.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis postulaciones")
    follow(page.get_by_role("link", name=abeja.title))
    follow(page.get_by_role("button", name="Acepto la adjudicación"))
    follow(page.get_by_role("link", name="Ver mi proyecto"))
    check(page)
    page.get_by_label("Leí el convenio y acepto sus obligaciones.").check()
    follow(page.get_by_role("button", name="Aceptar el convenio"))
    convenio = page.get_by_role("link", name="Descargar convenio (PDF)")
    assert context.request.get(live_server.url + convenio.get_attribute("href")).body().startswith(b"%PDF")
    context.close()

    # Sercotec countersigns and transfers.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Proyectos y gastos")
    check(page)
    follow(page.locator("main").get_by_role("link", name=PROJECT_CODE).first)
    follow(page.get_by_role("button", name="Firmar el convenio por la institución"))
    page.get_by_text("Agregar un hito").click()
    page.get_by_label("Descripción del nuevo hito").fill("Compra e instalación de la olla")
    page.get_by_label("Fecha comprometida del nuevo hito").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    follow(page.get_by_role("button", name="Agregar hito"))
    assert "Hito agregado." in page.locator("main").inner_text()
    page.get_by_label("Monto a transferir (CLP)").fill("3.500.000")
    page.get_by_label("Fecha", exact=True).fill(today)
    page.get_by_label("Documento o referencia").fill("Transferencia 1")
    follow(page.get_by_role("button", name="Registrar desembolso"))
    check(page)
    context.close()

    # She sees the transfer and accounts for two expenses.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis proyectos")
    follow(page.get_by_role("link", name=abeja.instrument.name).first)
    main = page.locator("main").inner_text()
    assert "Transferencia 1" in main and "Compra e instalación de la olla" in main
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
        follow(page.get_by_role("button", name="Presentar gasto"))
        assert "Gasto presentado" in page.locator("main").inner_text()
    check(page)
    context.close()

    # Sercotec observes the invoice and approves the receipt.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Proyectos y gastos")
    follow(page.get_by_role("link", name="Factura 1001"))
    check(page)
    page.get_by_label("Nota para la beneficiaria").fill("La factura no muestra el detalle de la olla.")
    follow(page.get_by_role("button", name="Observar"))
    follow(page.get_by_role("link", name="Boleta 77"))
    follow(page.get_by_role("button", name="Aprobar"))
    context.close()

    # She answers the observation and delivers the final report.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis proyectos")
    follow(page.get_by_role("link", name=abeja.instrument.name).first)
    page.get_by_label("Responder la observación").fill(
        "Adjunto guía de despacho con el detalle; es la olla de 50 litros."
    )
    follow(page.get_by_role("button", name="Enviar respuesta"))
    page.get_by_label("Informe final: qué se logró").fill("Compramos la olla y duplicamos la producción.")
    follow(page.get_by_role("button", name="Entregar informe final"))
    check(page)
    context.close()

    # Sercotec approves the answered invoice and closes the project.
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    _menu(page, "Proyectos y gastos")
    follow(page.get_by_role("link", name="Factura 1001"))
    follow(page.get_by_role("button", name="Aprobar"))
    follow(page.locator("main").get_by_role("link", name=PROJECT_CODE).first)
    follow(page.get_by_role("button", name="Cerrar el proyecto"))
    context.close()

    # She sees her project closed, each line fully accounted for.
    context, page = _login(browser, live_server, "rosa@example.cl")
    _menu(page, "Mis proyectos")
    follow(page.get_by_role("link", name=abeja.instrument.name).first)
    main = page.locator("main").inner_text()
    assert "Proyecto cerrado" in main
    check(page)
    context.close()
