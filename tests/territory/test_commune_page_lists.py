"""A commune's page lists what Panal has there: the calls open for its people, the projects awarded in it and the
activities still to come, each with a link; never a natural person's name; within a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.conftest import edition, make_activity  # noqa: F401  (the Semana's builders)
from tests.portfolio.conftest import builders  # noqa: F401  (the portfolio's builders)

COMMUNE = "06101"  # Rancagua


@pytest.fixture
def open_call(reference_data):
    from panal.catalog.services import create_call

    def make(code, *, focus_communes=(), opens_in_days=-1):
        now = timezone.now()
        return create_call(
            code=code,
            instrument_code="capital-abeja-emprende",
            title=f"Capital Abeja {code}",
            year=now.year,
            region_code="06",
            opens_at=now + timedelta(days=opens_in_days),
            closes_at=now + timedelta(days=opens_in_days + 30),
            funding_source="sercotec",
            focus_communes=focus_communes,
        )

    return make


@pytest.fixture
def commune_with_everything(open_call, builders, make_activity):  # noqa: F811
    call = open_call("abeja-rancagua", focus_communes=[COMMUNE])
    open_call("abeja-pichilemu", focus_communes=["06201"])  # open, but for another commune
    open_call("abeja-futura", opens_in_days=10)  # reaches the commune, but opens later
    person = builders.person(commune=COMMUNE, first_names="Rosaura Eleodora", last_names="Quintanilla Huerta")
    project = builders.project(builders.call(), person=person, amount=3_500_000, title="Panadería de barrio")
    activity = make_activity(title="Taller de ventas en Rancagua", commune=COMMUNE)
    make_activity(title="Feria en Pichilemu", commune="06201")
    return call, project, activity


def test_commune_page_lists_its_open_calls_projects_and_activities_with_links(client, commune_with_everything):
    call, project, activity = commune_with_everything
    html = client.get(f"/territorio/comunas/{COMMUNE}/").content.decode()

    assert "Convocatorias abiertas" in html and "Proyectos adjudicados" in html and "Próximas actividades" in html
    assert f'href="/instrumentos/convocatorias/{call.code}/"' in html and call.title in html
    assert f'href="/cifras/proyectos/{project.code}/"' in html and "Panadería de barrio" in html
    assert "$3.500.000" in html
    assert f'href="/semana/actividades/{activity.pk}/"' in html and "Taller de ventas en Rancagua" in html
    assert "abeja-pichilemu" not in html and "Feria en Pichilemu" not in html  # elsewhere
    assert "abeja-futura" not in html  # not open yet


def test_commune_page_never_shows_a_natural_persons_name(client, commune_with_everything):
    html = client.get(f"/territorio/comunas/{COMMUNE}/").content.decode()
    assert "Panadería de barrio" in html
    for name in ("Rosaura", "Eleodora", "Quintanilla", "Huerta"):
        assert name not in html


def test_a_commune_without_anything_says_so_in_spanish(client, reference_data):
    html = client.get("/territorio/comunas/13101/").content.decode()  # Santiago: no call of Panal's region reaches it
    assert "Hoy no hay convocatorias abiertas para quienes viven o trabajan en Santiago." in html
    assert "Aún no hay proyectos adjudicados registrados en Santiago." in html
    assert "No hay actividades próximas en Santiago." in html


def test_a_new_activity_shows_at_once_on_the_kept_commune_page(client, commune_with_everything, make_activity):  # noqa: F811
    client.get(f"/territorio/comunas/{COMMUNE}/")  # now kept for visitors
    make_activity(title="Charla recién publicada", commune=COMMUNE, day=1)
    assert "Charla recién publicada" in client.get(f"/territorio/comunas/{COMMUNE}/").content.decode()


def test_commune_page_stays_within_a_fixed_number_of_queries(
    client, commune_with_everything, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):  # the commune, then calls, projects (+ count), activities; the version
        assert client.get(f"/territorio/comunas/{COMMUNE}/").status_code == 200
    with django_assert_max_num_queries(1):  # kept for visitors: only the data version is read (one statement)
        assert client.get(f"/territorio/comunas/{COMMUNE}/").status_code == 200
