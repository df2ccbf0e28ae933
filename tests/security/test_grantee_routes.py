"""Attacks on the grantee's routes: another person's project, expense, recurso or claim by id; huge or malformed
numbers; NUL bytes; the same request twice. Each answers without leaking or changing anything."""

from datetime import date

import pytest
from django.urls import reverse

from panal.portfolio.models import Expense

from ..portfolio.conftest import builders  # noqa: F401
from ..portfolio.test_grantee_project import SUPPLIER, expense, grant, scan  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_another_persons_project_expense_and_convenio_are_404(client, grant, make_user):  # noqa: F811
    project, user, _ = grant
    item = expense(project, user, amount=10_000)
    client.force_login(make_user(email="atacante@example.cl"))
    for url in (
        reverse("portfolio:project", args=[project.code]),
        reverse("portfolio:convenio", args=[project.code]),
        reverse("portfolio:expense_file", args=[project.code, item.pk]),
        reverse("portfolio:expense_review", args=[item.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("portfolio:grantee_action", args=[project.code]), {"action": "accept"})
    assert response.status_code == 404


def test_an_expense_id_of_another_project_is_not_reachable_through_mine(client, grant, builders, make_user):  # noqa: F811
    project, user, _ = grant
    mine = expense(project, user, amount=10_000)
    client.force_login(user)
    # the right project, an id that is not in it
    assert client.get(reverse("portfolio:expense_file", args=[project.code, mine.pk + 999])).status_code == 404
    response = client.post(
        reverse("portfolio:grantee_action", args=[project.code]),
        {"action": "answer", "expense": str(mine.pk + 999), "answer": "x"},
    )
    assert response.status_code == 302 and Expense.objects.get(pk=mine.pk).answer == ""


@pytest.mark.parametrize("amount", ["9" * 40, "1e9", "-1", "0", "\x00", "３"])
def test_huge_or_odd_amounts_change_nothing(client, grant, amount):  # noqa: F811
    project, user, _ = grant
    client.force_login(user)
    line = project.budget_lines.first()
    client.post(
        reverse("portfolio:grantee_action", args=[project.code]),
        {
            "action": "expense",
            "line": line.pk,
            "document_type": "factura",
            "document_number": "5",
            "issued_on": "2024-07-01",
            "supplier_rut": SUPPLIER,
            "amount_clp": amount,
            "file": scan(),
        },
    )
    assert not Expense.objects.filter(project=project).exists()


def test_the_same_disbursement_twice_is_one(client, grant):  # noqa: F811
    project, _, staff = grant
    client.force_login(staff)
    data = {"action": "disburse", "amount_clp": "100.000", "paid_on": "2024-07-01", "idempotency_key": "k-1"}
    for _ in range(2):
        client.post(reverse("portfolio:staff_action", args=[project.code]), data)
    project.refresh_from_db()
    assert project.disbursed_clp == 100_000


def test_the_grantee_cannot_act_as_staff_on_her_own_project(client, grant):  # noqa: F811
    project, user, _ = grant
    client.force_login(user)
    client.post(
        reverse("portfolio:staff_action", args=[project.code]),
        {"action": "disburse", "amount_clp": "100000", "paid_on": date(2024, 7, 1).isoformat()},
    )
    project.refresh_from_db()
    assert project.disbursed_clp == 0
