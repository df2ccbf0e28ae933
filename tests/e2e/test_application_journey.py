"""In a real browser: an applicant creates an account, fills in her data, asks the wizard what she can apply to,
follows "Postular en línea" to Capital Abeja Emprende (each step saved, a file uploaded, submitted, folio shown);
an evaluator declares no conflict and scores, the committee awards, and the applicant sees the award.
axe-core runs on every page of the journey."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.applications.conftest import real_pdf
from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"


def _login(browser, live_server, email):
    context = browser.new_context(locale="es-CL", timezone_id="America/Santiago")
    page = context.new_page()
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    follow(page.get_by_role("button", name="Ingresar"))
    return context, page


def _setup(make_user):
    from panal.applications.services import set_form
    from panal.applications.shipped_forms import FORMS
    from panal.catalog.services import create_call

    now = timezone.now()
    call = create_call(
        code="capital-abeja-emprende-e2e",
        instrument_code="capital-abeja-emprende",
        title="Capital Abeja Emprende O'Higgins",
        year=now.year,
        region_code="06",
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=5),
        funding_source="sercotec",
        budget_clp=35_000_000,
        places=10,
        subsidy_min_clp=3_500_000,
        subsidy_max_clp=3_500_000,
    )
    admin = make_user(email="jefa@panal.cl", role="administrator", password=PASSWORD)
    form = FORMS["capital-abeja-emprende"]
    set_form(call=call, actor=admin, folio_prefix="ABEJA", sections=form["sections"], rubric=form["rubric"])
    return call, admin


def test_apply_evaluate_award_journey(browser, live_server, assert_accessible, reference_data, make_user, tmp_path):
    from panal.applications import services
    from panal.applications.models import Application

    call, admin = _setup(make_user)
    analyst = make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)
    make_user(email="evalua@panal.cl", role="evaluator", password=PASSWORD)
    members = [make_user(email=f"cer{i}@gore.cl", role="committee_member", password=PASSWORD) for i in (1, 2)]

    # The applicant creates her account and fills in her data.
    context = browser.new_context(locale="es-CL", timezone_id="America/Santiago")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    follow(page.get_by_role("link", name="Crear cuenta"))
    assert_accessible(page)
    page.get_by_label("Correo electrónico").fill("rosa@example.cl")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repita la contraseña").fill(PASSWORD)
    follow(page.get_by_role("button", name="Crear cuenta"))
    page.wait_for_url("**/cuenta/crear/enviado/")  # the same answer whether or not the address has an account
    assert_accessible(page)
    from django.core import mail

    activation = next(m for m in mail.outbox if m.to == ["rosa@example.cl"])
    link = next(line.strip() for line in activation.body.splitlines() if "/cuenta/activar/" in line)
    page.goto(live_server.url + link[link.index("/cuenta/") :])
    page.wait_for_url("**/mis-datos/**")  # the next step after activating is her own record
    assert_accessible(page)
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
    assert page.locator("h1").inner_text() == "Mis datos"

    # The wizard, pre-filled from her data, finds the open call; she follows the link to apply.
    page.goto(f"{live_server.url}/a-que-puedo-postular/")  # her record answers every question
    assert "Puede postular ahora (1)" in page.locator("main").inner_text()
    assert_accessible(page)
    follow(page.get_by_role("link", name=f"Postular en línea a {call.title}"))
    page.wait_for_url(f"**/postulaciones/convocatoria/{call.code}/")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Comenzar mi postulación"))
    assert page.get_by_label("Correo electrónico (obligatorio)").input_value() == "rosa@example.cl"  # pre-filled
    assert_accessible(page)
    follow(page.get_by_role("button", name="Guardar y seguir"))
    page.get_by_label("Nombre del negocio o proyecto (obligatorio)").fill("Mermeladas del Secano")
    page.get_by_label("Rubro (obligatorio)").select_option("alimentos")
    page.get_by_label("Describa su negocio y qué quiere lograr con el apoyo (obligatorio)").fill(
        "Mermeladas artesanales de frutos del secano costero."
    )
    page.get_by_label("¿Quiénes son sus clientes? (obligatorio)").fill("Turistas y almacenes de Pichilemu.")
    page.get_by_label("Personas que trabajan en el negocio (incluida usted)").fill("muchas")
    follow(page.get_by_role("button", name="Guardar y seguir"))
    assert "debe ser un número entero" in page.locator("#q-jobs-error").inner_text()  # next to its field
    assert_accessible(page)
    page.get_by_label("Personas que trabajan en el negocio (incluida usted)").fill("2")
    follow(page.get_by_role("button", name="Guardar y seguir"))
    page.get_by_label("Categoría de la línea 1").select_option("gestion")
    page.get_by_label("Detalle de la línea 1").fill("Curso de marketing digital")
    page.get_by_label("Monto de la línea 1").fill("400.000")
    page.get_by_label("Categoría de la línea 2").select_option("inversion")
    page.get_by_label("Detalle de la línea 2").fill("Olla industrial y envasadora")
    page.get_by_label("Monto de la línea 2").fill("3.100.000")
    assert_accessible(page)
    follow(page.get_by_role("button", name="Guardar y seguir"))
    card = tmp_path / "cedula.pdf"
    card.write_bytes(real_pdf(600))  # uploads are parsed: a real one-page PDF
    page.get_by_label("Cédula de identidad (ambos lados) (obligatorio)").set_input_files(str(card))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Guardar y seguir"))
    page.wait_for_url("**/enviar/")
    assert "cumple los requisitos" in page.locator("main").inner_text()
    assert_accessible(page)
    follow(page.get_by_role("button", name="Enviar postulación"))
    page.wait_for_url("**/postulaciones/*/")
    folio = Application.objects.get(call=call).folio
    assert folio.startswith(f"ABEJA-06-{call.year}-") and folio in page.locator("h1").inner_text()
    assert_accessible(page)
    context.close()

    # Staff of Sercotec finds it, declares it admissible and assigns the evaluator.
    application = Application.objects.get(call=call)
    context, page = _login(browser, live_server, "analista@sercotec.cl")
    page.goto(f"{live_server.url}/postulaciones/gestion/")
    page.get_by_label("Estado").select_option("submitted")
    follow(page.get_by_role("button", name="Filtrar"))
    assert_accessible(page)
    follow(page.get_by_role("link", name=folio))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Declarar admisible"))
    follow(page.get_by_role("button", name="Pasar a evaluación técnica"))
    page.get_by_label("Asignar evaluador/a").select_option("evalua@panal.cl")
    follow(page.get_by_role("button", name="Asignar"))
    assert "evalua@panal.cl: sin declarar conflicto" in page.locator("main").inner_text()
    assert_accessible(page)
    context.close()

    # The evaluator declares no conflict of interest and scores.
    context, page = _login(browser, live_server, "evalua@panal.cl")
    page.goto(f"{live_server.url}/postulaciones/evaluacion/")
    assert_accessible(page)
    follow(page.get_by_role("link", name=folio))
    assert_accessible(page)
    follow(page.get_by_role("button", name="Guardar declaración"))
    for label, score in (("Coherencia", "6"), ("Conocimiento", "6"), ("Pertinencia", "7"), ("Impacto", "5")):
        page.get_by_label(label).select_option(score)
    assert_accessible(page)
    follow(page.get_by_role("button", name="Guardar evaluación"))
    assert "Puntaje ponderado" in page.locator("main").inner_text()
    context.close()
    services.review(application=application, actor=analyst, name="close_evaluation")
    session = services.create_session(call=call, actor=analyst, held_at=timezone.now(), quorum=2, members=members)

    # The committee records attendance and awards.
    context, page = _login(browser, live_server, "cer1@gore.cl")
    page.goto(f"{live_server.url}/postulaciones/comite/sesion/{session.pk}/")
    assert_accessible(page)
    for member in ("cer1@gore.cl", "cer2@gore.cl"):
        page.get_by_label(member).check()
    follow(page.get_by_role("button", name="Guardar asistencia"))
    page.get_by_label(f"Decisión para {folio}").select_option("award")
    page.get_by_label(f"Monto para {folio}").fill("3.500.000")
    page.get_by_label(f"Fundamento para {folio}").fill("Primer lugar del ranking regional.")
    follow(page.get_by_role("button", name="Registrar decisiones"))
    assert "Adjudicar por $3.500.000" in page.locator("main").inner_text()
    assert_accessible(page)
    context.close()

    # The applicant sees the award and its reason.
    context, page = _login(browser, live_server, "rosa@example.cl")
    page.goto(f"{live_server.url}/postulaciones/")
    assert_accessible(page)
    follow(page.get_by_role("link", name=call.title))
    main = page.locator("main").inner_text()
    assert "Adjudicada" in main and "$3.500.000" in main and "Primer lugar del ranking regional." in main
    assert_accessible(page)
    context.close()
