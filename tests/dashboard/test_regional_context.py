"""The region's own figures, quoted with who gave them and kept apart from what Panal computes (issue 16, item 10)."""

import html
import re


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_context_page_quotes_each_figure_with_its_attribution(client, reference_data):
    response = client.get("/cifras/contexto/")
    assert response.status_code == 200
    page = text(response)
    for figure in (
        "Más de $22.000 millones",
        "Cerca de 100 cooperativas",
        "$300 millones",
        "Más de 1.800 cooperativas",
    ):
        assert figure in page
    assert page.count("Según: Columna de la Seremi de Economía de O'Higgins, noviembre de 2024") == 4
    assert "https://www.radiopolar.com/cooperativas-asociatividad-siguen-alza" in response.content.decode()
    assert "Panal no las calcula ni las verifica" in page


def test_the_context_page_links_to_the_figures_panal_computes_and_is_linked_from_them(client, reference_data):
    html = client.get("/cifras/contexto/").content.decode()
    assert 'href="/cifras/"' in html
    page = text(client.get("/cifras/contexto/"))
    assert page.index("Cifras citadas") < page.index("Lo que Panal calcula desde sus registros")
    assert 'href="/cifras/contexto/"' in client.get("/cifras/").content.decode()


def test_the_2024_semana_links_to_its_regional_context(client, reference_data):
    from panal.events import demo

    demo.load_demo()
    html = client.get("/semana/?edicion=ohiggins-2024").content.decode()
    assert 'href="/cifras/contexto/"' in html
    assert "Las fechas y el lema de la edición 2024 son reales" in html
