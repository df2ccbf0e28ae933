"""Every desk page of the officials at 390 px: no horizontal scroll, no serious axe violation (wide tables scroll
inside a focusable region, `scrollable-region-focusable`): the desks of issue 11 (the door check-in list and the
organiser pages included), and the registry, figures, catalog and territory pages staff and committees use. One
browser, one context per account."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.applications.conftest import real_pdf
from tests.e2e.browser import follow
from tests.portfolio.conftest import builders, next_rut  # noqa: F401  (the portfolio builders)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "clave-segura-123"


def _phone_page(browser, live_server, email):
    context = browser.new_context(
        locale="es-CL", timezone_id="America/Santiago", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    follow(page.get_by_role("button", name="Ingresar"))
    return context, page


def test_desk_pages_fit_a_phone(browser, live_server, assert_accessible, reference_data, make_user):
    from panal.catalog.selectors import get_agency
    from panal.events.models import Activity, Edition
    from panal.territory.selectors import get_commune, get_region

    make_user(email="analista@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)
    make_user(email="evalua@panal.cl", role="evaluator", password=PASSWORD)
    make_user(email="cer@gore.cl", role="committee_member", password=PASSWORD)
    today = timezone.localdate()
    edition = Edition.objects.create(
        slug="telefono",
        year=today.year,
        region=get_region("06"),
        name="Semana de prueba en teléfono",
        motto="Lema",
        starts_on=today,
        ends_on=today + timedelta(days=4),
    )
    start = timezone.now() + timedelta(minutes=30)
    activity = Activity.objects.create(
        edition=edition,
        title="Taller de ventas por redes sociales para almacenes de barrio",
        type="taller",
        agency=get_agency("sercotec"),
        objective="ventas",
        audience="mipymes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Biblioteca Municipal de Rancagua",
        commune=get_commune("06101"),
    )
    pages = {
        "analista@sercotec.cl": [
            "/mi-trabajo/",
            "/postulaciones/gestion/",
            "/postulaciones/comite/",
            "/semana/gestion/",
            f"/semana/gestion/actividades/{activity.pk}/asistencia/",
        ],
        "evalua@panal.cl": ["/mi-trabajo/", "/postulaciones/evaluacion/"],
        "cer@gore.cl": ["/mi-trabajo/", "/postulaciones/comite/"],
    }
    _check_each(browser, live_server, assert_accessible, pages)


def _check_each(browser, live_server, assert_accessible, pages: dict[str, list[str]]) -> None:
    """Open every path as its account at 390 px: 200, axe-clean, and nothing wider than the screen (the message
    names the widest elements, to find the culprit)."""
    problems = []
    for email, paths in pages.items():
        context, page = _phone_page(browser, live_server, email)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            if response.status != 200:
                problems.append(f"{path} como {email}: {response.status}")
                continue
            try:
                assert_accessible(page)
            except AssertionError as exc:
                problems.append(f"{path} como {email}: {exc}")
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if wide > 0:
                culprit = page.evaluate(
                    "[...document.querySelectorAll('body *')]"
                    ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                    ".slice(-3).map(e => e.tagName + '.' + e.className).join(', ')"
                )
                problems.append(f"{path} como {email} se desplaza {wide}px a lo ancho: {culprit}")
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def registry_and_figures(builders, make_user):  # noqa: F811
    """A person, a cooperative with a representative and two funded projects, an identity collision, a
    representation claim and an import report: every registry, figures, catalog and territory page has rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from panal.portfolio import services as portfolio
    from panal.registry import import_batches
    from panal.registry import services as registry

    staff = make_user(email="registro@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)
    make_user(email="cdpr@gore.cl", role="committee_member", password=PASSWORD)
    call = builders.call()
    rosa = builders.person(first_names="Rosa Elena", last_names="Catrileo Muñoz de la Fuente")
    coop = builders.cooperative(name="Cooperativa Agrícola y Apícola de Pequeños Productores del Valle de Colchagua")
    registry.add_representation(person=rosa, enterprise=coop, role="representante_legal")
    project = builders.project(call, amount=4_000_000, person=rosa)
    portfolio.disburse(project=project, amount_clp=3_000_000, paid_on=date(2024, 7, 1))
    builders.project(call, amount=5_000_000, enterprise=coop)
    registry.declare_own_person(
        user=make_user(email="rosa.otra@example.cl"), rut=rosa.rut, first_names="Rosa", last_names="Catrileo"
    )
    claimant = make_user(email="socia@example.cl")
    registry.declare_own_person(user=claimant, rut=next_rut(), first_names="Marta", last_names="Lillo Henríquez")
    claim = registry.file_claim(
        actor=claimant,
        rut=next_rut(),
        legal_name="Comercializadora de Productos Campesinos Santa Cruz Limitada",
        legal_form="ltda",
        role="representante_legal",
        commune="06310",
        document=SimpleUploadedFile("poder.pdf", real_pdf(400), content_type="application/pdf"),
    )
    batch = import_batches.upload_import(
        kind="people",
        filename="personas-de-la-feria-de-emprendedoras-de-rancagua.csv",
        content=(
            "rut;nombres;apellidos;comuna\n12.345.678-5;Ana;Soto Pérez;PICHILEMU\n11.111.111-1;Juan;Rojas;Atlántida\n"
        ).encode("latin-1"),
        actor=staff,
    )
    return {"rosa": rosa, "coop": coop, "project": project, "call": call, "claim": claim, "batch": batch}


def test_registry_figures_catalog_and_territory_pages_fit_a_phone(
    browser, live_server, assert_accessible, registry_and_figures
):
    data = registry_and_figures
    rosa, coop, call = data["rosa"], data["coop"], data["call"]
    pages = {
        "registro@sercotec.cl": [
            "/registro/",
            "/registro/?q=Catrileo",
            f"/registro/personas/{rosa.pk}/",
            f"/registro/personas/{rosa.pk}/editar/",
            f"/registro/personas/{rosa.pk}/cuenta/",
            f"/registro/empresas/{coop.pk}/",
            f"/registro/empresas/{coop.pk}/editar/",
            f"/registro/empresas/{coop.pk}/cooperativa/",
            f"/registro/empresas/{coop.pk}/cifras/",
            f"/registro/empresas/{coop.pk}/vincular/",
            "/registro/identidades/",
            "/registro/representaciones/",
            f"/registro/representaciones/{data['claim'].pk}/",
            "/registro/importar/",
            f"/registro/importar/{data['batch'].pk}/",
            "/cifras/",
            "/cifras/proyectos/",
            f"/cifras/proyectos/{data['project'].code}/",
            "/cifras/cdpr/",
            "/cifras/contexto/",
            "/instrumentos/",
            f"/instrumentos/{call.instrument.code}/",
            f"/instrumentos/convocatorias/{call.code}/",
            "/territorio/",
            "/territorio/regiones/06/",
            "/territorio/comunas/06101/",
        ],
        "cdpr@gore.cl": ["/cifras/cdpr/"],
    }
    _check_each(browser, live_server, assert_accessible, pages)
