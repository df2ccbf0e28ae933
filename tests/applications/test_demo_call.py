from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from panal.applications.models import ApplicationForm
from panal.catalog.models import Call

pytestmark = pytest.mark.usefixtures("reference_data")


def test_demo_adds_one_labelled_open_call_with_a_form_and_a_second_run_changes_nothing(client):
    from panal.applications.demo import load_demo as load_form
    from panal.catalog.demo import load_demo as load_call

    load_call()
    load_form()
    call = Call.objects.get(code="capital-abeja-emprende-demo")
    assert "DEMOSTRACIÓN" in call.title
    assert call.closes_at == datetime(2027, 6, 30, 15, 0, tzinfo=ZoneInfo("America/Santiago"))
    assert ApplicationForm.objects.get(call=call).folio_prefix == "DEMO"
    load_call()
    load_form()
    assert Call.objects.filter(code__endswith="-demo").count() == 1
    assert ApplicationForm.objects.filter(call=call).count() == 1


def test_an_open_call_page_links_to_applying_online(client):
    from panal.applications.demo import load_demo as load_form
    from panal.catalog.demo import load_demo as load_call

    load_call()
    load_form()
    while_open = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("America/Santiago"))
    with mock.patch("django.utils.timezone.now", return_value=while_open):
        html = client.get("/instrumentos/convocatorias/capital-abeja-emprende-demo/").content.decode()
        closed = client.get("/instrumentos/convocatorias/capital-abeja-emprende/").content.decode()
    assert "/postulaciones/convocatoria/capital-abeja-emprende-demo/" in html
    assert "Postular en línea" not in closed


def test_demo_call_ships_illustrative_bases_a_declaration_and_a_question_period(settings, tmp_path):
    import io

    from pypdf import PdfReader

    from panal.applications import selectors
    from panal.applications.demo import load_demo as load_form
    from panal.catalog.demo import load_demo as load_call

    settings.MEDIA_ROOT = tmp_path
    load_call()
    load_form()
    call = Call.objects.get(code="capital-abeja-emprende-demo")
    assert selectors.current_terms(call).version == 1
    opens, closes = selectors.question_period(call)
    assert opens < closes
    (document,) = selectors.call_documents(call)
    assert document.illustrative
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document.file.read())).pages)
    assert "ILUSTRATIVAS" in text and "DEMOSTRACIÓN" in text
    assert "ya estaba" in load_form()


def test_demo_has_a_closed_labelled_call_with_published_results_linked_from_its_page(client):
    from panal.applications.demo import load_demo as load_form
    from panal.applications.demo_results import CLOSED_DEMO_CODE
    from panal.catalog.demo import load_demo as load_call

    load_call()
    load_form()
    load_form()
    call = Call.objects.get(code=CLOSED_DEMO_CODE)
    assert "DEMOSTRACIÓN" in call.title and "ficticia" in call.title
    page = client.get(f"/instrumentos/convocatorias/{CLOSED_DEMO_CODE}/").content.decode()
    assert f"/postulaciones/resultados/{CLOSED_DEMO_CODE}/" in page
    results = client.get(f"/postulaciones/resultados/{CLOSED_DEMO_CODE}/").content.decode()
    assert results.count("Adjudicar") == 2 and "Lista de espera" in results and "No seleccionar" in results
    assert "Fuentes Díaz" not in results and "Camila" not in results  # natural persons by folio only
