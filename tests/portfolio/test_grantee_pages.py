"""The shared project page: the grantee and the agency's staff see it, anyone else gets 404; the convenio PDF;
each action through its form; the /mis-datos/ download carries the person's projects and expenses only."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse

from panal.core.models import AuditEntry
from panal.portfolio import services

from .test_grantee_project import LINES, SUPPLIER, expense, grant, scan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_grantee_and_staff_see_the_project_and_others_get_404(client, grant, make_user):  # noqa: F811
    project, user, staff = grant
    url = reverse("portfolio:project", args=[project.code])
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "Horno industrial" in page and "Firmado por ambas partes" in page and "Rendir un gasto" in page
    assert project.code in client.get(reverse("portfolio:mine")).content.decode()
    client.force_login(make_user(email="curiosa@example.cl"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("portfolio:convenio", args=[project.code])).status_code == 404
    client.force_login(make_user(email="corfo2@panal.cl", role="agency_staff", agency_code="corfo"))
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert "Registrar desembolso" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="portfolio.project.read", actor=staff).exists()


def test_convenio_pdf_names_the_parties_amount_and_lines(client, grant):  # noqa: F811
    from pypdf import PdfReader

    project, user, _ = grant
    client.force_login(user)
    response = client.get(reverse("portfolio:convenio", args=[project.code]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "$3.500.000" in text and "Horno industrial" in text and "Rosa Pérez" in text


def test_expense_through_the_form_and_review_through_the_staff_page(client, grant):  # noqa: F811
    project, user, staff = grant
    services.disburse(project=project, amount_clp=1_000_000, paid_on=date(2024, 7, 1))
    line = project.budget_lines.order_by("position").first()
    client.force_login(user)
    client.post(
        reverse("portfolio:grantee_action", args=[project.code]),
        {
            "action": "expense",
            "line": line.pk,
            "document_type": "factura",
            "document_number": "123",
            "issued_on": "2024-07-05",
            "supplier_rut": SUPPLIER,
            "amount_clp": "250.000",
            "file": scan(),
        },
    )
    item = project.expenses.get()
    assert item.amount_clp == 250_000 and item.supplier_rut == "76086428-5"
    client.force_login(staff)
    assert "123" in client.get(reverse("portfolio:expense_queue")).content.decode()
    client.post(reverse("portfolio:expense_review", args=[item.pk]), {"outcome": "approve"})
    item.refresh_from_db()
    assert item.state == "approved"


def test_my_data_download_has_my_projects_and_expenses_and_nothing_of_others(client, grant, builders, make_user):  # noqa: F811
    project, user, _ = grant
    expense(project, user, amount=10_000, number="9")
    other = builders.project(builders.call(), amount=1_000_000)
    client.force_login(user)
    data = json.loads(client.get(reverse("registry:my_data_download")).content)
    assert [p["codigo"] for p in data["proyectos"]] == [project.code]
    assert [x["numero"] for x in data["rendiciones_de_gastos"]] == ["9"]
    assert other.code not in json.dumps(data)
    assert "postulaciones" in data
