import re

import pytest


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_catalogue_lists_every_shipped_instrument(client, reference_data):
    response = client.get("/instrumentos/")
    assert response.status_code == 200
    page = text(response)
    assert "9 instrumentos" in page
    assert "Capital Abeja Emprende" in page and "Red Asociativa" in page


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("institucion=indespa", ["Capital Semilla Indespa"], ["Crece"]),
        ("objetivo=redes", ["Red Asociativa", "Creación de Cooperativas"], ["Capital Abeja"]),
        ("para=cooperativa", ["Fortalecimiento de Cooperativas", "Crece"], ["Capital Abeja"]),
        ("comuna=Rancagua", ["Capital Abeja"], ["Activa Inversión"]),
        ("comuna=Pichilemu", ["Activa Inversión"], []),
        ("abiertas=1", ["0 instrumentos"], ["Capital Abeja"]),
    ],
)
def test_the_catalogue_filters(client, reference_data, query, present, absent):
    page = text(client.get(f"/instrumentos/?{query}"))
    for name in present:
        assert name in page
    for name in absent:
        assert name not in page


def test_an_unknown_commune_in_the_filter_is_explained(client, reference_data):
    response = client.get("/instrumentos/?comuna=Gotham")
    assert response.status_code == 400
    assert "No encontramos la comuna «Gotham»" in text(response)


def test_the_nav_links_to_the_catalogue(client, reference_data):
    assert 'href="/instrumentos/"' in client.get("/").content.decode()


def test_the_instrument_page_shows_requirements_amounts_and_referential_figures(client, reference_data):
    page = text(client.get("/instrumentos/corfo-activa-inversion/"))
    assert "Hasta $15.000.000 referencial" in page
    assert "(cooperativas incluidas). referencial" in page
    assert "Regla de Desarrolla Inversión Productiva, Región de Tarapacá, convocatoria 2025." in page
    abeja = text(client.get("/instrumentos/capital-abeja-emprende/"))
    assert "$3.500.000" in abeja and "Tienes 18 años o más." in abeja
    assert "Cómo postular" in abeja


def test_the_call_page_shows_dates_in_chilean_format_focus_budget_and_funding(client, reference_data):
    page = text(client.get("/instrumentos/convocatorias/corfo-activa-inversion/"))
    assert "Provincia de Cardenal Caro" in page
    assert "$100.000.000" in page
    assert "FNDR" in page
    abeja = text(client.get("/instrumentos/convocatorias/capital-abeja-emprende/"))
    assert "11-06-2024 15:00 (hora de Chile) referencial" in abeja
    assert "Sercotec amplió después el plazo" in abeja
    assert "Cerrada" in abeja


def test_every_requirement_on_a_call_page_says_whether_it_was_verified_and_cites_a_source(client, reference_data):
    crece = text(client.get("/instrumentos/convocatorias/sercotec-crece/"))
    assert "Tienes inicio de actividades en primera categoría. Verificado en la fuente citada · fuente" in crece
    assert "Edades y antigüedad Se cuentan al 02-04-2024 (apertura de la convocatoria)" in crece
    assert "Puede tener un foco sectorial" in crece


def test_the_par_page_says_it_is_referential_and_shows_its_caps_by_sales(client, reference_data):
    par = text(client.get("/instrumentos/convocatorias/corfo-par/"))
    assert "Convocatoria referencial." in par and "Arica y Parinacota, 2021" in par
    assert "Ventas hasta 25.000 UF: hasta $3.000.000 y el 70% del proyecto" in par
    assert "Ventas hasta 100.000 UF: hasta $5.000.000 y el 50% del proyecto" in par
    assert "catastro oficial de empresas afectadas" in par


def test_no_instrument_or_call_page_shows_an_empty_list_of_sources(client, reference_data):
    import re

    from panal.catalog import demo, selectors

    demo.load_demo()  # the demonstration call too
    pages = [f"/instrumentos/{i.code}/" for i in selectors.instruments()]
    pages += [f"/instrumentos/convocatorias/{c.code}/" for c in selectors.calls()]
    for url in pages:
        html = client.get(url).content.decode()
        listed = re.search(r"<h2>Fuentes</h2>\s*<ul>(.*?)</ul>", html, re.S)
        assert listed and '<li><a href="https://' in listed.group(1), url


def test_unknown_instrument_and_call_are_404(client, reference_data):
    assert client.get("/instrumentos/no-existe/").status_code == 404
    assert client.get("/instrumentos/convocatorias/no-existe/").status_code == 404


def test_a_call_edited_or_added_shows_at_once_on_the_kept_catalogue(client, reference_data):
    from datetime import timedelta

    from django.utils import timezone

    from panal.catalog.models import Call
    from panal.catalog.services import create_call

    client.get("/instrumentos/")  # now kept for visitors
    call = Call.objects.order_by("id").first()
    call.title = "Convocatoria con un título recién corregido"
    call.save()
    assert "Convocatoria con un título recién corregido" in client.get("/instrumentos/").content.decode()
    now = timezone.now()
    create_call(
        code="abeja-nueva",
        instrument_code="capital-abeja-emprende",
        title="Convocatoria recién publicada",
        year=now.year,
        region_code="06",
        opens_at=now,
        closes_at=now + timedelta(days=30),
        funding_source="sercotec",
    )
    assert "Convocatoria recién publicada" in client.get("/instrumentos/").content.decode()
