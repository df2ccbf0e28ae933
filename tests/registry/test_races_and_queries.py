"""Races for real (threads, separate connections) and bounded query counts."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from panal.core.errors import DomainError
from panal.registry import import_batches, selectors, services
from panal.registry.models import Enterprise, ImportBatch, Person


def run_concurrently(*functions):
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait()
            for attempt in range(100):
                try:
                    outcomes[index] = ("ok", function())
                    return
                except OperationalError as exc:
                    # SQLite's shared in-memory test database answers "locked" at once instead of waiting like the
                    # file database Panal runs on (busy timeout); waiting and retrying is what that timeout does.
                    if "locked" not in str(exc) or attempt == 99:
                        raise
                    time.sleep(0.02)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_the_same_import_write_it_once(reference_data, make_user):
    staff = make_user(email="staff@sercotec.cl", role="agency_staff", agency_code="sercotec")
    content = b"rut;nombres;apellidos\n12.345.678-5;Ana;Soto\n11.111.111-1;Juan;Rojas\n"
    batch = import_batches.upload_import(kind="people", filename="p.csv", content=content, actor=staff)
    outcomes = run_concurrently(
        lambda: import_batches.confirm_import(batch=batch, actor=staff),
        lambda: import_batches.confirm_import(batch=batch, actor=staff),
    )
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"], outcomes
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, DomainError) and "no se puede confirmar" in error.message
    assert Person.objects.count() == 2
    assert ImportBatch.objects.get().status == "imported"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_of_one_rut_create_one_person(reference_data):
    def register():
        return services.create_person(rut="12.345.678-5", first_names="Ana", last_names="Soto")

    outcomes = run_concurrently(register, register)
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, DomainError) and error.field == "rut"
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_iter_profiles_uses_a_fixed_number_of_queries(reference_data, django_assert_max_num_queries):
    rep = services.create_person(rut="12.345.678-5", first_names="Ana", last_names="Soto", sex="F")
    for i in range(30):
        services.create_person(rut=f"{20_000_000 + i}-{_dv(20_000_000 + i)}", first_names="P", last_names=str(i))
        services.create_enterprise(
            rut=f"{76_000_000 + i}-{_dv(76_000_000 + i)}",
            legal_name=f"Empresa {i}",
            legal_representative=rep,
            years=[{"year": 2023, "sales_uf": 100 + i}],
            cooperative={"cooperative_class": "campesina", "members_women": 3} if i % 3 == 0 else None,
        )
    with django_assert_max_num_queries(4):
        rows = list(selectors.iter_profiles())
    assert len(rows) == 61
    kinds = {kind for kind, _, _ in rows}
    assert kinds == {"persona", "empresa", "cooperativa"}
    firm = next(p for kind, _, p in rows if kind == "empresa")
    assert firm["sex"] == "F" and isinstance(firm["annual_sales_uf"], Decimal)


def _dv(body: int) -> str:
    from stdnum.cl import rut

    return rut.calc_check_digit(str(body))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sales", "size", "tramo"),
    [
        ("0", "micro", 1),
        ("2400", "micro", 4),
        ("2400.01", "pequena", 5),
        ("25000", "pequena", 7),
        ("25000.01", "mediana", 8),
        ("100000", "mediana", 9),
        ("100000.01", "grande", 10),
    ],
)
def test_size_and_sii_bracket_are_derived_from_the_latest_year_at_the_legal_limits(reference_data, sales, size, tramo):
    firm = services.create_enterprise(
        rut="76.123.456-0", legal_name="Empresa", years=[{"year": 2020, "sales_uf": "999999"}]
    )
    services.set_enterprise_year(enterprise=firm, year=2023, sales_uf=sales)
    firm = Enterprise.objects.get()
    assert (firm.size, firm.sii_tramo, firm.sales_year) == (size, tramo, 2023)
    assert selectors.eligibility_profile(enterprise=firm)["annual_sales_uf"] == Decimal(sales)
