"""The officials' chain in a real browser, at a phone's width (390 px), as separate people who start at the login
page and click only what is on screen (no typed URL, no service call once the journey starts): staff check
admissibility requirement by requirement and ask to fix the ID (the applicant replaces it), two evaluators score
(one declares a conflict with the other applicant), diverging scores call a third evaluator whom staff assign and
who scores, staff close the evaluations and convene the committee, one member abstains and the other decides and
closes the session, the acta PDF is read back, results are published and the applicant sees hers. axe-core and a
no-horizontal-scroll check run on the pages on the way."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.applications.conftest import (  # noqa: F401  (fixtures)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
    real_pdf,
)
from tests.e2e.browser import follow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"
PHONE = {"width": 390, "height": 844}
CRITERIA = ("Coherencia", "Conocimiento", "Pertinencia", "Impacto")
REQUIREMENTS = ("cedula", "domicilio", "cotizacion")


@pytest.fixture
def check(assert_accessible):
    def run(page):
        assert_accessible(page)  # waits for the page's load itself
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        culprit = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
            ".slice(-3).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')"
        )
        assert wide <= 0, f"{page.url} se desplaza {wide}px a lo ancho en 390 px: {culprit}"

    return run


class Desk:
    """One person at their own browser: logs in from the login page, then only clicks and types."""

    def __init__(self, browser, live_server, user):
        self.context = browser.new_context(locale="es-CL", timezone_id="America/Santiago", viewport=PHONE)
        self.page = self.context.new_page()
        self.page.goto(f"{live_server.url}/cuenta/ingresar/")  # the only address anyone types
        self.page.fill("input[name=username]", user.email)
        self.page.fill("input[name=password]", PASSWORD)
        follow(self.page.get_by_role("button", name="Ingresar"))

    def __enter__(self):
        return self.page

    def __exit__(self, *exc):
        self.context.close()


def _click(page, name, *, role="link", exact=False):
    follow(page.get_by_role(role, name=name, exact=exact).first)


def _from_my_work(page, queue, item=None):
    """Header → «Mi trabajo» → a queue (→ an item of it)."""
    _click(page, "Mi trabajo", exact=True)
    _click(page, queue)
    if item:
        _click(page, item, exact=True)


def _main(page) -> str:
    return page.locator("main").inner_text()


def _mailed(user, subject_starts) -> bool:
    return any(m.to == [user.email] and m.subject.startswith(subject_starts) for m in mail.outbox)


def _assign(page, *evaluators):
    for evaluator in evaluators:
        page.get_by_label("Asignar evaluador/a").select_option(evaluator.email)
        _click(page, "Asignar", role="button", exact=True)
        assert "Listo: quedó registrado." in _main(page)


def _score(page, note):
    for label in CRITERIA:
        page.get_by_label(label).select_option(str(note))
    _click(page, "Guardar evaluación", role="button")
    assert "Puntaje ponderado" in _main(page)


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
    from panal.applications.selectors import initials

    # Before the journey: accounts, a call and two submitted applications.
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
    folio, marta_folio = rosa_app.folio, marta_app.folio

    # Staff: Marta meets every requirement and goes to Alba and Bruno; Rosa's ID is fixable.
    with Desk(browser, live_server, staff) as page:
        _click(page, "Mi trabajo", exact=True)
        check(page)
        _click(page, "Postulaciones por revisar admisibilidad")
        check(page)
        _click(page, marta_folio, exact=True)
        for key in REQUIREMENTS:
            page.locator(f"input[name=verdict-{key}][value=meets]").check()
        _click(page, "Guardar revisión de requisitos", role="button")
        _click(page, "Declarar admisible", role="button")
        _click(page, "Pasar a evaluación técnica", role="button")
        _assign(page, alba, bruno)
        _from_my_work(page, "Postulaciones por revisar admisibilidad", folio)
        check(page)
        page.locator("input[name=verdict-cedula][value=fixable]").check()
        note = page.get_by_label("Observación (obligatoria si no cumple o es subsanable)").first
        note.fill("La cédula está vencida.")
        for key in ("domicilio", "cotizacion"):
            page.locator(f"input[name=verdict-{key}][value=meets]").check()
        _click(page, "Guardar revisión de requisitos", role="button")
        _click(page, "Pedir subsanar", role="button")
        assert "Plazo para subsanar hasta el" in _main(page)
        check(page)

    # The applicant replaces her ID within the window.
    with Desk(browser, live_server, rosa) as page:
        _click(page, "Mis postulaciones")
        _click(page, call.title, exact=True)
        check(page)
        assert "La cédula está vencida." in _main(page)
        new_id = tmp_path / "cedula-vigente.pdf"
        new_id.write_bytes(real_pdf(700))  # uploads are parsed: a real one-page PDF
        page.get_by_label("Nuevo archivo: Cédula de identidad (ambos lados)").set_input_files(str(new_id))
        _click(page, "Enviar la corrección", role="button")
        assert "Enviamos su corrección" in _main(page)
        check(page)

    # Staff: the ID now meets; admissible, to evaluation, the same two evaluators chosen from the list.
    with Desk(browser, live_server, staff) as page:
        _from_my_work(page, "Postulaciones por revisar admisibilidad", folio)
        page.locator("input[name=verdict-cedula][value=meets]").check()
        _click(page, "Guardar revisión de requisitos", role="button")
        _click(page, "Declarar admisible", role="button")
        _click(page, "Pasar a evaluación técnica", role="button")
        _assign(page, alba, bruno)
        check(page)

    # Bruno declares a conflict with Marta (by initials and commune), none with Rosa, and scores low.
    with Desk(browser, live_server, bruno) as page:
        _click(page, "Mi trabajo", exact=True)
        check(page)
        _click(page, f"{folio} · {call.title}", exact=True)
        check(page)
        page.get_by_label(f"Persona natural {initials(marta_app.person)}, Rancagua (folio {marta_folio})").check()
        page.get_by_label("Si marcó a alguien, describa el conflicto").fill("Es mi vecina y socia.")
        _click(page, "Guardar declaración", role="button")
        check(page)
        _score(page, 3)
        _click(page, "Mi trabajo", exact=True)
        assert marta_folio not in _main(page)  # out of his queue by his own declaration

    # Alba declares no conflict and scores Rosa high (the two totals diverge), then Marta.
    with Desk(browser, live_server, alba) as page:
        _from_my_work(page, f"{folio} · {call.title}")
        _click(page, "Guardar declaración", role="button")
        assert "Pauta ilustrativa" in _main(page)
        _score(page, 7)
        check(page)
        _from_my_work(page, f"{marta_folio} · {call.title}")
        _score(page, 5)

    # Staff see the third-evaluator flag on Rosa's application and assign Carla from the list.
    with Desk(browser, live_server, staff) as page:
        _from_my_work(page, "Postulaciones que esperan evaluadores", folio)
        assert "asigne un tercer evaluador" in _main(page)
        _assign(page, carla)
        check(page)
    assert _mailed(carla, f"Se le asignó la evaluación de {folio}")

    # Carla, the third evaluator, finds it in her queue, declares and scores.
    with Desk(browser, live_server, carla) as page:
        _from_my_work(page, f"{folio} · {call.title}")
        check(page)
        _click(page, "Guardar declaración", role="button")
        _score(page, 5)

    # Staff close both evaluations from their queue and convene the committee with two members.
    with Desk(browser, live_server, staff) as page:
        _click(page, "Mi trabajo", exact=True)
        _click(page, "Evaluaciones completas por cerrar")
        assert folio in _main(page) and marta_folio in _main(page)
        for number in (folio, marta_folio):
            _from_my_work(page, "Evaluaciones completas por cerrar", number)
            assert "asigne un tercer evaluador" not in _main(page)
            _click(page, "Cerrar evaluación", role="button")
            assert "Listo: quedó registrado." in _main(page)
        assert set(Application.objects.filter(call=call).values_list("state", flat=True)) == {"evaluated"}
        _from_my_work(page, "Convocatorias con sesión de comité por convocar")
        check(page)
        _click(page, call.title, exact=True)
        page.get_by_label("Fecha y hora").fill((timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT10:00"))
        page.get_by_label("Lugar", exact=True).fill("Sala del Consejo Regional, Rancagua")
        for member, role in ((pedro, "president"), (ines, "secretary")):
            page.get_by_label(member.get_full_name(), exact=True).check()
            page.get_by_label(f"Rol de {member.get_full_name()}").select_option(role)
            page.get_by_label(f"Institución de {member.get_full_name()}").fill("Gobierno Regional de O'Higgins")
        page.get_by_label("Quórum (integrantes presentes necesarios)").fill("1")
        check(page)
        _click(page, "Convocar sesión", role="button")
        assert "enviamos la citación" in _main(page)
    assert _mailed(pedro, "Citación: Comité de Evaluación Regional") and _mailed(ines, "Citación:")

    session_link = f"Comité de Evaluación Regional (CER) · {call.title}"
    # Pedro: attendance, abstains on Marta, awards Rosa (a wrong amount is explained first).
    with Desk(browser, live_server, pedro) as page:
        _click(page, "Mi trabajo", exact=True)
        check(page)
        _click(page, session_link, exact=True)
        check(page)
        for member in (pedro, ines):
            page.get_by_label(member.get_full_name(), exact=True).check()
        _click(page, "Guardar asistencia", role="button")
        page.get_by_label("Postulación", exact=True).select_option(str(marta_app.pk))
        page.get_by_label("Motivo (conflicto de interés)").fill("Es mi sobrina.")
        _click(page, "Registrar abstención", role="button")
        page.get_by_label(f"Decisión para {folio}").select_option("award")
        page.get_by_label(f"Monto para {folio}").fill("3.000.000")
        page.get_by_label(f"Fundamento para {folio}").fill("Primer lugar del ranking.")
        _click(page, "Registrar decisiones", role="button")
        assert "El monto de esta convocatoria es $3.500.000." in _main(page)
        page.get_by_label(f"Monto para {folio}").fill("3.500.000")
        page.get_by_label(f"Decisión para {folio}").select_option("award")
        page.get_by_label(f"Fundamento para {folio}").fill("Primer lugar del ranking.")
        _click(page, "Registrar decisiones", role="button")
        assert "Adjudicar por $3.500.000" in _main(page)

    # Inés decides on Marta (Pedro abstained), closes the session and reads the acta.
    with Desk(browser, live_server, ines) as page:
        _click(page, "Mi trabajo", exact=True)
        _click(page, session_link, exact=True)
        assert "Pedro Araya se abstiene en" in _main(page)
        page.get_by_label(f"Decisión para {marta_folio}").select_option("waitlist")
        page.get_by_label(f"Fundamento para {marta_folio}").fill("Segundo lugar.")
        _click(page, "Registrar decisiones", role="button")
        assert f"{marta_folio}: Lista de espera" in _main(page)
        _click(page, "Cerrar la sesión", role="button")
        check(page)
        with page.expect_response(lambda r: r.url.endswith("/acta.pdf")) as acta:
            page.get_by_role("link", name="Acta (PDF)").first.click()  # opens in the browser's PDF viewer
        assert acta.value.status == 200 and acta.value.headers["content-type"] == "application/pdf"
        # The viewer keeps the bytes to itself: read the same (closed, hence immutable) acta with Inés's session.
        pdf = PdfReader(io.BytesIO(page.context.request.get(acta.value.url).body()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for expected in (
        "Pedro Araya",
        "Presidente/a",
        "Inés Mora",
        "Secretario/a",
        "Presentes: 2",
        folio,
        "$3.500.000",
        "Primer lugar del ranking.",
        marta_folio,
        "Segundo lugar.",
        "Pedro Araya se abstiene: Es mi sobrina.",
        "Huella SHA-256",
    ):
        assert expected in text, expected

    # Staff publish the results from their queue.
    with Desk(browser, live_server, staff) as page:
        _from_my_work(page, "Convocatorias con resultados por publicar")
        _click(page, call.title, exact=True)
        _click(page, "Publicar resultados", role="button")
        check(page)
        main = _main(page)
        assert folio in main and marta_folio in main and "Rosa" not in main
    assert _mailed(rosa, f"Resultados de «{call.title}»: su postulación {folio}")

    # The applicant sees her result, and from it the published results with the reconsideration dates.
    with Desk(browser, live_server, rosa) as page:
        _click(page, "Mis postulaciones")
        _click(page, call.title, exact=True)
        main = _main(page)
        assert "Adjudicada" in main and "$3.500.000" in main and "Primer lugar del ranking." in main
        check(page)
        _click(page, "Ver los resultados publicados de la convocatoria")
        assert "El plazo para pedir reconsideración" in _main(page)
        check(page)


def _named(make_user, email, role, first, last, **kw):
    user = make_user(email=email, role=role, password=PASSWORD, **kw)
    user.first_name, user.last_name = first, last
    user.save()
    return user
