"""Every desk page of the officials at 390 px: no horizontal scroll, no serious axe violation (the door check-in
list and the organiser pages included)."""

from datetime import timedelta

import pytest
from django.utils import timezone

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
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()
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
    for email, paths in pages.items():
        context, page = _phone_page(browser, live_server, email)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, f"{path} como {email}: {response.status}"
            assert_accessible(page)
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} como {email} se desplaza {wide}px a lo ancho"
        context.close()
